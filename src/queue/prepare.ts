/**
 * A job as data, validated before anything is queued: the command's flags by its own declarations, and its input
 * by the same library checks and named errors as the local command (a worker would reject it the same way, but
 * only after the submitter had left). Most kinds are checked by a dry run of the command itself with its cancel
 * signal already aborted: the library validates the input and every option, then returns at once.
 */
import { readTextFile } from '../data/readText.ts';
import { rangeError } from '../errors.ts';
import { timeFlag } from '../cli/args.ts';
import { parseModel } from '../energies/modelFile.ts';
import { kindFlags, type GivenFlags } from './flags.ts';
import type { RunData } from './job.ts';
import { FILE_FLAGS, isJobKind, loadKind } from './kinds.ts';
import { runCommand, runWith } from './run.ts';

/**
 * Samples of a sampling dry run: the rows are allocated before the native loop sees the abort, so a dry run of a
 * large --samples would allocate them all. The one check this leaves to the worker is samples * n against the
 * sample memory limit.
 */
const DRY_RUN_SAMPLES = 1024;

/** Train's TASK operand. */
const TASKS = ['multilabel', 'ranking'];

/**
 * The job of `ebm KIND FILE flags`. Files that flags name (train's --train ...) are read here, from `files`
 * (text by flag name) or else from this machine's disk, with the local command's messages.
 */
export async function prepareJob(kind: string, file: string, text: string, given: GivenFlags, files: Readonly<Record<string, string>> = {}): Promise<RunData> {
  const module = await loadKind(kind);
  if (!isJobKind(kind)) throw new Error('unreachable: loadKind accepted an unknown kind');
  const flags = kindFlags(kind, module.flags, given);
  const fileFlags = FILE_FLAGS[kind];
  if (fileFlags === undefined) {
    const data: RunData = { kind, file, text, flags };
    await validate(data);
    return data;
  }
  if (!TASKS.includes(file)) throw rangeError(`Expected ${TASKS.join(' or ')} for the TASK of a ${kind} job but received ${JSON.stringify(file)}`);
  const texts: Record<string, string> = {};
  for (const [flag, what] of Object.entries(fileFlags)) {
    const path = flags[flag];
    if (typeof path === 'string') texts[flag] = files[flag] ?? readTextFile(path, what);
  }
  const data: RunData = { kind, file, text: '', flags, files: texts };
  await dryRunToFirstBar(data);
  return data;
}

/** Thrown by a dry run's progress bar: the command has read its files and checked its flags. */
class ReachedWork extends Error {}

/**
 * Training cannot be stopped, so its dry run ends where it would start its first progress bar: after reading
 * every file and checking every flag (the training options themselves are checked by the worker's run).
 */
async function dryRunToFirstBar(data: RunData): Promise<void> {
  const context = {
    progress: () => {
      throw new ReachedWork();
    },
    interruptSignal: () => AbortSignal.abort(),
  };
  try {
    await runWith(data, context);
  } catch (error) {
    if (!(error instanceof ReachedWork)) throw error;
  }
}

async function validate(data: RunData): Promise<void> {
  // Exact enumeration stopped has no answer (it rejects with an AbortError): check its flag and model, run nothing.
  if (data.kind === 'logz' && data.flags.method === 'exact') {
    timeFlag(data.flags);
    parseModel(data.text, data.file);
    return;
  }
  const samples = data.flags.samples;
  const flags = data.kind === 'sample' && typeof samples === 'number' && samples > DRY_RUN_SAMPLES ? { ...data.flags, samples: DRY_RUN_SAMPLES } : data.flags;
  await runCommand({ ...data, flags }, { signal: AbortSignal.abort(), onProgress: () => {} });
}
