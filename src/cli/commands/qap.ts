/** ebm qap FILE: the best permutation of a QAPLIB instance within the time budget (Ctrl-C: the best so far). */
import { parseQaplibDat, parseQaplibDatStream, readQaplibDat } from '../../data/qaplib.ts';
import { defaultQapMethod, qapWorkers, solveQap, type QapResult } from '../../solve/qap.ts';
import { setPoolSize, warmPool } from '../../pool/pool.ts';
import { MAXCUT_MAX_WORKERS } from '../../solve/maxcut.ts';
import { deviceFlag, mustNum, num, str, numberOptions, SOLVER_FLAGS, solverBudget, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { readInput } from '../input.ts';
import { PLOT_FLAG, trace, writePlot } from '../plot.ts';
import { progressSpec, stacked, swapAcceptanceSpec } from '../../service/charts.ts';

export const operands: readonly Operand[] = [{ name: 'FILE', meaning: 'QAPLIB .dat instance: n, then the flow and distance matrices ("-": stdin)' }];

export const flags: readonly Flag[] = [
  ...SOLVER_FLAGS.map((f) =>
    f.name === 'workers' ? { ...f, defaultText: `tabu: ${MAXCUT_MAX_WORKERS} when about ${MAXCUT_MAX_WORKERS} cores are idle (cores - load average >= 1.5), else 1` } : f,
  ),
  { name: 'target', value: 'COST', type: 'number', meaning: 'stop as soon as a cost <= COST is found' },
  { name: 'method', value: 'M', type: ['hybrid', 'pt', 'sa', 'tabu'], defaultText: 'hybrid below 40 items, tabu from 40', meaning: 'PT with robust tabu search alongside, PT alone, annealing, or iterated robust tabu search' },
  PLOT_FLAG,
];

/** The `--json` keys of a QAP run (the HTTP service answers the same). */
export function qapJson(n: number, r: QapResult) {
  return { n, cost: r.cost, permutation: Array.from(r.permutation), seconds: r.seconds, secondsToBest: r.secondsToBest, stopped: r.stopped, rounds: r.rounds, tabuIterations: r.tabuIterations };
}

export async function run([file]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const instance = await readInput(file!, readQaplibDat, parseQaplibDat, parseQaplibDatStream);
  const budget = solverBudget(flags);
  const { time } = budget;
  let { workers, chains } = budget;
  const method = (str(flags, 'method') as 'hybrid' | 'pt' | 'sa' | 'tabu' | undefined) ?? defaultQapMethod(instance.n);
  if (num(flags, 'workers') === undefined) {
    // Both cores for the tabu walks when they are idle (qapWorkers), a walk per worker unless --chains says otherwise.
    workers = qapWorkers(instance.n, method);
    chains = num(flags, 'chains') ?? workers;
    workers = Math.min(workers, chains);
    if (workers > 1) {
      setPoolSize(workers);
      warmPool();
    }
  }
  const target = num(flags, 'target');
  const progress = context.progress(`qap ${file}`);
  const best = trace();
  const r = await solveQap(instance, {
    timeLimitMs: time * 1000,
    seed: mustNum(flags, 'seed'),
    ...(target !== undefined && { targetEnergy: target }),
    method,
    chains,
    ...(workers > 1 && { workers }),
    ...deviceFlag(flags),
    ...numberOptions(flags, { maxMemoryMB: 'max-memory-mb' }),
    signal: context.interruptSignal(),
    onProgress: (p) => {
      best.add(p.seconds, p.bestEnergy);
      progress.update({ seconds: p.seconds, done: p.seconds, total: time, status: `best cost ${p.bestEnergy}  rounds ${p.rounds}` });
    },
  });
  best.add(r.seconds, r.cost);
  await writePlot(flags, () => stacked([progressSpec(`qap ${file}: best cost over time`, 'best cost', best.points), swapAcceptanceSpec(r.swapAcceptance)]));
  const json = { file, ...qapJson(instance.n, r), chains, workers };
  const text = `cost ${r.cost} on ${file} (n = ${instance.n}); best found at ${r.secondsToBest.toFixed(3)} s of ${r.seconds.toFixed(2)} s (${r.stopped})\npermutation (0-based, item -> location): ${json.permutation.join(' ')}`;
  return { json, text };
}
