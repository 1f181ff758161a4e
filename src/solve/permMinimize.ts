/**
 * Lowest-energy permutation (QAP, linear + QAP, clamps) within a time or round budget. Default method
 * 'hybrid': parallel tempering over transpositions with robust tabu search alongside it (native
 * perm_minimize.hpp); 'pt', 'sa' and 'tabu' run one part alone. The answer is polished by a swap descent.
 */
import { native, type NativePermMinimizeOptions, type NativePermMinimizeResult } from '../native.ts';
import type { PermModel } from '../energies/permModel.ts';
import { cancelFlag, timeLimitSeconds, type RunControl } from '../cancel.ts';
import { parallelMinimize } from '../pool/parallel.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber } from '../errors.ts';

export interface PermMinimizeOptions extends RunControl {
  method?: 'hybrid' | 'pt' | 'sa' | 'tabu';
  seed?: number;
  /** PT: replicas per ladder (default 16); SA: independent annealing chains. */
  replicas?: number;
  chains?: number;
  /** Ends of the starting ladder; read off the swap deltas when omitted. */
  betaMin?: number;
  betaMax?: number;
  /** Round budget (PT/SA: one sweep per replica + swaps; tabu: iterations). */
  maxRounds?: number;
  /** Stop as soon as the best energy is <= this. */
  targetEnergy?: number;
  /** Swap descent from the best state (default true). */
  polish?: boolean;
  onProgress?: (p: { seconds: number; bestEnergy: number; rounds: number }) => void;
  /** Worker threads to spread the chains over (piscina pool); omitted: one libuv thread. */
  workers?: number;
}

export interface PermMinimizeResult {
  /** sigma: item -> slot. */
  state: Int32Array;
  energy: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
  secondsToBest: number;
  rounds: number;
  tabuIterations: number;
  /** The chain (ladder, with its tabu walk) that found the best state. */
  chainOfBest: number;
  ladder: number[];
  swapAcceptance: number[];
  barrier: number;
  roundTrips: number;
}

const KEYS = ['method', 'seed', 'replicas', 'chains', 'betaMin', 'betaMax', 'maxRounds', 'targetEnergy', 'polish', 'onProgress', 'signal', 'timeLimitMs', 'workers'] as const;
const METHODS = ['hybrid', 'pt', 'sa', 'tabu'] as const;

function nativeOptions(o: PermMinimizeOptions): NativePermMinimizeOptions {
  if (typeof o !== 'object' || o === null) throw invalidParameterError('options', 'object', o, 'type');
  rejectUnknownKeys('options', o, KEYS);
  const out: NativePermMinimizeOptions = { seed: requireInteger('seed', o.seed ?? 1, 0), timeLimit: timeLimitSeconds(o.timeLimitMs) };
  if (o.method !== undefined) {
    if (!METHODS.includes(o.method)) throw invalidParameterError('method', "'hybrid', 'pt', 'sa' or 'tabu'", o.method);
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
  if (out.maxRounds === undefined && !out.timeLimit && !o.signal) throw new RangeError('Expected a budget: timeLimitMs > 0, maxRounds or signal');
  return out;
}

function result(r: NativePermMinimizeResult): PermMinimizeResult {
  return {
    state: r.state,
    energy: r.energy,
    stopped: r.stopped,
    seconds: r.seconds,
    secondsToBest: r.secondsToBest,
    rounds: r.rounds,
    tabuIterations: r.tabuIterations,
    chainOfBest: r.chainOfBest,
    ladder: Array.from(r.ladder),
    swapAcceptance: Array.from(r.rejection, (x) => 1 - x),
    barrier: r.barrier,
    roundTrips: r.roundTrips,
  };
}

/**
 * Lowest-energy permutation found within the budget, on the libuv thread pool.
 * @example const r = await minimizePermutation(model, { timeLimitMs: 2000 });
 * @throws {TypeError|RangeError} on bad options (the message names the field).
 */
export async function minimizePermutation(model: PermModel, options: PermMinimizeOptions): Promise<PermMinimizeResult> {
  const o = nativeOptions(options);
  const { flag, dispose } = cancelFlag(options.signal);
  o.cancel = flag;
  const onProgress = options.onProgress;
  const progress = onProgress ? (p: { seconds: number; best: number; rounds: number }) => onProgress({ seconds: p.seconds, bestEnergy: p.best, rounds: p.rounds }) : undefined;
  const workers = options.workers === undefined ? undefined : requireInteger('workers', options.workers, 1, 1024);
  try {
    if (workers === undefined) return result(await native().permMinimize(model.toNative(), o, progress));
    return result(await parallelMinimize<NativePermMinimizeResult>('permMinimizeSync', model.toNative(), { ...o }, 1, workers, progress));
  } finally {
    dispose();
  }
}

/** Synchronous form, for small work (blocks the calling thread). */
export function minimizePermutationSync(model: PermModel, options: Omit<PermMinimizeOptions, 'signal' | 'onProgress' | 'workers'>): PermMinimizeResult {
  return result(native().permMinimizeSync(model.toNative(), nativeOptions(options)));
}
