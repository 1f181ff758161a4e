/**
 * Running a job's command in a worker: the command's own module (src/cli/commands), with its FILE operand read
 * from the job's text, progress sent to the job instead of a bar, and the job's cancellation as the Ctrl-C
 * signal (the library returns its best so far, stopped: "aborted"). Files that flags name (train's data) are
 * written to a temporary folder for the run, under their own base names, which is all the command's output
 * and messages show of them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CommandModule, CommandResult, Flags, RunContext } from '../cli/args.ts';
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
  const context: RunContext = { progress: () => new ForwardedProgress(control.onProgress), interruptSignal: () => control.signal };
  return runWith(data, context);
}

/** The command of `data` run with `context`, its FILE operand and flag-named files given from the job. */
export async function runWith(data: RunData, context: RunContext): Promise<CommandResult> {
  const module: CommandModule = await loadKind(data.kind);
  return withFiles(data, (flags) => givenInputs.run(new Map([[data.file, data.text]]), () => module.run([data.file], flags, context)));
}

/** `run(flags)` with each flag-named file written to a temporary folder and its flag pointing there. */
async function withFiles<T>(data: RunData, run: (flags: Flags) => Promise<T>): Promise<T> {
  const files = Object.entries(data.files ?? {});
  if (files.length === 0) return run(data.flags);
  const dir = mkdtempSync(join(tmpdir(), 'ebm-job-'));
  try {
    const flags: Record<string, unknown> = { ...data.flags };
    for (const [flag, text] of files) {
      // One folder per flag: --train a/x.arff and --test b/x.arff keep their names without colliding.
      mkdirSync(join(dir, flag));
      const path = join(dir, flag, basename(String(data.flags[flag])));
      writeFileSync(path, text);
      flags[flag] = path;
    }
    return await run(flags as Flags);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
