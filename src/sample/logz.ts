/**
 * log Z = log sum_y exp(-beta E(y)) over admissible y: exact enumeration (up to 24 free items) or the
 * stepping-stone estimate along an adapted parallel-tempering ladder from beta = 0 (where Z = number of
 * admissible states) to beta.
 */
import { native, type NativeLogZResult, type NativePermModel, type NativeSetModel } from '../native.ts';
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';
import { logPartitionPermutations, type PermLogZResult } from './permLogz.ts';
import { cancelFlag, timeLimitSeconds, type RunControl } from '../cancel.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber } from '../errors.ts';
import { combineChainLogZ, parallelLogZ } from '../pool/parallel.ts';

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
  onProgress?: (p: { seconds: number; rounds: number }) => void;
}

export interface LogZResult {
  logZ: number;
  method: 'exact' | 'pt';
  /** PT: standard error across chains. */
  stdError?: number;
  /** Exact: P(y_i = 1). */
  marginals?: number[];
  ladder?: number[];
  barrier?: number;
  stopped?: 'done' | 'deadline' | 'aborted';
  seconds?: number;
}

const KEYS = ['method', 'beta', 'seed', 'chains', 'replicas', 'tuneRounds', 'rounds', 'signal', 'timeLimitMs', 'workers', 'onProgress'] as const;

/**
 * log Z = log sum_y exp(-beta E(y)) over the admissible states: exact enumeration (the default) or the PT
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
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when an option has the wrong type.
 */
export async function logPartition(model: SetModel, options?: LogZOptions): Promise<LogZResult>;
export async function logPartition(model: PermModel, options?: LogZOptions): Promise<PermLogZResult>;
export async function logPartition(model: SetModel | PermModel, options?: LogZOptions): Promise<LogZResult | PermLogZResult>;
export async function logPartition(model: SetModel | PermModel, options: LogZOptions = {}): Promise<LogZResult | PermLogZResult> {
  if (model.space === 'permutation') return logPartitionPermutations(model, options);
  const { method, beta } = logZOptionsHead(options, model.beta);
  if (method === 'exact') {
    const r = await native().setExact(model.toNative(), { beta });
    return { logZ: r.logZ, method, marginals: Array.from(r.marginals) };
  }
  return ptLogPartition('set', model.toNative(), options, beta);
}

/** The log Z options both spaces check first (keys, onProgress, method, beta); returns the method and beta. */
export function logZOptionsHead(options: LogZOptions, modelBeta: number): { method: 'exact' | 'pt'; beta: number } {
  rejectUnknownKeys('options', options, KEYS);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw invalidParameterError('onProgress', 'function', options.onProgress, 'type');
  const method = options.method ?? 'exact';
  if (method !== 'exact' && method !== 'pt') throw invalidParameterError('method', "'exact' or 'pt'", method);
  return { method, beta: options.beta === undefined ? modelBeta : requireNumber('beta', options.beta, 0) };
}

/**
 * The stepping-stone path shared by both spaces: validates the PT options, runs on the libuv thread or splits
 * the chains over workers, and combines the per-chain estimates (identically for any number of workers).
 */
export async function ptLogPartition(space: 'set' | 'permutation', nativeModel: NativeSetModel | NativePermModel, options: LogZOptions, beta: number): Promise<Omit<LogZResult, 'marginals'>> {
  const o = {
    beta,
    seed: requireInteger('seed', options.seed ?? 1, 0),
    timeLimit: timeLimitSeconds(options.timeLimitMs),
    ...(options.chains !== undefined && { chains: requireInteger('chains', options.chains, 1, 65536) }),
    ...(options.replicas !== undefined && { replicas: requireInteger('replicas', options.replicas, 2, 1024) }),
    ...(options.tuneRounds !== undefined && { tuneRounds: requireInteger('tuneRounds', options.tuneRounds, 0) }),
    ...(options.rounds !== undefined && { rounds: requireInteger('rounds', options.rounds, 1) }),
  };
  const workers = options.workers === undefined ? undefined : requireInteger('workers', options.workers, 1, 1024);
  const { flag, dispose } = cancelFlag(options.signal);
  try {
    const onProgress = options.onProgress;
    const progress = onProgress && ((p: { seconds: number; rounds: number }) => onProgress({ seconds: p.seconds, rounds: p.rounds }));
    let r: NativeLogZResult;
    if (workers !== undefined) r = await parallelLogZ<NativeLogZResult>(space === 'set' ? 'setLogZSync' : 'permLogZSync', nativeModel, { ...o, cancel: flag }, 8, workers, progress);
    else if (space === 'set') r = await native().setLogZ(nativeModel as NativeSetModel, { ...o, cancel: flag }, progress);
    else r = await native().permLogZ(nativeModel as NativePermModel, { ...o, cancel: flag }, progress);
    const { logZ, stdError } = combineChainLogZ(r.chainLogZ);
    return { logZ, method: 'pt', stdError, ladder: Array.from(r.ladder), barrier: r.barrier, stopped: r.stopped, seconds: r.seconds };
  } finally {
    dispose();
  }
}

/** Exact distribution (n <= 20): probabilities indexed by the bitmask of y (bit i = y_i), plus log Z and marginals. */
export function exactDistribution(model: SetModel, beta = model.beta): { logZ: number; probabilities: Float64Array; marginals: Float64Array } {
  const r = native().setExactSync(model.toNative(), { beta, probabilities: true });
  return { logZ: r.logZ, probabilities: r.probabilities!, marginals: r.marginals };
}
