/**
 * ebm sample MODEL --samples N: samples from p(y) ∝ exp(-beta E(y)), tallied by state (Ctrl-C: the samples so
 * far). JSON `counts` maps state -> count and is unordered (JavaScript lists integer-like keys such as
 * "10010001" first, in numeric order); `top` lists the most frequent states in order.
 */
import { countStates, DEFAULT_CHAINS, sample, sampleCounts, type SampleResult, type StateCounts } from '../../sample/sample.ts';
import type { SetModel } from '../../energies/setModel.ts';
import type { PermModel } from '../../energies/permModel.ts';
import type { Progress } from '../../cancel.ts';
import { deviceFlag, DEVICE_FLAG, mustNum, mustStr, numberOptions, str, workersFlag, WORKERS_FLAG, MEMORY_FLAG, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { readModelInput } from '../input.ts';
import { PLOT_FLAG, trace, writePlot } from '../plot.ts';
import { energyTraceSpec, progressSpec, stacked, swapAcceptanceSpec, topStatesSpec } from '../../service/charts.ts';

/** Entries of `top` in the JSON; the text view shows the first TEXT_TOP. */
const JSON_TOP = 100;
const TEXT_TOP = 10;
/** Bars in the --plot chart. */
const PLOT_TOP = 30;
/** Points per series of the --plot energy trace. */
const TRACE_POINTS = 300;

export const operands: readonly Operand[] = [{ name: 'MODEL', meaning: 'model file, JSON "format": "ebm-model/1" over sets or permutations ("-": stdin)' }];

export const flags: readonly Flag[] = [
  { name: 'samples', value: 'N', type: 'number', required: true, meaning: 'samples to draw (over all chains)' },
  { name: 'method', value: 'M', type: ['gibbs', 'pt'], default: 'gibbs', meaning: 'many-chain Gibbs or parallel tempering' },
  { name: 'seed', value: 'N', type: 'number', default: 1, meaning: 'random seed' },
  { name: 'chains', value: 'C', type: 'number', defaultText: '64', meaning: 'independent chains' },
  { name: 'replicas', value: 'R', type: 'number', defaultText: '8', meaning: 'PT: replicas per chain' },
  { name: 'thin', value: 'T', type: 'number', defaultText: '1 (sets) / 2 (permutations)', meaning: 'sweeps between kept samples of a chain' },
  { name: 'beta', value: 'B', type: 'number', defaultText: "the model's", meaning: 'inverse temperature' },
  { name: 'burn-in', value: 'K', type: 'number', defaultText: '256', meaning: 'sweeps before the first kept sample' },
  WORKERS_FLAG,
  MEMORY_FLAG,
  DEVICE_FLAG,
  PLOT_FLAG,
];

/** [state, count], most frequent first, ties by state key: the order `counts` cannot keep. */
export function topStates(counts: Map<string, number>, limit: number): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
}

/** The `--json` keys of a sampling run (the HTTP service answers the same). */
export function sampleJson(r: StateCounts, method: 'gibbs' | 'pt') {
  return { counts: Object.fromEntries(r.counts), top: topStates(r.counts, JSON_TOP), produced: r.produced, method, seconds: r.seconds, stopped: r.stopped };
}

export async function run([file]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const workers = workersFlag(flags); // starts the worker threads while the model is read
  const model = await readModelInput(file!);
  const samples = mustNum(flags, 'samples');
  const progress = context.progress(`sample ${file}`);
  const method = mustStr(flags, 'method') as 'gibbs' | 'pt';
  const kept = trace();
  const options = {
    samples,
    ...(workers !== undefined && { workers }),
    ...deviceFlag(flags),
    signal: context.interruptSignal(),
    // Sampling progress always carries `produced`.
    onProgress: ({ seconds, produced = 0, rounds }: Progress) => {
      kept.add(seconds, produced);
      progress.update({ seconds, done: produced, total: samples, status: `${produced} samples (${Math.round(produced / seconds)}/s)  rounds ${rounds}` });
    },
    seed: mustNum(flags, 'seed'),
    method,
    ...numberOptions(flags, { chains: 'chains', replicas: 'replicas', thin: 'thin', beta: 'beta', burnIn: 'burn-in', maxMemoryMB: 'max-memory-mb' }),
  };
  // Set states are keyed "0110", permutations "2 0 1" (sigma: item -> slot). With --plot and no workers the rows
  // are kept for the energy trace and tallied here: sampleCounts does the same without workers (same counts);
  // with workers only the tallies travel back, so there is no trace.
  let r: StateCounts;
  let energies: { sample: number; energy: number; series: string }[] = [];
  if (str(flags, 'plot') !== undefined && workers === undefined) {
    const rows = await sample(model, options);
    r = { counts: countStates(rows), produced: rows.produced, stopped: rows.stopped, seconds: rows.seconds, swapAcceptance: rows.swapAcceptance };
    energies = energyTrace(model, rows, options.chains ?? DEFAULT_CHAINS);
  } else {
    r = await sampleCounts(model, options);
  }
  // Samples kept over time (progress, about every 200 ms), the energy trace, PT swap acceptance per ladder pair,
  // the top states.
  await writePlot(flags, () =>
    stacked([
      progressSpec(`sample ${file}: samples kept over time`, 'samples kept', kept.points),
      ...(energies.length > 0 ? [energyTraceSpec(energies)] : []),
      ...(method === 'pt' && r.swapAcceptance?.length ? [swapAcceptanceSpec(r.swapAcceptance)] : []),
      topStatesSpec(topStates(r.counts, PLOT_TOP)),
    ]),
  );
  return sampleOutput(r, method);
}

/** Energies of the kept samples (sample s of chain c is row s C + c), at most TRACE_POINTS per series: chain 0's
 * and the mean over the chains. */
function energyTrace(model: SetModel | PermModel, r: SampleResult<Uint8Array | Int32Array>, chains: number) {
  const n = model.n;
  const perChain = Math.floor(r.produced / chains);
  const stride = Math.max(1, Math.ceil(perChain / TRACE_POINTS));
  const points: { sample: number; energy: number; series: string }[] = [];
  for (let s = 0; s < perChain; s += stride) {
    let sum = 0;
    for (let c = 0; c < chains; c++) {
      const row = (s * chains + c) * n;
      const e = model.energy(r.samples.subarray(row, row + n));
      if (c === 0) points.push({ sample: s, energy: e, series: 'chain 0' });
      sum += e;
    }
    points.push({ sample: s, energy: sum / chains, series: 'mean over chains' });
  }
  return points;
}

/** What `ebm sample` prints, JSON and text (a queued job split over chains prints its merged counts with it). */
export function sampleOutput(r: StateCounts, method: 'gibbs' | 'pt'): CommandResult {
  const json = sampleJson(r, method);
  const lines = json.top.slice(0, TEXT_TOP).map(([k, c]) => `  ${k}  ${c}  (${((100 * c) / r.produced).toFixed(2)}%)`);
  const text = `${r.produced} samples in ${r.seconds.toFixed(2)} s (${r.stopped}); most frequent states:\n${lines.join('\n')}`;
  return { json, text };
}
