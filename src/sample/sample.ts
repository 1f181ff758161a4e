/**
 * Sampling from p(x) ∝ exp(-beta E(x)) over a space (sets or permutations): many-chain Gibbs (default) or
 * parallel tempering, chains in SIMD lanes. Samples of chain c sit at rows c, c + chains, c + 2 chains, ...; a
 * chain's samples depend only on (seed, chain id), so adding chains never changes the ones already there.
 * Written once over the space descriptor (src/spaces).
 */
import type { LanePrecision, NativeSampleOptions } from '../native.ts';
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';
import { callNative, keyOfCode, stateKey, type NativeRows, type Row, type Space } from '../spaces/space.ts';
import { setSpace } from '../spaces/set.ts';
import { permSpace } from '../spaces/perm.ts';
import { cancelFlag, progressOf, timeLimitSeconds, type Progress, type RunControl } from '../cancel.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber, rangeError } from '../errors.ts';
import { requireModel } from '../energies/modelFile.ts';
import { parallelSample, parallelStateCounts } from '../pool/parallel.ts';
import { limits } from '../limits.ts';
import { workersOption } from '../pool/pool.ts';
import { nativeDevice, resolveDevice } from '../device.ts';
import { checkMemory, maxMemoryMBOption } from '../resources/memory.ts';

/** Chains when `chains` is omitted (the addon's default too; the pool splits this many). */
export const DEFAULT_CHAINS = 64;
/** PT replicas per chain when `replicas` is omitted (the addon's default), for the memory estimate. */
const DEFAULT_REPLICAS = 8;

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
  /** Sweeps (rounds) between kept samples of a chain (default 1 for sets, 2 for permutations). */
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
  /** About every 200 ms: elapsed seconds, samples kept so far (`produced`), rounds done (per chain). */
  onProgress?: (p: Progress) => void;
}

export interface SampleResult<R extends Row = Uint8Array> {
  /** samples * n, row-major: 0/1 per item (sets) or sigma, item -> slot (permutations). */
  samples: R;
  produced: number;
  n: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
  rounds: number;
  ladder: number[];
  swapAcceptance: number[];
  roundTrips: number;
  /** Lane arithmetic (set models; permutation lanes are always float64 and do not report it). */
  precision?: LanePrecision;
}

export interface StateCounts {
  /** State key ("0110" for sets, "2 0 1" for permutations) -> count. */
  counts: Map<string, number>;
  produced: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
  /** PT: swap acceptance per neighbouring ladder pair (of the first worker's chains with workers); [] for Gibbs. */
  swapAcceptance?: number[];
}

const KEYS = ['samples', 'method', 'seed', 'beta', 'chains', 'replicas', 'thin', 'burnIn', 'signal', 'timeLimitMs', 'maxMemoryMB', 'workers', 'initial', 'onProgress', 'device'] as const;

/**
 * The options, validated (the message names the field), in the addon's form; `initial` must have the space's
 * row type. `rows`: whether the samples come back as rows (sampleCounts with workers tallies them in the workers).
 */
function nativeOptions<M extends { n: number; beta: number }, R extends Row>(space: Space<M, R, unknown, string>, model: M, o: SampleOptions, rows = true): NativeSampleOptions {
  if (typeof o !== 'object' || o === null) throw invalidParameterError('options', 'object', o, 'type');
  rejectUnknownKeys('options', o, KEYS);
  const out: NativeSampleOptions = {
    samples: requireInteger('samples', o.samples, 1, 2 ** 40),
    seed: requireInteger('seed', o.seed ?? 1, 0),
    beta: o.beta === undefined ? model.beta : requireNumber('beta', o.beta, 0),
    timeLimit: timeLimitSeconds(o.timeLimitMs),
  };
  if (o.method !== undefined) {
    if (!space.methods.sample.includes(o.method)) throw invalidParameterError('method', "'gibbs' or 'pt'", o.method);
    out.method = o.method;
  }
  if (o.chains !== undefined) out.chains = requireInteger('chains', o.chains, 1, limits().chains);
  if (o.replicas !== undefined) out.replicas = requireInteger('replicas', o.replicas, 2, limits().replicas);
  out.thin = o.thin === undefined ? space.defaults.thin : requireInteger('thin', o.thin, 1, 2 ** 20);
  if (o.burnIn !== undefined) out.burnIn = requireInteger('burnIn', o.burnIn, 0);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw invalidParameterError('onProgress', 'function', o.onProgress, 'type');
  const cells = space.limits().cells;
  if (out.samples * model.n > cells)
    throw rangeError(`Expected samples * n <= ${cells.toExponential(0).replace('+', '')} for samples but received ${out.samples} samples of ${model.n} items`);
  // The shape of `initial` (chains * n values of the row type); the native job checks the values.
  if (o.initial !== undefined) {
    const chains = out.chains ?? DEFAULT_CHAINS;
    const expected = `${space.Row.name} of chains * n = ${chains * model.n} values`;
    if (!(o.initial instanceof space.Row)) throw invalidParameterError('initial', expected, o.initial, 'type');
    if (o.initial.length !== chains * model.n) throw invalidParameterError('initial', expected, o.initial);
    out.initial = o.initial;
  }
  const chains = out.chains ?? DEFAULT_CHAINS;
  const lanes = chains * (out.method === 'pt' ? (out.replicas ?? DEFAULT_REPLICAS) : 1);
  const workers = workersOption(o.workers);
  const job = { model: model as unknown as SetModel | PermModel, lanes, rows: rows ? out.samples : 0, ...(workers !== undefined && { workers: Math.min(workers, chains) }) };
  checkMemory('sampling', job, maxMemoryMBOption(o.maxMemoryMB), 'samples, chains, replicas or workers');
  return { ...out, ...nativeDevice(resolveDevice(o.device, { lanes, space: space.name, workers })) };
}

function result<R extends Row>(n: number, r: NativeRows<R>): SampleResult<R> {
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
    ...(r.precision !== undefined && { precision: r.precision }),
  };
}

async function sampleIn<M extends { n: number; beta: number; toNative(): unknown }, R extends Row>(space: Space<M, R, unknown, string>, model: M, options: SampleOptions): Promise<SampleResult<R>> {
  const o = nativeOptions(space, model, options);
  const workers = workersOption(options.workers);
  const { flag, dispose } = cancelFlag(options.signal);
  try {
    const progress = progressOf('sample', options.onProgress);
    if (workers === undefined) return result(model.n, await callNative<Promise<NativeRows<R>>>(space.native.sample, model, { ...o, cancel: flag }, progress));
    return result(model.n, await parallelSample<NativeRows<R>>({ fn: space.native.sampleSync, model: model.toNative(), options: { ...o, cancel: flag }, defaultChains: DEFAULT_CHAINS, workers, onProgress: progress }, model.n, space.Row));
  } finally {
    dispose();
  }
}

/**
 * Draws samples from p(x) ∝ exp(-beta E(x)) on the libuv thread pool (or `workers` threads): many-chain Gibbs
 * (default) or `method: 'pt'`. Set models give 0/1 rows in a Uint8Array, permutation models sigma rows in an
 * Int32Array.
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
export async function sample(model: SetModel, options: SampleOptions): Promise<SampleResult<Uint8Array>>;
export async function sample(model: PermModel, options: SampleOptions): Promise<SampleResult<Int32Array>>;
export async function sample(model: SetModel | PermModel, options: SampleOptions): Promise<SampleResult<Uint8Array> | SampleResult<Int32Array>>;
export async function sample(model: SetModel | PermModel, options: SampleOptions): Promise<SampleResult<Uint8Array> | SampleResult<Int32Array>> {
  return requireModel(model).space === 'set' ? sampleIn(setSpace, model, options) : sampleIn(permSpace, model, options);
}

/** Synchronous form, for small work (blocks the calling thread). */
export function sampleSync(model: SetModel, options: Omit<SampleOptions, 'signal' | 'workers' | 'onProgress'>): SampleResult<Uint8Array>;
export function sampleSync(model: PermModel, options: Omit<SampleOptions, 'signal' | 'workers' | 'onProgress'>): SampleResult<Int32Array>;
export function sampleSync(model: SetModel | PermModel, options: Omit<SampleOptions, 'signal' | 'workers' | 'onProgress'>): SampleResult<Uint8Array> | SampleResult<Int32Array>;
export function sampleSync(model: SetModel | PermModel, options: Omit<SampleOptions, 'signal' | 'workers' | 'onProgress'>): SampleResult<Uint8Array> | SampleResult<Int32Array> {
  if (requireModel(model).space === 'set') return result(model.n, callNative<NativeRows<Uint8Array>>(setSpace.native.sampleSync, model, nativeOptions(setSpace, model, options)));
  return result(model.n, callNative<NativeRows<Int32Array>>(permSpace.native.sampleSync, model, nativeOptions(permSpace, model, options)));
}

/**
 * Counts per state key, in order of first appearance. The space is read off the row type (Uint8Array: sets,
 * Int32Array: permutations). States are hashed by their integer code while it is exact in a double, then keyed
 * once per distinct state.
 */
export function countStates(r: Pick<SampleResult<Row>, 'samples' | 'produced' | 'n'>): Map<string, number> {
  if (typeof r !== 'object' || r === null) throw invalidParameterError('result', 'object { samples, produced, n }', r, 'type');
  if (!(r.samples instanceof Uint8Array || r.samples instanceof Int32Array)) throw invalidParameterError('result.samples', 'Uint8Array or Int32Array', r.samples, 'type');
  const space = r.samples instanceof Int32Array ? permSpace : setSpace;
  const { samples } = r;
  const n = requireInteger('result.n', r.n, 1);
  // produced * n must lie inside samples: a larger count would loop over rows that are not there.
  const produced = requireInteger('result.produced', r.produced, 0, Math.floor(samples.length / n));
  const out = new Map<string, number>();
  if (n > space.limits().codeItems) {
    for (let s = 0; s < produced; s++) {
      const key = stateKey(samples.subarray(s * n, (s + 1) * n), space.keySeparator);
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }
  const base = space.codeBase(n);
  const codes = new Map<number, number>();
  for (let s = 0; s < produced; s++) {
    let code = 0;
    for (let i = n - 1; i >= 0; i--) code = code * base + samples[s * n + i]!;
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  for (const [code, count] of codes) out.set(keyOfCode(code, n, base, space.keySeparator), count);
  return out;
}

async function sampleCountsIn<M extends { n: number; beta: number; toNative(): unknown }, R extends Row>(space: Space<M, R, unknown, string>, model: M, options: SampleOptions): Promise<StateCounts> {
  if (options.workers === undefined || model.n > space.limits().codeItems) {
    const r = await sampleIn(space, model, options);
    return { counts: countStates(r), produced: r.produced, stopped: r.stopped, seconds: r.seconds, swapAcceptance: r.swapAcceptance };
  }
  const o = nativeOptions(space, model, options, false);
  const workers = workersOption(options.workers)!;
  const { flag, dispose } = cancelFlag(options.signal);
  try {
    const base = space.codeBase(model.n);
    const r = await parallelStateCounts({ fn: space.native.sampleSync, model: model.toNative(), options: { ...o, cancel: flag }, defaultChains: DEFAULT_CHAINS, workers, onProgress: progressOf('sample', options.onProgress) }, base);
    const counts = new Map<string, number>();
    for (const [code, count] of r.counts) counts.set(keyOfCode(code, model.n, base, space.keySeparator), count);
    const { rejection, ...rest } = r;
    return { ...rest, counts, swapAcceptance: Array.from(rejection, (x) => 1 - x) };
  } finally {
    dispose();
  }
}

/**
 * Samples, tallied: the counts of distinct states. With `workers` (and codes exact in a double: n <= 52 for
 * sets, n <= 13 for permutations), each worker tallies its own chains and only the distinct states travel back
 * (no row copies); the counts are the same for any number of workers.
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
  return requireModel(model).space === 'set' ? sampleCountsIn(setSpace, model, options) : sampleCountsIn(permSpace, model, options);
}
