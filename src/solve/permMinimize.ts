/**
 * Lowest-energy permutation (QAP, linear + QAP, clamps) within a time or round budget. Default method
 * 'hybrid': parallel tempering over transpositions with robust tabu search alongside it (native
 * perm_minimize.hpp); 'pt', 'sa' and 'tabu' run one part alone. The answer is polished by a swap descent.
 */
import { native, type NativePermMinimizeOptions, type NativePermMinimizeResult } from '../native.ts';
import type { PermModel } from '../energies/permModel.ts';
import { cancelFlag, type RunControl } from '../cancel.ts';
import { parallelMinimize } from '../pool/parallel.ts';
import { requireInteger } from '../errors.ts';
import { minimizeNativeOptions } from './minimize.ts';

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

const METHODS = ['hybrid', 'pt', 'sa', 'tabu'] as const;

function nativeOptions(o: PermMinimizeOptions): NativePermMinimizeOptions {
  return minimizeNativeOptions(o, METHODS);
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
