/**
 * A job as data, validated before anything is queued: the command's flags by its own declarations, and its input
 * by the same library checks and named errors as the local command (a worker would reject it the same way, but
 * only after the submitter had left). Most kinds are checked by a dry run of the command itself with its cancel
 * signal already aborted: the library validates the input and every option, then returns at once.
 */
import { parseCostMatrix } from '../cli/commands/lap.ts';
import { parseModel } from '../energies/modelFile.ts';
import { squareCostMatrix } from '../solve/assign.ts';
import { kindFlags, type GivenFlags } from './flags.ts';
import type { RunData } from './job.ts';
import { isJobKind, loadKind } from './kinds.ts';
import { runCommand } from './run.ts';

/**
 * Samples of a sampling dry run: the rows are allocated before the native loop sees the abort, so a dry run of a
 * large --samples would allocate them all. The one check this leaves to the worker is samples * n against the
 * sample memory limit.
 */
const DRY_RUN_SAMPLES = 1024;

export async function prepareJob(kind: string, file: string, text: string, given: GivenFlags): Promise<RunData> {
  const module = await loadKind(kind);
  if (!isJobKind(kind)) throw new Error('unreachable: loadKind accepted an unknown kind');
  const data: RunData = { kind, file, text, flags: kindFlags(kind, module.flags, given) };
  await validate(data);
  return data;
}

async function validate(data: RunData): Promise<void> {
  // Neither LAP nor exact enumeration can stop early: parse and check the shape, run nothing.
  if (data.kind === 'lap') {
    squareCostMatrix(parseCostMatrix(data.text, data.file));
    return;
  }
  if (data.kind === 'logz' && data.flags.method === 'exact') {
    parseModel(data.text, data.file);
    return;
  }
  const samples = data.flags.samples;
  const flags = data.kind === 'sample' && typeof samples === 'number' && samples > DRY_RUN_SAMPLES ? { ...data.flags, samples: DRY_RUN_SAMPLES } : data.flags;
  await runCommand({ ...data, flags }, { signal: AbortSignal.abort(), onProgress: () => {} });
}
