/**
 * MAP / minimum-energy search: parallel tempering (default) or simulated annealing in SIMD lanes, with a
 * time or round budget, then a greedy descent from the best state found.
 */
import { native, type LanePrecision, type NativeMinimizeOptions, type NativeMinimizeResult } from '../native.ts';
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';
import { minimizePermutation, type PermMinimizeOptions, type PermMinimizeResult } from './permMinimize.ts';
import { cancelFlag, timeLimitSeconds, type RunControl } from '../cancel.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber, rangeError } from '../errors.ts';
import { parallelMinimize } from '../pool/parallel.ts';

export interface MinimizeOptions extends RunControl {
  method?: 'pt' | 'sa';
  seed?: number;
  /** PT: replicas per ladder (default 32); SA: independent annealing chains (default 16). */
  replicas?: number;
  /** Independent ladders (PT). */
  chains?: number;
  /** Ends of the starting ladder; read off the model's scale when omitted. */
  betaMin?: number;
  betaMax?: number;
  /** Round budget (one sweep per replica + swaps). */
  maxRounds?: number;
  /** Stop as soon as the best energy is <= this. */
  targetEnergy?: number;
  /** Greedy descent from the best state (default true). */
  polish?: boolean;
  onProgress?: (p: { seconds: number; bestEnergy: number; rounds: number }) => void;
  /** Worker threads to spread the chains over (piscina pool); omitted: one libuv thread. */
  workers?: number;
}

export interface MinimizeResult {
  state: Uint8Array;
  energy: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
  secondsToBest: number;
  rounds: number;
  ladder: number[];
  swapAcceptance: number[];
  barrier: number;
  roundTrips: number;
  /** The chain that found the best state. */
  chainOfBest: number;
  precision: LanePrecision;
}

const KEYS = ['method', 'seed', 'replicas', 'chains', 'betaMin', 'betaMax', 'maxRounds', 'targetEnergy', 'polish', 'onProgress', 'signal', 'timeLimitMs', 'workers'] as const;

/**
 * The minimize options both spaces share, validated (the message names the field); `methods` lists the
 * space's methods. Throws when there is no budget (time, rounds or an abort signal).
 */
export function minimizeNativeOptions<M extends string>(o: { method?: M } & Omit<MinimizeOptions, 'method'>, methods: readonly M[]): Omit<NativeMinimizeOptions, 'method'> & { method?: M } {
  if (typeof o !== 'object' || o === null) throw invalidParameterError('options', 'object', o, 'type');
  rejectUnknownKeys('options', o, KEYS);
  const out: Omit<NativeMinimizeOptions, 'method'> & { method?: M } = { seed: requireInteger('seed', o.seed ?? 1, 0), timeLimit: timeLimitSeconds(o.timeLimitMs) };
  if (o.method !== undefined) {
    if (!methods.includes(o.method)) throw invalidParameterError('method', methods.map((m) => `'${m}'`).join(', ').replace(/, ([^,]*)$/, ' or $1'), o.method);
    out.method = o.method;
  }
  if (o.replicas !== undefined) out.replicas = requireInteger('replicas', o.replicas, 1, 1024);
  if (o.chains !== undefined) out.chains = requireInteger('chains', o.chains, 1, 65536);
  if (o.betaMin !== undefined) out.betaMin = requireNumber('betaMin', o.betaMin, Number.MIN_VALUE);
  if (o.betaMax !== undefined) out.betaMax = requireNumber('betaMax', o.betaMax, Number.MIN_VALUE);
  if (o.maxRounds !== undefined) out.maxRounds = requireInteger('maxRounds', o.maxRounds, 0);
  if (o.targetEnergy !== undefined) out.targetEnergy = requireNumber('targetEnergy', o.targetEnergy);
  if (o.polish !== undefined) {
    if (typeof o.polish !== 'boolean') throw invalidParameterError('polish', 'boolean', o.polish, 'type');
    out.polish = o.polish;
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw invalidParameterError('onProgress', 'function', o.onProgress, 'type');
  if (out.maxRounds === undefined && !out.timeLimit && !o.signal) throw rangeError('Expected a budget: timeLimitMs > 0, maxRounds or signal');
  return out;
}

const SET_METHODS = ['pt', 'sa'] as const;

function result(r: NativeMinimizeResult): MinimizeResult {
  return {
    state: r.state,
    energy: r.energy,
    stopped: r.stopped,
    seconds: r.seconds,
    secondsToBest: r.secondsToBest,
    rounds: r.rounds,
    ladder: Array.from(r.ladder),
    swapAcceptance: Array.from(r.rejection, (x) => 1 - x),
    barrier: r.barrier,
    roundTrips: r.roundTrips,
    chainOfBest: r.chainOfBest,
    precision: r.precision,
  };
}

/**
 * Lowest-energy state found within the budget: PT (default) or SA, then a greedy descent. Runs on the libuv
 * thread pool (or `workers` threads): the event loop stays free. A permutation model goes to
 * `minimizePermutation`.
 * @param options - a budget is required: `timeLimitMs`, `maxRounds` or `signal`.
 * @returns `state` (0/1 per item, or sigma for a permutation model), `energy`, `stopped` and run statistics.
 * @example
 * ```ts
 * import { setModel, minimize } from 'discrete-ebm';
 * const model = setModel({ n: 3, unary: [1, -2, -1], edges: [[1, 2, 2.5]] });
 * const r = await minimize(model, { maxRounds: 100, seed: 1 });
 * // r.state Uint8Array [0, 1, 0], r.energy -2, r.stopped 'done'
 * ```
 * @throws (the Promise rejects) RangeError, code EBM_INVALID_INPUT, when there is no budget (no timeLimitMs > 0,
 * maxRounds or signal), for an unknown option key or method, or an option out of range (the message names the
 * field).
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when an option has the wrong type (e.g. a
 * non-function onProgress).
 */
export async function minimize(model: SetModel, options: MinimizeOptions): Promise<MinimizeResult>;
export async function minimize(model: PermModel, options: PermMinimizeOptions): Promise<PermMinimizeResult>;
export async function minimize(model: SetModel | PermModel, anyOptions: MinimizeOptions | PermMinimizeOptions): Promise<MinimizeResult | PermMinimizeResult> {
  if (model.space === 'permutation') return minimizePermutation(model, anyOptions as PermMinimizeOptions);
  const options = anyOptions as MinimizeOptions;
  const o = minimizeNativeOptions(options, SET_METHODS);
  const { flag, dispose } = cancelFlag(options.signal);
  o.cancel = flag;
  const onProgress = options.onProgress;
  const progress = onProgress ? (p: { seconds: number; best: number; rounds: number }) => onProgress({ seconds: p.seconds, bestEnergy: p.best, rounds: p.rounds }) : undefined;
  const workers = options.workers === undefined ? undefined : requireInteger('workers', options.workers, 1, 1024);
  try {
    if (workers === undefined) return result(await native().setMinimize(model.toNative(), o, progress));
    return result(await parallelMinimize<NativeMinimizeResult>('setMinimizeSync', model.toNative(), { ...o }, 1, workers, progress));
  } finally {
    dispose();
  }
}

/** Synchronous form, for small work (blocks the calling thread). */
export function minimizeSync(model: SetModel, options: Omit<MinimizeOptions, 'signal' | 'onProgress' | 'workers'>): MinimizeResult {
  return result(native().setMinimizeSync(model.toNative(), minimizeNativeOptions(options, SET_METHODS)));
}
