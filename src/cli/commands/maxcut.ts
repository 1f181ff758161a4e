/** ebm maxcut FILE: the best cut of a Gset graph within the time budget (Ctrl-C: the best so far). */
import { parseGset, parseGsetStream, readGset, type Graph } from '../../data/gset.ts';
import { MAXCUT_MAX_WORKERS, maxCut, maxCutChains, maxCutWorkers, type MaxCutResult } from '../../solve/maxcut.ts';
import { deviceFlag, mustNum, mustStr, num, numberOptions, SOLVER_FLAGS, solverBudget, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { readInput } from '../input.ts';
import { PLOT_FLAG, trace, writePlot } from '../plot.ts';
import { progressSpec, stacked, swapAcceptanceSpec } from '../../service/charts.ts';
import { setPoolSize, warmPool } from '../../pool/pool.ts';
import type { SetMinimizeMethod } from '../../spaces/set.ts';

export const operands: readonly Operand[] = [{ name: 'FILE', meaning: 'Gset graph: "n m", then one "u v w" line per edge, 1-based ("-": stdin)' }];

export const flags: readonly Flag[] = [
  ...SOLVER_FLAGS.map((f) =>
    f.name === 'workers' ? { ...f, defaultText: `${MAXCUT_MAX_WORKERS} when about ${MAXCUT_MAX_WORKERS} cores are idle (cores - load average >= 1.5), else 1` } : f,
  ),
  { name: 'target', value: 'CUT', type: 'number', meaning: 'stop as soon as a cut >= CUT is found' },
  { name: 'method', value: 'M', type: ['pt', 'sa', 'hybrid', 'tabu'], default: 'pt', meaning: 'parallel tempering, simulated annealing, PT with a tabu walk per ladder, or tabu walks alone' },
  { name: 'replicas', value: 'R', type: 'number', defaultText: '32 (pt) / 16 (sa)', meaning: 'PT: replicas per ladder; SA: annealing chains' },
  PLOT_FLAG,
];

/** The `--json` keys of a max-cut run (the HTTP service answers the same). */
export function maxCutJson(graph: Graph, r: MaxCutResult) {
  return {
    n: graph.n,
    edges: graph.u.length,
    cut: r.cut,
    partition: Array.from(r.partition),
    seconds: r.seconds,
    secondsToBest: r.secondsToBest,
    stopped: r.stopped,
    rounds: r.rounds,
    replicas: r.ladder.length,
    barrier: r.barrier,
    precision: r.precision,
  };
}

export async function run([file]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const graph = await readInput(file!, readGset, parseGset, parseGsetStream);
  const budget = solverBudget(flags);
  const { time } = budget;
  let { workers, chains } = budget;
  if (num(flags, 'workers') === undefined) {
    // Both cores when they are idle (maxCutWorkers); maxCutChains per worker unless --chains says otherwise.
    workers = maxCutWorkers();
    chains = num(flags, 'chains') ?? maxCutChains(graph, workers, mustStr(flags, 'method'), num(flags, 'replicas'));
    workers = Math.min(workers, chains);
    if (workers > 1) {
      setPoolSize(workers);
      warmPool();
    }
  }
  const progress = context.progress(`maxcut ${file}`);
  const best = trace();
  const target = num(flags, 'target');
  const replicas = num(flags, 'replicas');
  const r = await maxCut(graph, {
    timeLimitMs: time * 1000,
    seed: mustNum(flags, 'seed'),
    ...(target !== undefined && { targetCut: target }),
    method: mustStr(flags, 'method') as SetMinimizeMethod,
    ...(replicas !== undefined && { replicas }),
    chains,
    ...(workers > 1 && { workers }),
    ...deviceFlag(flags),
    ...numberOptions(flags, { maxMemoryMB: 'max-memory-mb' }),
    signal: context.interruptSignal(),
    onProgress: (p) => {
      best.add(p.seconds, -p.bestEnergy!);
      progress.update({ seconds: p.seconds, done: p.seconds, total: time, status: `best cut ${-p.bestEnergy!}  rounds ${p.rounds}` });
    },
  });
  best.add(r.seconds, r.cut);
  await writePlot(flags, () => stacked([progressSpec(`maxcut ${file}: best cut over time`, 'best cut', best.points), swapAcceptanceSpec(r.swapAcceptance)]));
  const json = { file, ...maxCutJson(graph, r), chains, workers };
  const text = `cut ${r.cut} on ${file} (n = ${graph.n}, ${graph.u.length} edges); best found at ${r.secondsToBest.toFixed(3)} s of ${r.seconds.toFixed(2)} s (${r.stopped})`;
  return { json, text };
}
