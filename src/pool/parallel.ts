/**
 * Running one job over several workers by splitting its chains, and merging the parts so that the result is
 * the one a single process gives: every chain's random stream is keyed by its global id (chainBase + local
 * index), samples are interleaved back to index s * chains + c, the best state is chosen by (energy, chain),
 * and log Z is the mean of per-chain estimates in chain order. Written once for any space.
 */
import type { NativeProgress } from '../native.ts';
import { runInWorker, splitChains } from './pool.ts';
import { nativeFailure } from '../errors.ts';

type Stopped = 'done' | 'deadline' | 'aborted';
type Part = { chainBase: number; chains: number };
type Options = { chains?: number | undefined; [key: string]: unknown };

/**
 * A job for the pool: the addon's synchronous function by name (functions do not cross threads), its model and
 * options, the chains to split when `options.chains` is omitted, the number of workers, and its progress.
 */
export interface PoolJob<O extends Options = Options> {
  fn: string;
  model: unknown;
  options: O;
  defaultChains: number;
  workers: number;
  onProgress?: ((p: NativeProgress) => void) | undefined;
}

/**
 * Progress of a job split over workers: each part's native job writes (seconds, best, rounds) into its own
 * shared Float64Array(3); every 200 ms the parts that have reported are merged and passed to onProgress in the
 * addon's own progress shape, so one adapter serves the libuv thread and the workers.
 */
export function progressPoller(
  parts: number,
  onProgress: ((p: NativeProgress) => void) | undefined,
  merge: { value: 'sum' | 'min'; rounds: 'sum' | 'max' },
): { buffers: (Float64Array | undefined)[]; stop: () => void } {
  if (!onProgress) return { buffers: new Array(parts).fill(undefined), stop: () => {} };
  const buffers = Array.from({ length: parts }, () => new Float64Array(new SharedArrayBuffer(3 * 8)).fill(NaN));
  const timer = setInterval(() => {
    const live = buffers.filter((b) => !Number.isNaN(b[0]!));
    if (live.length === 0) return;
    const values = live.map((b) => b[1]!);
    const rounds = live.map((b) => b[2]!);
    onProgress({
      seconds: Math.max(...live.map((b) => b[0]!)),
      best: merge.value === 'sum' ? values.reduce((a, b) => a + b, 0) : Math.min(...values),
      rounds: merge.rounds === 'sum' ? rounds.reduce((a, b) => a + b, 0) : Math.max(...rounds),
    });
  }, 200);
  return { buffers, stop: () => clearInterval(timer) };
}

export function worstStop(stops: Stopped[]): Stopped {
  if (stops.includes('aborted')) return 'aborted';
  if (stops.includes('deadline')) return 'deadline';
  return 'done';
}

interface SampleLike {
  samples: Uint8Array | Int32Array;
  produced: number;
  stopped: Stopped;
  seconds: number;
  rounds: number;
}

/**
 * Counts of distinct states instead of the rows: each worker tallies its own rows (state code = sum_i x_i
 * base^i) and the tallies add up, so the result is the same for any number of workers.
 */
export async function parallelStateCounts(
  job: PoolJob<Options & { samples: number }>,
  base: number,
): Promise<{ counts: Map<number, number>; produced: number; stopped: Stopped; seconds: number; rejection: Float64Array }> {
  const total = job.options.samples;
  const chains = job.options.chains ?? job.defaultChains;
  const { results } = await runParts<{ stateCodes: Float64Array; stateCounts: Float64Array; produced: number; stopped: Stopped; seconds: number; rejection: Float64Array }>(
    job,
    { value: 'sum', rounds: 'max' },
    (p) => {
      const count = samplesOfPart(p, chains, total);
      return count === 0 ? null : { samples: count };
    },
    { countBase: base },
  );
  const counts = new Map<number, number>();
  let produced = 0;
  const done = results.filter((r) => r !== undefined);
  for (const r of done) {
    produced += r.produced;
    r.stateCodes.forEach((code, k) => counts.set(code, (counts.get(code) ?? 0) + r.stateCounts[k]!));
  }
  // Swap statistics of the first part, as parallelSample keeps them (`...first`).
  return { counts, produced, stopped: worstStop(done.map((r) => r.stopped)), seconds: Math.max(...done.map((r) => r.seconds)), rejection: done[0]!.rejection };
}

/**
 * Splits a job's chains over `workers` and runs one part per worker. A part's options are the job's with its
 * chains and chain base, its progress buffer, only its chains' rows of `initial` (persistent chains), and
 * `extra(part, w)`; `extra` returning null skips the part (its result is undefined).
 */
async function runParts<R>(
  { fn, model, options, defaultChains, workers, onProgress }: PoolJob,
  merge: { value: 'sum' | 'min'; rounds: 'sum' | 'max' },
  extra: (p: Part, w: number) => Record<string, unknown> | null = () => ({}),
  workerOptions: { countBase?: number } = {},
): Promise<{ parts: Part[]; results: (R | undefined)[] }> {
  const chains = options.chains ?? defaultChains;
  const parts = splitChains(chains, workers);
  const poller = progressPoller(parts.length, onProgress, merge);
  const initial = options.initial as Uint8Array | Int32Array | undefined;
  const results = await Promise.all(
    parts.map((p, w) => {
      const more = extra(p, w);
      if (more === null) return undefined;
      const partOptions: Record<string, unknown> = { ...options, chains: p.chains, chainBase: p.chainBase, ...more };
      if (poller.buffers[w]) partOptions.progress = poller.buffers[w];
      if (initial) {
        const width = initial.length / chains;
        // A copy, not a view: posting a view to a worker would clone the whole buffer.
        partOptions.initial = initial.slice(p.chainBase * width, (p.chainBase + p.chains) * width);
      }
      // A worker's std::bad_alloc arrives as a plain Error: it says memory here as on the libuv thread.
      return runInWorker<R>(fn, [model, partOptions], workerOptions).catch((e: unknown) => Promise.reject(nativeFailure(e)));
    }),
  ).finally(poller.stop);
  return { parts, results };
}

/** Samples of a worker's chains [chainBase, chainBase + chains) out of `total` over `chains` chains. */
export function samplesOfPart(p: { chainBase: number; chains: number }, chains: number, total: number): number {
  let count = 0;
  for (let c = p.chainBase; c < p.chainBase + p.chains; c++) count += samplesOfChain(c, chains, total);
  return count;
}

/** Samples of chain c: s * chains + c < total, i.e. ceil((total - c) / chains). */
function samplesOfChain(c: number, chains: number, total: number): number {
  return c >= total ? 0 : Math.ceil((total - c) / chains);
}

export async function parallelSample<R extends SampleLike>(job: PoolJob<Options & { samples: number }>, n: number, Rows: Uint8ArrayConstructor | Int32ArrayConstructor): Promise<R> {
  const total = job.options.samples;
  const chains = job.options.chains ?? job.defaultChains;
  const { parts, results: maybe } = await runParts<R>(job, { value: 'sum', rounds: 'max' }, (p) => {
    const samples = Math.max(1, samplesOfPart(p, chains, total));
    // The worker's native job writes its rows straight into shared memory: nothing is copied back.
    const shared = new SharedArrayBuffer(samples * n * Rows.BYTES_PER_ELEMENT);
    return { samples, output: Rows === Int32Array ? new Int32Array(shared) : new Uint8Array(shared) };
  });
  const results = maybe as R[];
  const first = results[0]!;
  const out = new (first.samples.constructor as Uint8ArrayConstructor | Int32ArrayConstructor)(total * n);
  const filled = new Uint8Array(total);
  results.forEach((r, w) => {
    const p = parts[w]!;
    const src = r.samples;
    // Local sample k = s * p.chains + (c - p.chainBase) goes to global row s * chains + c (plain loops: this
    // runs for millions of short rows).
    for (let k = 0, s = 0, j = 0; k < r.produced; k++) {
      const g = s * chains + p.chainBase + j;
      if (g < total) {
        for (let i = 0, from = k * n, to = g * n; i < n; i++) out[to + i] = src[from + i]!;
        filled[g] = 1;
      }
      if (++j === p.chains) {
        j = 0;
        s++;
      }
    }
  });
  // After an early stop the parts may have produced different amounts: keep the complete prefix.
  let produced = 0;
  while (produced < total && filled[produced]) produced++;
  return {
    ...first,
    samples: out.subarray(0, produced * n),
    produced,
    stopped: worstStop(results.map((r) => r.stopped)),
    seconds: Math.max(...results.map((r) => r.seconds)),
    rounds: Math.max(...results.map((r) => r.rounds)),
  } as R;
}

interface MinimizeLike {
  energy: number;
  samplerEnergy: number;
  roundOfBest: number;
  chainOfBest: number;
  stopped: Stopped;
  seconds: number;
  rounds: number;
}

/**
 * Each worker minimizes its chains; the answer is the part whose sampler found the lowest energy first: the
 * order (energy before the final descent, round found, chain id) is the one a single process keeps, so the
 * merged result equals it. `progress` receives (seconds, best energy, rounds) merged about every 200 ms.
 */
export async function parallelMinimize<R extends MinimizeLike>(job: PoolJob): Promise<R> {
  const { results: maybe } = await runParts<R>(job, { value: 'min', rounds: 'sum' });
  const results = maybe as R[];
  let best = results[0]!;
  const before = (a: R, b: R) =>
    a.samplerEnergy !== b.samplerEnergy ? a.samplerEnergy < b.samplerEnergy : a.roundOfBest !== b.roundOfBest ? a.roundOfBest < b.roundOfBest : a.chainOfBest < b.chainOfBest;
  for (const r of results) if (before(r, best)) best = r;
  return { ...best, stopped: worstStop(results.map((r) => r.stopped)), seconds: Math.max(...results.map((r) => r.seconds)), rounds: Math.max(...results.map((r) => r.rounds)) };
}

interface LogZLike {
  chainLogZ: Float64Array;
  stopped: Stopped;
  seconds: number;
}

/** log Z as the mean of per-chain stepping-stone estimates (in chain order), with its standard error. */
export function combineChainLogZ(chainLogZ: ArrayLike<number>): { logZ: number; stdError: number } {
  const C = chainLogZ.length;
  let mean = 0;
  for (let c = 0; c < C; c++) mean += chainLogZ[c]!;
  mean /= C;
  let sq = 0;
  for (let c = 0; c < C; c++) sq += (chainLogZ[c]! - mean) ** 2;
  return { logZ: mean, stdError: C > 1 ? Math.sqrt(sq / (C - 1) / C) : NaN };
}

export async function parallelLogZ<R extends LogZLike>(job: PoolJob): Promise<R & { logZ: number; stdError: number }> {
  const chains = job.options.chains ?? job.defaultChains;
  const { parts, results: maybe } = await runParts<R>(job, { value: 'sum', rounds: 'max' });
  const results = maybe as R[];
  const all = new Float64Array(chains);
  results.forEach((r, w) => all.set(r.chainLogZ, parts[w]!.chainBase));
  return {
    ...results[0]!,
    chainLogZ: all,
    ...combineChainLogZ(all),
    stopped: worstStop(results.map((r) => r.stopped)),
    seconds: Math.max(...results.map((r) => r.seconds)),
  };
}
