/** ebm qap FILE [--time S] [--seed N] [--workers W] [--target COST] [--method hybrid|pt|sa|tabu] */
import { readQaplibDat } from '../../data/qaplib.ts';
import { solveQap } from '../../solve/qap.ts';
import { num, parse, requirePositional, SOLVER_FLAGS, solverBudget } from '../args.ts';
import { Progress } from '../progress.ts';
import type { CommandResult } from '../main.ts';
import { rangeError } from '../../errors.ts';

export const usage = 'ebm qap FILE [--time S=10] [--seed N=1] [--workers W=1] [--target COST] [--method hybrid|pt|sa|tabu] [--chains C=W] [--json] [--quiet]';

export async function run(argv: string[]): Promise<CommandResult> {
  const { flags, positionals } = parse(argv, SOLVER_FLAGS);
  const file = requirePositional(positionals, 0, 'a QAPLIB .dat file');
  let instance;
  try {
    instance = readQaplibDat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw rangeError(`Cannot read QAPLIB file ${file}: ${(e as Error).message}`);
    throw e;
  }
  const { time, workers, chains } = solverBudget(flags);
  const target = num(flags, 'target');
  const progress = new Progress({ json: Boolean(flags.json), quiet: Boolean(flags.quiet) });
  const r = await solveQap(instance, {
    timeLimitMs: time * 1000,
    seed: num(flags, 'seed') ?? 1,
    ...(target !== undefined && { targetEnergy: target }),
    ...(flags.method !== undefined && { method: flags.method as 'hybrid' }),
    chains,
    ...(workers > 1 && { workers }),
    onProgress: (p) => progress.update(p.seconds, `qap ${file}: ${p.seconds.toFixed(1)}s  best cost ${p.bestEnergy}  rounds ${p.rounds}`),
  });
  progress.done();
  const json = {
    file,
    n: instance.n,
    cost: r.cost,
    permutation: Array.from(r.permutation),
    seconds: r.seconds,
    secondsToBest: r.secondsToBest,
    stopped: r.stopped,
    rounds: r.rounds,
    tabuIterations: r.tabuIterations,
    chains,
    workers,
  };
  const text = `cost ${r.cost} on ${file} (n = ${instance.n}); best found at ${r.secondsToBest.toFixed(3)} s of ${r.seconds.toFixed(2)} s (${r.stopped})\npermutation (0-based, item -> location): ${json.permutation.join(' ')}`;
  return { json, text };
}
