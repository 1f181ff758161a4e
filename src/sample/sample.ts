/**
 * Sampling from p(y) ∝ exp(-beta E(y)): many-chain Gibbs (default) or parallel tempering, chains in SIMD
 * lanes. Samples of chain c sit at indices c, c + chains, c + 2 chains, ...; a chain's samples depend only on
 * (seed, chain id), so adding chains never changes the ones already there.
 */
import { native, type LanePrecision, type NativeSampleOptions, type NativeSampleResult } from '../native.ts';
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';
// permSample.ts imports helpers from this file too; the cycle is safe because neither uses the other at load time.
import { samplePermutationCounts, samplePermutations, type PermSampleResult } from './permSample.ts';
import { cancelFlag, timeLimitSeconds, type RunControl } from '../cancel.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber, rangeError } from '../errors.ts';
import { parallelSample, parallelStateCounts } from '../pool/parallel.ts';

export interface SampleOptions extends RunControl {
  samples: number;
  method?: 'gibbs' | 'pt';
  seed?: number;
  /** Inverse temperature (default: the model's beta). */
  beta?: number;
  /** Independent chains (default 64). */
  chains?: number;
  /** PT replicas per chain (default 8). */
  replicas?: number;
  /** Sweeps (rounds) between kept samples of a chain (default 1). */
  thin?: number;
  /** Sweeps before the first kept sample (default 256). */
  burnIn?: number;
  /**
   * Worker threads to spread the chains over (piscina pool). Omitted: one libuv thread. The samples are the
   * same for any number of workers.
   */
  workers?: number;
  /**
   * Starting state of each chain, chains * n values (chain c at [c n, (c+1) n)): persistent chains continue
   * from the last samples of a previous run. Sets: a Uint8Array of 0/1 respecting clamps and cardinality;
   * permutations: an Int32Array of sigma rows (item -> slot) respecting clamps. Every replica of a chain starts there.
   */
  initial?: Uint8Array | Int32Array;
  /** About every 200 ms: elapsed seconds, samples kept so far, rounds done (per chain). */
  onProgress?: (p: { seconds: number; produced: number; rounds: number }) => void;
}

export interface SampleResult {
  /** samples * n, row-major, 0/1. */
  samples: Uint8Array;
  produced: number;
  n: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
  rounds: number;
  ladder: number[];
  swapAcceptance: number[];
  roundTrips: number;
  precision: LanePrecision;
}

const KEYS = ['samples', 'method', 'seed', 'beta', 'chains', 'replicas', 'thin', 'burnIn', 'signal', 'timeLimitMs', 'workers', 'initial', 'onProgress'] as const;

/**
 * The options both spaces share, validated: samples, seed, beta (default: the model's), deadline, method, chains,
 * replicas, thinning, burn-in, onProgress. `maxCells` bounds samples * n (the rows are returned in memory).
 */
export function samplingOptions(
  o: SampleOptions,
  model: { n: number; beta: number },
  keys: readonly string[],
  defaults: { thin?: number; maxCells: number },
): NativeSampleOptions {
  if (typeof o !== 'object' || o === null) throw invalidParameterError('options', 'object', o, 'type');
  rejectUnknownKeys('options', o, keys);
  const out: NativeSampleOptions = {
    samples: requireInteger('samples', o.samples, 1, 2 ** 40),
    seed: requireInteger('seed', o.seed ?? 1, 0),
    beta: o.beta === undefined ? model.beta : requireNumber('beta', o.beta, 0),
    timeLimit: timeLimitSeconds(o.timeLimitMs),
  };
  if (o.method !== undefined) {
    if (o.method !== 'gibbs' && o.method !== 'pt') throw invalidParameterError('method', "'gibbs' or 'pt'", o.method);
    out.method = o.method;
  }
  if (o.chains !== undefined) out.chains = requireInteger('chains', o.chains, 1, 65536);
  if (o.replicas !== undefined) out.replicas = requireInteger('replicas', o.replicas, 2, 1024);
  if (o.thin !== undefined) out.thin = requireInteger('thin', o.thin, 1, 2 ** 20);
  else if (defaults.thin !== undefined) out.thin = defaults.thin;
  if (o.burnIn !== undefined) out.burnIn = requireInteger('burnIn', o.burnIn, 0);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw invalidParameterError('onProgress', 'function', o.onProgress, 'type');
  if (out.samples * model.n > defaults.maxCells)
    throw rangeError(`Expected samples * n <= ${defaults.maxCells.toExponential(0).replace('+', '')} for samples but received ${out.samples} samples of ${model.n} items`);
  return out;
}

/** Checks the shape of `initial` (chains * n values of the given array type); the native job checks the values. */
export function initialStates(o: SampleOptions, out: NativeSampleOptions, n: number, Rows: Uint8ArrayConstructor | Int32ArrayConstructor): void {
  if (o.initial === undefined) return;
  const chains = out.chains ?? 64;
  const expected = `${Rows.name} of chains * n = ${chains * n} values`;
  if (!(o.initial instanceof Rows)) throw invalidParameterError('initial', expected, o.initial, 'type');
  if (o.initial.length !== chains * n) throw invalidParameterError('initial', expected, o.initial);
  out.initial = o.initial;
}

function nativeOptions(model: SetModel, o: SampleOptions): NativeSampleOptions {
  const out = samplingOptions(o, model, KEYS, { maxCells: 4e9 });
  initialStates(o, out, model.n, Uint8Array);
  return out;
}

/** The result fields both spaces share, from a native sampling result. */
export function sampleResultFields<Rows extends Uint8Array | Int32Array>(
  n: number,
  r: { samples: Rows; produced: number; stopped: SampleResult['stopped']; seconds: number; rounds: number; ladder: ArrayLike<number>; rejection: ArrayLike<number>; roundTrips: number },
) {
  return {
    samples: r.samples,
    produced: r.produced,
    n,
    stopped: r.stopped,
    seconds: r.seconds,
    rounds: r.rounds,
    ladder: Array.from(r.ladder),
    swapAcceptance: Array.from(r.rejection, (x) => 1 - x),
    roundTrips: r.roundTrips,
  };
}

function result(model: SetModel, r: NativeSampleResult): SampleResult {
  return { ...sampleResultFields(model.n, r), precision: r.precision };
}

/**
 * Draws samples from p(y) ∝ exp(-beta E(y)) on the libuv thread pool (or `workers` threads): many-chain Gibbs
 * (default) or `method: 'pt'`. A permutation model goes to `samplePermutations` (Int32Array sigma rows).
 * @param options - `samples` (required), `seed`, `chains`, `thin`, `burnIn`, `initial` (persistent chains), ...
 * @returns `samples` (produced * n, row-major; chain c's samples at rows c, c + chains, ...), `produced`,
 * `stopped` and sampler statistics.
 * @example
 * ```ts
 * import { setModel, sample, countStates } from 'discrete-ebm';
 * const model = setModel({ n: 4, unary: [0.5, -1, 0.2, 0], edges: [[0, 1, 1.5], [2, 3, -0.7]], cardinality: 2 });
 * const r = await sample(model, { samples: 10_000, seed: 1 });
 * // r.samples: a Uint8Array of 10000 rows of 4 (0/1), the same for the same seed and options
 * countStates(r); // Map { '0101' => 3377, '0110' => 2687, ... }
 * // about 0.34 and 0.28 of the samples: exactDistribution(model) gives 0.337 and 0.276
 * ```
 * @throws (the Promise rejects) RangeError, code EBM_INVALID_INPUT, for an unknown option key, an option out of
 * range (samples < 1, samples * n over the memory cap, ...) or `initial` rows of the wrong length or with invalid
 * states.
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when an option has the wrong type (e.g. samples
 * missing or not a number, initial not a Uint8Array for a set model).
 */
export async function sample(model: SetModel, options: SampleOptions): Promise<SampleResult>;
export async function sample(model: PermModel, options: SampleOptions): Promise<PermSampleResult>;
export async function sample(model: SetModel | PermModel, options: SampleOptions): Promise<SampleResult | PermSampleResult> {
  if (model.space === 'permutation') return samplePermutations(model, options);
  const o = nativeOptions(model, options);
  const workers = options.workers === undefined ? undefined : requireInteger('workers', options.workers, 1, 1024);
  const { flag, dispose } = cancelFlag(options.signal);
  o.cancel = flag;
  try {
    const progress = progressAdapter(options.onProgress);
    if (workers === undefined) return result(model, await native().setSample(model.toNative(), o, progress && ((p) => progress({ seconds: p.seconds, value: p.best, rounds: p.rounds }))));
    return result(model, await parallelSample<NativeSampleResult>('setSampleSync', model.toNative(), { ...o }, 64, model.n, workers, progress));
  } finally {
    dispose();
  }
}

/** Native/worker progress (seconds, value = samples kept, rounds) -> the onProgress of the sampling options. */
export function progressAdapter(
  onProgress: SampleOptions['onProgress'],
): ((p: { seconds: number; value: number; rounds: number }) => void) | undefined {
  return onProgress && ((p) => onProgress({ seconds: p.seconds, produced: p.value, rounds: p.rounds }));
}

/** Synchronous form, for small work. */
export function sampleSync(model: SetModel, options: Omit<SampleOptions, 'signal' | 'workers' | 'onProgress'>): SampleResult {
  return result(model, native().setSampleSync(model.toNative(), nativeOptions(model, options)));
}

/** State key as in the CLI contract: "0110" for sets (item 0 first). */
export function setStateKey(samples: Uint8Array, n: number, s: number): string {
  let key = '';
  for (let i = 0; i < n; i++) key += samples[s * n + i] ? '1' : '0';
  return key;
}

/** Key "0110" of the state with code sum_i y_i 2^i. */
function setKeyOfCode(code: number, n: number): string {
  let key = '';
  for (let i = 0, c = code; i < n; i++, c = Math.floor(c / 2)) key += c % 2 ? '1' : '0';
  return key;
}

/** Counts per state key. States are hashed by integer code for n <= 52, then converted once per distinct state. */
export function countStates(r: Pick<SampleResult, 'samples' | 'produced' | 'n'>): Map<string, number> {
  const out = new Map<string, number>();
  const { samples, produced, n } = r;
  if (n <= 52) {
    const codes = new Map<number, number>();
    for (let s = 0; s < produced; s++) {
      let code = 0;
      for (let i = n - 1; i >= 0; i--) code = code * 2 + samples[s * n + i]!;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    for (const [code, count] of codes) out.set(setKeyOfCode(code, n), count);
    return out;
  }
  for (let s = 0; s < produced; s++) {
    const key = setStateKey(samples, n, s);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface StateCounts {
  /** State key ("0110") -> count. */
  counts: Map<string, number>;
  produced: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
}

/**
 * Samples, tallied: the counts of distinct states. With `workers`, each worker tallies its own chains and only
 * the distinct states travel back (no row copies); the counts are the same for any number of workers.
 * @param options - the `sample` options.
 * @returns `counts`: state key -> count ("0110" for sets, item 0 first; "2 0 1" for permutations: item 0 in slot
 * 2, ...), `produced`, `stopped`, `seconds`.
 * @example
 * ```ts
 * import { permModel, sampleCounts } from 'discrete-ebm';
 * const model = permModel({ n: 3, linear: [[0, 1, 2], [1, 0, 1], [2, 1, 0]] });
 * const { counts } = await sampleCounts(model, { samples: 60_000, seed: 1, workers: 2 });
 * // counts.get('0 1 2') is about 0.75 of 60000 (exact p = 0.754); the counts are the same with or without workers
 * ```
 * @throws (the Promise rejects) RangeError, code EBM_INVALID_INPUT, for an unknown option key or an option out of
 * range.
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when an option has the wrong type.
 */
export async function sampleCounts(model: SetModel | PermModel, options: SampleOptions): Promise<StateCounts> {
  if (model.space === 'permutation') return samplePermutationCounts(model, options);
  if (options.workers === undefined || model.n > 52) {
    const r = await sample(model, options);
    return { counts: countStates(r), produced: r.produced, stopped: r.stopped, seconds: r.seconds };
  }
  const o = nativeOptions(model, options);
  const workers = requireInteger('workers', options.workers, 1, 1024);
  const { flag, dispose } = cancelFlag(options.signal);
  try {
    const r = await parallelStateCounts('setSampleSync', model.toNative(), { ...o, cancel: flag }, 64, workers, 2, progressAdapter(options.onProgress));
    const counts = new Map<string, number>();
    for (const [code, count] of r.counts) counts.set(setKeyOfCode(code, model.n), count);
    return { ...r, counts };
  } finally {
    dispose();
  }
}
