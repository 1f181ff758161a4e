/**
 * ebm minimize MODEL: the lowest-energy state of a model file (sets or permutations) found within a time or
 * round budget, then a descent (Ctrl-C: the best so far). The library's `minimize` (src/solve/minimize.ts):
 * PT or SA for sets, hybrid (PT with tabu search), PT, SA or tabu for permutations.
 */
import { minimize, type MinimizeResult } from '../../solve/minimize.ts';
import type { Model } from '../../energies/modelFile.ts';
import { rangeError } from '../../errors.ts';
import { limits } from '../../limits.ts';
import { mustNum, num, numberOptions, str, workersFlag, WORKERS_FLAG, MEMORY_FLAG, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { readModelInput } from '../input.ts';
import { PLOT_FLAG, trace, writePlot } from '../plot.ts';
import { progressSpec, stacked, swapAcceptanceSpec } from '../../service/charts.ts';

/** Seconds of the budget when neither --time nor --rounds is given. */
const DEFAULT_SECONDS = 10;

export const operands: readonly Operand[] = [{ name: 'MODEL', meaning: 'model file, JSON "format": "ebm-model/1" over sets or permutations ("-": stdin)' }];

export const flags: readonly Flag[] = [
  { name: 'time', value: 'S', type: 'number', defaultText: `${DEFAULT_SECONDS}, none with --rounds`, meaning: 'wall-clock budget in seconds' },
  { name: 'rounds', value: 'K', type: 'number', meaning: 'round budget (PT/SA: sweeps of every replica; tabu: iterations): fixed work, the same answer every run' },
  { name: 'method', value: 'M', type: ['pt', 'sa', 'hybrid', 'tabu'], defaultText: 'pt (sets) / hybrid (permutations)', meaning: 'PT or annealing; permutations also hybrid (PT with tabu search) or tabu' },
  { name: 'seed', value: 'N', type: 'number', default: 1, meaning: 'random seed' },
  { name: 'target', value: 'E', type: 'number', meaning: 'stop as soon as an energy <= E is found' },
  { name: 'replicas', value: 'R', type: 'number', defaultText: '32 (sets) / 16 (permutations)', meaning: 'PT: replicas per ladder; SA: annealing chains' },
  { name: 'chains', value: 'C', type: 'number', defaultText: 'W (--workers)', meaning: 'independent ladders (give it to compare runs across --workers)' },
  { name: 'beta-min', value: 'B', type: 'number', defaultText: "read off the model's scale", meaning: 'hot end of the starting ladder' },
  { name: 'beta-max', value: 'B', type: 'number', defaultText: "read off the model's scale", meaning: 'cold end of the starting ladder' },
  { name: 'no-polish', type: 'boolean', meaning: 'skip the descent from the best state' },
  WORKERS_FLAG,
  MEMORY_FLAG,
  PLOT_FLAG,
];

/** The `--json` keys of a minimization (the HTTP service's /v1/minimize answers the same). */
export function minimizeJson(model: Model, r: MinimizeResult<Uint8Array | Int32Array>) {
  const { state, ...rest } = r;
  return { space: model.space, n: model.n, state: Array.from(state), ...rest };
}

/** --time and --rounds: a time budget unless only rounds are given (then fixed work, no deadline). */
function budget(flags: Flags): { seconds: number | undefined; rounds: number | undefined } {
  const time = num(flags, 'time');
  const rounds = num(flags, 'rounds');
  if (time !== undefined && !(time > 0)) throw rangeError(`Expected a number > 0 for --time but received ${time}`);
  if (rounds !== undefined && (!Number.isInteger(rounds) || rounds < 0)) throw rangeError(`Expected integer >= 0 for --rounds but received ${rounds}`);
  return { seconds: time ?? (rounds === undefined ? DEFAULT_SECONDS : undefined), rounds };
}

export async function run([file]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const { seconds, rounds } = budget(flags);
  const workers = workersFlag(flags) ?? 1;
  const chains = num(flags, 'chains') ?? workers;
  const most = limits().chains;
  if (!Number.isInteger(chains) || chains < 1 || chains > most) throw rangeError(`Expected integer in [1, ${most}] for --chains but received ${chains}`);
  const model = await readModelInput(file!);
  const progress = context.progress(`minimize ${file}`);
  const best = trace();
  const method = str(flags, 'method');
  const r = await minimize(model, {
    ...(seconds !== undefined && { timeLimitMs: seconds * 1000 }),
    ...(rounds !== undefined && { maxRounds: rounds }),
    seed: mustNum(flags, 'seed'),
    ...(method !== undefined && { method: method as 'hybrid' }),
    ...numberOptions(flags, { targetEnergy: 'target', replicas: 'replicas', betaMin: 'beta-min', betaMax: 'beta-max', maxMemoryMB: 'max-memory-mb' }),
    ...(flags['no-polish'] === true && { polish: false }),
    chains,
    ...(workers > 1 && { workers }),
    signal: context.interruptSignal(),
    onProgress: (p) => {
      best.add(p.seconds, p.bestEnergy);
      // The bar runs over the budget that ends first as far as it is known: the deadline, else the rounds.
      const [done, total] = seconds !== undefined ? [p.seconds, seconds] : [p.rounds, rounds!];
      progress.update({ seconds: p.seconds, done, total, status: `best energy ${p.bestEnergy}  rounds ${p.rounds}` });
    },
  });
  best.add(r.seconds, r.energy);
  await writePlot(flags, () => stacked([progressSpec(`minimize ${file}: best energy over time`, 'best energy', best.points), swapAcceptanceSpec(r.swapAcceptance)]));
  const json = { file, ...minimizeJson(model, r), chains, workers };
  const state = model.space === 'set' ? json.state.join('') : json.state.join(' ');
  const text = `energy ${r.energy} on ${file} (${model.space}, n = ${model.n}); best found at ${r.secondsToBest.toFixed(3)} s of ${r.seconds.toFixed(2)} s (${r.stopped})\nstate${model.space === 'set' ? '' : ' (item -> slot)'}: ${state}`;
  return { json, text };
}
