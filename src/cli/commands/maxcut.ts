/** ebm maxcut FILE [--time S] [--seed N] [--workers W] [--target CUT] [--method pt|sa] */
import { readGset } from '../../data/gset.ts';
import { maxCut } from '../../solve/maxcut.ts';
import { num, parse, requirePositional, SOLVER_FLAGS, solverBudget } from '../args.ts';
import { Progress } from '../progress.ts';
import type { CommandResult } from '../main.ts';

export const usage = 'ebm maxcut FILE [--time S=10] [--seed N=1] [--workers W=1] [--target CUT] [--method pt|sa] [--replicas R] [--chains C=W] [--json] [--quiet]';

export async function run(argv: string[]): Promise<CommandResult> {
  const { flags, positionals } = parse(argv, { ...SOLVER_FLAGS, replicas: { type: 'string' } });
  const file = requirePositional(positionals, 0, 'a Gset graph file');
  const graph = readGset(file);
  const { time, workers, chains } = solverBudget(flags);
  const progress = new Progress({ json: Boolean(flags.json), quiet: Boolean(flags.quiet) });
  const target = num(flags, 'target');
  const r = await maxCut(graph, {
    timeLimitMs: time * 1000,
    seed: num(flags, 'seed') ?? 1,
    ...(target !== undefined && { targetCut: target }),
    ...(flags.method !== undefined && { method: flags.method as 'pt' | 'sa' }),
    ...(num(flags, 'replicas') !== undefined && { replicas: num(flags, 'replicas')! }),
    chains,
    ...(workers > 1 && { workers }),
    onProgress: (p) => progress.update(p.seconds, `maxcut ${file}: ${p.seconds.toFixed(1)}s  best cut ${-p.bestEnergy}  rounds ${p.rounds}`),
  });
  progress.done();
  const json = {
    file,
    n: graph.n,
    edges: graph.u.length,
    cut: r.cut,
    partition: Array.from(r.partition),
    seconds: r.seconds,
    secondsToBest: r.secondsToBest,
    stopped: r.stopped,
    rounds: r.rounds,
    replicas: r.ladder.length,
    chains,
    workers,
    barrier: r.barrier,
    precision: r.precision,
  };
  const text = `cut ${r.cut} on ${file} (n = ${graph.n}, ${graph.u.length} edges); best found at ${r.secondsToBest.toFixed(3)} s of ${r.seconds.toFixed(2)} s (${r.stopped})`;
  return { json, text };
}
