/**
 * The kinds of job. Each is one `ebm` command, run on the worker by the command's own module (src/cli/commands),
 * so a job parses its input, validates, and prints exactly as the local command does.
 */
import type { CommandModule } from '../cli/args.ts';
import { rangeError } from '../errors.ts';

/** The `ebm` commands a job can be. */
export type JobKind = 'lap' | 'qap' | 'maxcut' | 'sample' | 'logz';

const MODULES: Record<JobKind, () => Promise<CommandModule>> = {
  lap: () => import('../cli/commands/lap.ts'),
  qap: () => import('../cli/commands/qap.ts'),
  maxcut: () => import('../cli/commands/maxcut.ts'),
  sample: () => import('../cli/commands/sample.ts'),
  logz: () => import('../cli/commands/logz.ts'),
};

export const JOB_KINDS = Object.keys(MODULES) as JobKind[];

/** Kinds whose chains can be split over child jobs (sample; logz with --method pt). */
export const SPLIT_KINDS: readonly JobKind[] = ['sample', 'logz'];

export function isJobKind(kind: unknown): kind is JobKind {
  return typeof kind === 'string' && Object.hasOwn(MODULES, kind);
}

/** The command module of a kind; an unknown kind is bad input naming the kinds there are. */
export function loadKind(kind: unknown): Promise<CommandModule> {
  if (!isJobKind(kind)) throw rangeError(`Expected one of ${JOB_KINDS.join(', ')} for kind but received ${JSON.stringify(kind)}`);
  return MODULES[kind]();
}
