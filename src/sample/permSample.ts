/**
 * Sampling permutations from p(sigma) ∝ exp(-beta E(sigma)): many-chain Gibbs over transpositions (heat bath
 * on the pair, the default) or parallel tempering. Samples of chain c sit at rows c, c + chains, ...; a
 * chain's samples depend only on (seed, chain id). The permutation counterpart of sample.ts.
 */
import { native, type NativePermSampleResult, type NativeSampleOptions } from '../native.ts';
import type { PermModel } from '../energies/permModel.ts';
import { cancelFlag } from '../cancel.ts';
import { requireInteger } from '../errors.ts';
import { initialStates, progressAdapter, sampleResultFields, samplingOptions, type SampleOptions, type StateCounts } from './sample.ts';
import { parallelSample, parallelStateCounts } from '../pool/parallel.ts';

export interface PermSampleResult {
  /** samples * n, row-major: row s is sigma (item -> slot) of sample s. */
  samples: Int32Array;
  produced: number;
  n: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
  rounds: number;
  ladder: number[];
  swapAcceptance: number[];
  roundTrips: number;
}

const KEYS = ['samples', 'method', 'seed', 'beta', 'chains', 'replicas', 'thin', 'burnIn', 'signal', 'timeLimitMs', 'workers', 'initial', 'onProgress'] as const;

/** Default sweeps between kept samples: one sweep is nFree transposition attempts; two keep the effective sample size near the sample count on small models. */
export const DEFAULT_PERM_THIN = 2;

function nativeOptions(model: PermModel, o: SampleOptions): Omit<NativeSampleOptions, 'precision'> {
  const out = samplingOptions(o, model, KEYS, { thin: DEFAULT_PERM_THIN, maxCells: 1e9 });
  initialStates(o, out, model.n, Int32Array);
  return out;
}

function result(model: PermModel, r: NativePermSampleResult): PermSampleResult {
  return sampleResultFields(model.n, r);
}

/** Draws permutation samples on the libuv thread pool. @throws {TypeError|RangeError} naming the bad option. */
export async function samplePermutations(model: PermModel, options: SampleOptions): Promise<PermSampleResult> {
  const o = nativeOptions(model, options);
  const workers = options.workers === undefined ? undefined : requireInteger('workers', options.workers, 1, 1024);
  const { flag, dispose } = cancelFlag(options.signal);
  try {
    const progress = progressAdapter(options.onProgress);
    if (workers === undefined)
      return result(model, await native().permSample(model.toNative(), { ...o, cancel: flag }, progress && ((p) => progress({ seconds: p.seconds, value: p.best, rounds: p.rounds }))));
    return result(model, await parallelSample<NativePermSampleResult>('permSampleSync', model.toNative(), { ...o, cancel: flag }, 64, model.n, workers, progress, Int32Array));
  } finally {
    dispose();
  }
}

/** Synchronous form, for small work. */
export function samplePermutationsSync(model: PermModel, options: Omit<SampleOptions, 'signal' | 'workers' | 'onProgress'>): PermSampleResult {
  return result(model, native().permSampleSync(model.toNative(), nativeOptions(model, options)));
}

/** State key as in the CLI contract: sigma's slots separated by spaces, "2 0 1". */
export function permutationKey(samples: Int32Array, n: number, s: number): string {
  return Array.from(samples.subarray(s * n, (s + 1) * n)).join(' ');
}

/** Lexicographic rank of sigma among the n! permutations (identity 0); the index of exact probabilities. */
export function permutationRank(sigma: ArrayLike<number>): number {
  const n = sigma.length;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = i + 1; j < n; j++) if (sigma[j]! < sigma[i]!) c++;
    rank = rank * (n - i) + c;
  }
  return rank;
}

/** Counts per state key ("2 0 1"). Hashed by rank for n <= 17 (exact in a double), then keyed once per distinct state. */
export function countPermutations(r: Pick<PermSampleResult, 'samples' | 'produced' | 'n'>): Map<string, number> {
  const { samples, produced, n } = r;
  const out = new Map<string, number>();
  if (n > 17) {
    for (let s = 0; s < produced; s++) {
      const key = permutationKey(samples, n, s);
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }
  const byRank = new Map<number, { count: number; row: number }>();
  for (let s = 0; s < produced; s++) {
    const rank = permutationRank(samples.subarray(s * n, (s + 1) * n));
    const e = byRank.get(rank);
    if (e) e.count++;
    else byRank.set(rank, { count: 1, row: s });
  }
  for (const { count, row } of byRank.values()) out.set(permutationKey(samples, n, row), count);
  return out;
}

/**
 * Permutation samples, tallied per state key ("2 0 1"). With `workers` (and n <= 13, so the code
 * sum_i sigma_i n^i stays exact), each worker tallies its own chains; the counts are the same for any number
 * of workers.
 */
export async function samplePermutationCounts(model: PermModel, options: SampleOptions): Promise<StateCounts> {
  if (options.workers === undefined || model.n > 13) {
    const r = await samplePermutations(model, options);
    return { counts: countPermutations(r), produced: r.produced, stopped: r.stopped, seconds: r.seconds };
  }
  const o = nativeOptions(model, options);
  const workers = requireInteger('workers', options.workers, 1, 1024);
  const { flag, dispose } = cancelFlag(options.signal);
  try {
    const r = await parallelStateCounts('permSampleSync', model.toNative(), { ...o, cancel: flag }, 64, workers, model.n, progressAdapter(options.onProgress));
    const counts = new Map<string, number>();
    for (const [code, count] of r.counts) {
      const sigma: number[] = [];
      for (let i = 0, c = code; i < model.n; i++, c = Math.floor(c / model.n)) sigma.push(c % model.n);
      counts.set(sigma.join(' '), count);
    }
    return { ...r, counts };
  } finally {
    dispose();
  }
}
