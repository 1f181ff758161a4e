/**
 * The kinds of job. Each is one `ebm` command, run on the worker by the command's own module (src/cli/commands),
 * so a job parses its input, validates, and prints exactly as the local command does.
 */
import type { CommandModule } from '../cli/args.ts';
import { rangeError } from '../errors.ts';

/** The `ebm` commands a job can be. */
export type JobKind = 'lap' | 'qap' | 'maxcut' | 'minimize' | 'sample' | 'logz' | 'train';

const MODULES: Record<JobKind, () => Promise<CommandModule>> = {
  lap: () => import('../cli/commands/lap.ts'),
  qap: () => import('../cli/commands/qap.ts'),
  maxcut: () => import('../cli/commands/maxcut.ts'),
  minimize: () => import('../cli/commands/minimize.ts'),
  sample: () => import('../cli/commands/sample.ts'),
  logz: () => import('../cli/commands/logz.ts'),
  train: () => import('../cli/commands/train.ts'),
};

export const JOB_KINDS = Object.keys(MODULES) as JobKind[];

/** Kinds whose chains can be split over child jobs (sample; logz with --method pt). */
export const SPLIT_KINDS: readonly JobKind[] = ['sample', 'logz'];

/**
 * Flags that name input files, per kind: read where the job is submitted and sent with it (the files are on
 * that machine). A kind listed here takes a word as its operand (train's TASK), not a file.
 */
export const FILE_FLAGS: Readonly<Partial<Record<JobKind, Readonly<Record<string, string>>>>> = {
  // flag -> what the file is, as the local command's "Cannot read <what> file" says.
  train: { train: 'ARFF', test: 'ARFF', xml: 'MULAN XML', data: 'label-ranking CSV' },
};

export function isJobKind(kind: unknown): kind is JobKind {
  return typeof kind === 'string' && Object.hasOwn(MODULES, kind);
}

/** The command module of a kind; an unknown kind is bad input naming the kinds there are. */
export function loadKind(kind: unknown): Promise<CommandModule> {
  if (!isJobKind(kind)) throw rangeError(`Expected one of ${JOB_KINDS.join(', ')} for kind but received ${JSON.stringify(kind)}`);
  return MODULES[kind]();
}
