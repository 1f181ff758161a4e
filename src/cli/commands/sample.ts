/** ebm sample MODEL --samples N [--method gibbs|pt] [--seed N] [--chains C] [--thin T] [--beta B] [--workers W] */
import { readModel } from '../../energies/modelFile.ts';
import { sampleCounts } from '../../sample/sample.ts';
import { num, parse, requirePositional, workersFlag } from '../args.ts';
import { Progress } from '../progress.ts';
import type { CommandResult } from '../main.ts';
import { rangeError } from '../../errors.ts';

export const usage = 'ebm sample MODEL --samples N [--method gibbs|pt] [--seed N] [--chains C] [--replicas R] [--thin T] [--beta B] [--workers W] [--json] [--quiet]';

export async function run(argv: string[]): Promise<CommandResult> {
  const { flags, positionals } = parse(argv, {
    samples: { type: 'string' },
    method: { type: 'string' },
    seed: { type: 'string' },
    chains: { type: 'string' },
    replicas: { type: 'string' },
    thin: { type: 'string' },
    beta: { type: 'string' },
    'burn-in': { type: 'string' },
    workers: { type: 'string' },
  });
  const workers = workersFlag(flags); // starts the worker threads while the model is read
  const file = requirePositional(positionals, 0, 'a model file');
  const model = readModel(file);
  const progress = new Progress({ json: Boolean(flags.json), quiet: Boolean(flags.quiet) });
  const samples = num(flags, 'samples');
  if (samples === undefined) throw rangeError('Expected --samples N');
  const opt = (k: string) => num(flags, k);
  const options = {
    samples,
    ...(workers !== undefined && { workers }),
    onProgress: (p: { seconds: number; produced: number; rounds: number }) =>
      progress.update(p.seconds, `sample ${file}: ${p.seconds.toFixed(1)}s  ${p.produced} samples  (${Math.round(p.produced / p.seconds)} samples/s)  rounds ${p.rounds}`),
    seed: opt('seed') ?? 1,
    ...(flags.method !== undefined && { method: flags.method as 'gibbs' | 'pt' }),
    ...(opt('chains') !== undefined && { chains: opt('chains')! }),
    ...(opt('replicas') !== undefined && { replicas: opt('replicas')! }),
    ...(opt('thin') !== undefined && { thin: opt('thin')! }),
    ...(opt('beta') !== undefined && { beta: opt('beta')! }),
    ...(opt('burn-in') !== undefined && { burnIn: opt('burn-in')! }),
  };
  // Set states are keyed "0110", permutations "2 0 1" (sigma: item -> slot).
  const r = await sampleCounts(model, options);
  progress.done();
  const counts = Object.fromEntries([...r.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  const json = { counts, produced: r.produced, method: flags.method ?? 'gibbs', seconds: r.seconds, stopped: r.stopped };
  const top = Object.entries(counts).slice(0, 10).map(([k, c]) => `  ${k}  ${c}  (${((100 * c) / r.produced).toFixed(2)}%)`);
  const text = `${r.produced} samples in ${r.seconds.toFixed(2)} s; most frequent states:\n${top.join('\n')}`;
  return { json, text };
}
