/**
 * Running a job's command in a worker: the command's own module (src/cli/commands), with its FILE operand read
 * from the job's text, progress sent to the job instead of a bar, and the job's cancellation as the Ctrl-C
 * signal (the library returns its best so far, stopped: "aborted").
 */
import type { CommandResult, RunContext } from '../cli/args.ts';
import { givenInputs } from '../cli/input.ts';
import { Progress, type ProgressUpdate } from '../cli/progress.ts';
import type { RunData } from './job.ts';
import { loadKind } from './kinds.ts';

export interface JobControl {
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
  /** The progress the local command would show, for the submitter's bar. */
  onProgress(p: ProgressUpdate): void;
}

/** A Progress that forwards its updates (the command's status line included) instead of drawing them. */
class ForwardedProgress extends Progress {
  constructor(private readonly send: (p: ProgressUpdate) => void) {
    super('', false);
  }

  override update(p: ProgressUpdate): void {
    this.send(p);
  }
}

export async function runCommand(data: RunData, control: JobControl): Promise<CommandResult> {
  const module = await loadKind(data.kind);
  const context: RunContext = { progress: () => new ForwardedProgress(control.onProgress), interruptSignal: () => control.signal };
  return givenInputs.run(new Map([[data.file, data.text]]), () => module.run([data.file], data.flags, context));
}
