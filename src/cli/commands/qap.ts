/** ebm qap FILE [--time S] [--seed N] [--workers W] [--target COST] [--method hybrid|pt|sa|tabu] */
import { readQaplibDat } from '../../data/qaplib.ts';
import { solveQap } from '../../solve/qap.ts';
import { num, parse, requirePositional, workersFlag } from '../args.ts';
import { Progress } from '../progress.ts';
import { requireInteger } from '../../errors.ts';
import type { CommandResult } from '../main.ts';

export const usage = 'ebm qap FILE [--time S=10] [--seed N=1] [--workers W=1] [--target COST] [--method hybrid|pt|sa|tabu] [--chains C=W] [--json] [--quiet]';

export async function run(argv: string[]): Promise<CommandResult> {
  const { flags, positionals } = parse(argv, {
    time: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    target: { type: 'string' },
    method: { type: 'string' },
    chains: { type: 'string' },
  });
  const file = requirePositional(positionals, 0, 'a QAPLIB .dat file');
  let instance;
  try {
    instance = readQaplibDat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw new RangeError(`Cannot read QAPLIB file ${file}: ${(e as Error).message}`);
    throw e;
  }
  const time = num(flags, 'time') ?? 10;
  if (!(time > 0)) throw new RangeError(`Expected a number > 0 for --time but received ${time}`);
  const workers = workersFlag(flags) ?? 1;
  // One chain (PT ladder + tabu walk) per worker unless --chains says otherwise (give --chains for runs
  // comparable across --workers).
  const chains = requireInteger('--chains', num(flags, 'chains') ?? workers, 1, 65536);
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
