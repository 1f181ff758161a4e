/**
 * log Z = log sum_x exp(-beta E(x)) over the admissible states of a space: exact enumeration (up to 24 free
 * items for sets, 10 for permutations) or the stepping-stone estimate along an adapted parallel-tempering
 * ladder from beta = 0 (where Z is the space's base measure, the number of admissible states) to beta.
 * Written once over the space descriptor (src/spaces).
 */
import type { NativeLogZResult } from '../native.ts';
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';
import { callNative, type NativeExact, type Row, type Space } from '../spaces/space.ts';
import { setSpace } from '../spaces/set.ts';
import { permSpace } from '../spaces/perm.ts';
import { cancelFlag, fromNativeStop, progressOf, timeLimitSeconds, type Progress, type RunControl } from '../cancel.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber } from '../errors.ts';
import { requireModel } from '../energies/modelFile.ts';
import { combineChainLogZ, parallelLogZ } from '../pool/parallel.ts';
import { limits } from '../limits.ts';
import { workersOption } from '../pool/pool.ts';
import { nativeDevice, resolveDevice } from '../device.ts';
import { checkMemory, maxMemoryMBOption } from '../resources/memory.ts';

/** PT ladders when `chains` is omitted (the addon's default too; the pool splits this many). */
const DEFAULT_CHAINS = 8;
/** PT replicas per chain when `replicas` is omitted (the addon's default), for the memory estimate. */
const DEFAULT_REPLICAS = 16;

export interface LogZOptions extends RunControl {
  method?: 'exact' | 'pt';
  beta?: number;
  seed?: number;
  /** PT: independent ladders (default 8; their spread gives the standard error). */
  chains?: number;
  /** PT: rungs per ladder (default 16). */
  replicas?: number;
  /** PT: rounds of ladder tuning (default 1024) and of estimation (default 20000). */
  tuneRounds?: number;
  rounds?: number;
  /** PT: worker threads to spread the chains over; the estimate is the same for any number. */
  workers?: number;
  /** PT: about every 200 ms, elapsed seconds and rounds done. */
  onProgress?: (p: Progress) => void;
}

/** `Marginals`: P(y_i = 1) per item for sets (number[]), P(sigma(i) = j) as n rows for permutations (number[][]). */
export interface LogZResult<Marginals = number[]> {
  logZ: number;
  method: 'exact' | 'pt';
  /** PT: standard error across chains. */
  stdError?: number;
  /** Exact: the marginals (for permutations a doubly stochastic matrix). */
  marginals?: Marginals;
  ladder?: number[];
  barrier?: number;
  stopped?: 'done' | 'deadline' | 'aborted';
  seconds?: number;
}

/** The exact distribution: probabilities indexed by the space's probabilityIndex (bitmask, or permutation rank). */
export interface ExactDistribution<R extends Row = Uint8Array> {
  logZ: number;
  probabilities: Float64Array;
  /** Flat: n values P(y_i = 1) for sets, n * n row-major P(sigma(i) = j) for permutations. */
  marginals: Float64Array;
  minEnergy: number;
  argmin: R;
}

const KEYS = ['method', 'beta', 'seed', 'chains', 'replicas', 'tuneRounds', 'rounds', 'signal', 'timeLimitMs', 'maxMemoryMB', 'workers', 'onProgress', 'device'] as const;

async function logPartitionIn<M extends { n: number; beta: number; toNative(): unknown }, R extends Row, Marginals>(
  space: Space<M, R, Marginals, string>,
  model: M,
  options: LogZOptions,
): Promise<LogZResult<Marginals>> {
  rejectUnknownKeys('options', options, KEYS);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw invalidParameterError('onProgress', 'function', options.onProgress, 'type');
  const method = options.method ?? space.methods.logZ[0];
  if (!space.methods.logZ.includes(method)) throw invalidParameterError('method', "'exact' or 'pt'", method);
  const beta = options.beta === undefined ? model.beta : requireNumber('beta', options.beta, 0);
  if (method === 'exact') {
    // Enumeration polls the signal and the deadline too; stopped, it rejects (a partial sum is no log Z).
    const timeLimit = timeLimitSeconds(options.timeLimitMs);
    const { flag, dispose } = cancelFlag(options.signal);
    try {
      const r = await callNative<Promise<NativeExact<R>>>(space.native.exact, model, { beta, timeLimit, cancel: flag });
      return { logZ: r.logZ, method, marginals: space.marginals(r.marginals, model.n) };
    } catch (error) {
      throw fromNativeStop(error, 'exact log Z', options.signal);
    } finally {
      dispose();
    }
  }
  // The stepping-stone path: on the libuv thread or the chains split over workers, combined identically.
  const o = {
    beta,
    seed: requireInteger('seed', options.seed ?? 1, 0),
    timeLimit: timeLimitSeconds(options.timeLimitMs),
    ...(options.chains !== undefined && { chains: requireInteger('chains', options.chains, 1, limits().chains) }),
    ...(options.replicas !== undefined && { replicas: requireInteger('replicas', options.replicas, 2, limits().replicas) }),
    ...(options.tuneRounds !== undefined && { tuneRounds: requireInteger('tuneRounds', options.tuneRounds, 0) }),
    ...(options.rounds !== undefined && { rounds: requireInteger('rounds', options.rounds, 1) }),
  };
  const workers = workersOption(options.workers);
  const chains = o.chains ?? DEFAULT_CHAINS;
  const job = { model: model as unknown as SetModel | PermModel, lanes: chains * (o.replicas ?? DEFAULT_REPLICAS), rows: 0, ...(workers !== undefined && { workers: Math.min(workers, chains) }) };
  checkMemory('log Z estimate', job, maxMemoryMBOption(options.maxMemoryMB), 'chains, replicas or workers');
  Object.assign(o, nativeDevice(resolveDevice(options.device, { lanes: job.lanes, space: space.name, workers })));
  const { flag, dispose } = cancelFlag(options.signal);
  try {
    const progress = progressOf('logZ', options.onProgress);
    const r =
      workers === undefined
        ? await callNative<Promise<NativeLogZResult>>(space.native.logZ, model, { ...o, cancel: flag }, progress)
        : await parallelLogZ<NativeLogZResult>({ fn: space.native.logZSync, model: model.toNative(), options: { ...o, cancel: flag }, defaultChains: DEFAULT_CHAINS, workers, onProgress: progress });
    const { logZ, stdError } = combineChainLogZ(r.chainLogZ);
    return { logZ, method: 'pt', stdError, ladder: Array.from(r.ladder), barrier: r.barrier, stopped: r.stopped, seconds: r.seconds };
  } finally {
    dispose();
  }
}

/**
 * log Z = log sum_x exp(-beta E(x)) over the admissible states: exact enumeration (the default) or the PT
 * stepping-stone estimate (`method: 'pt'`, with `stdError`). Works for set and permutation models.
 * @param options - `method`, `beta` (default: the model's), and for PT `seed`, `chains`, `rounds`, `workers`, ...
 * @returns `logZ`; exact: the `marginals` P(y_i = 1) (for permutations P(sigma(i) = j), n x n); PT: `stdError`,
 * `ladder`, `stopped`.
 * @example
 * ```ts
 * import { setModel, logPartition } from 'discrete-ebm';
 * const model = setModel({ n: 3, unary: [1, 0, -1] }); // independent items: Z = prod_i (1 + exp(-h_i))
 * const exact = await logPartition(model); // 'exact' is the default
 * // exact.logZ 2.3197 = log((1 + e^-1) * 2 * (1 + e)), exact.marginals [0.269, 0.5, 0.731]
 * const pt = await logPartition(model, { method: 'pt', seed: 1 }); // logZ 2.3194, stdError 0.0004
 * ```
 * @throws (the Promise rejects) RangeError, code EBM_INVALID_INPUT, for exact enumeration of more than 24 free
 * items (10 for a permutation model), an unknown option key or method, or an option out of range.
 * @throws (the Promise rejects) exact enumeration stopped by `signal`: an Error named AbortError (code ABORT_ERR,
 * cause = the signal's reason); past `timeLimitMs`: one named TimeoutError (code EBM_TIMEOUT). PT returns its
 * estimate so far with `stopped` instead.
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when an option has the wrong type.
 */
export async function logPartition(model: SetModel, options?: LogZOptions): Promise<LogZResult<number[]>>;
export async function logPartition(model: PermModel, options?: LogZOptions): Promise<LogZResult<number[][]>>;
export async function logPartition(model: SetModel | PermModel, options?: LogZOptions): Promise<LogZResult<number[]> | LogZResult<number[][]>>;
export async function logPartition(model: SetModel | PermModel, options: LogZOptions = {}): Promise<LogZResult<number[]> | LogZResult<number[][]>> {
  return requireModel(model).space === 'set' ? logPartitionIn(setSpace, model, options) : logPartitionIn(permSpace, model, options);
}

/**
 * Exact distribution (at most 20 items for sets, 10 for permutations: the probabilities are returned):
 * probabilities indexed by the bitmask of y (bit i = y_i) or by `permutationRank(sigma)`, log Z, the flat
 * marginals and the minimum.
 */
export function exactDistribution(model: SetModel, beta?: number): ExactDistribution<Uint8Array>;
export function exactDistribution(model: PermModel, beta?: number): ExactDistribution<Int32Array>;
export function exactDistribution(model: SetModel | PermModel, beta?: number): ExactDistribution<Uint8Array> | ExactDistribution<Int32Array>;
export function exactDistribution(model: SetModel | PermModel, beta?: number): ExactDistribution<Uint8Array> | ExactDistribution<Int32Array> {
  return requireModel(model).space === 'set' ? exactIn(setSpace, model, beta ?? model.beta) : exactIn(permSpace, model, beta ?? model.beta);
}

function exactIn<M extends { n: number; beta: number; toNative(): unknown }, R extends Row>(space: Space<M, R, unknown, string>, model: M, beta: number): ExactDistribution<R> {
  const r = callNative<NativeExact<R>>(space.native.exactSync, model, { beta, probabilities: true });
  return { logZ: r.logZ, probabilities: r.probabilities!, marginals: r.marginals, minEnergy: r.minEnergy, argmin: r.argmin };
}
