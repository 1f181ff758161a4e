/** ebm logz MODEL --method exact|pt [--seed N] [--beta B] [--workers W] */
import { readModel } from '../../energies/modelFile.ts';
import { logPartition } from '../../sample/logz.ts';
import { num, parse, requirePositional, workersFlag } from '../args.ts';
import { Progress } from '../progress.ts';
import type { CommandResult } from '../main.ts';

export const usage = 'ebm logz MODEL --method exact|pt [--seed N] [--beta B] [--chains C] [--replicas R] [--rounds K] [--workers W] [--json] [--quiet]';

export async function run(argv: string[]): Promise<CommandResult> {
  const { flags, positionals } = parse(argv, {
    method: { type: 'string' },
    seed: { type: 'string' },
    beta: { type: 'string' },
    chains: { type: 'string' },
    replicas: { type: 'string' },
    rounds: { type: 'string' },
    workers: { type: 'string' },
  });
  const file = requirePositional(positionals, 0, 'a model file');
  const model = readModel(file);
  const progress = new Progress({ json: Boolean(flags.json), quiet: Boolean(flags.quiet) });
  const opt = (k: string) => num(flags, k);
  const workers = workersFlag(flags);
  const options = {
    ...(workers !== undefined && { workers }),
    onProgress: (p: { seconds: number; rounds: number }) => progress.update(p.seconds, `logz ${file}: ${p.seconds.toFixed(1)}s  rounds ${p.rounds}`),
    method: (flags.method as 'exact' | 'pt' | undefined) ?? 'exact',
    ...(opt('seed') !== undefined && { seed: opt('seed')! }),
    ...(opt('beta') !== undefined && { beta: opt('beta')! }),
    ...(opt('chains') !== undefined && { chains: opt('chains')! }),
    ...(opt('replicas') !== undefined && { replicas: opt('replicas')! }),
    ...(opt('rounds') !== undefined && { rounds: opt('rounds')! }),
  };
  const r = await logPartition(model, options);
  progress.done();
  const json = { logZ: r.logZ, method: r.method, ...(r.stdError !== undefined && { stdError: r.stdError }), ...(r.seconds !== undefined && { seconds: r.seconds }) };
  const text = `log Z = ${r.logZ}` + (r.stdError !== undefined && Number.isFinite(r.stdError) ? ` ± ${r.stdError.toExponential(2)} (PT, stepping stone)` : ` (${r.method})`);
  return { json, text };
}
