/**
 * MAP / minimum-energy search over a space: parallel tempering or simulated annealing in SIMD lanes, or a tabu
 * search beside PT ('hybrid': robust tabu search for permutations, the default there; tabu over flips for sets)
 * or alone ('tabu'), with a time or round budget, then a descent from the best state found (single flips for
 * sets, swaps for permutations). Written once over the space descriptor (src/spaces).
 */
import type { LanePrecision } from '../native.ts';
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';
import { callNative, type NativeBest, type NativeMinimizeOptionsOf, type Row, type Space } from '../spaces/space.ts';
import { setSpace, type SetMinimizeMethod } from '../spaces/set.ts';
import { permSpace, type PermMinimizeMethod } from '../spaces/perm.ts';
import { cancelFlag, progressOf, timeLimitSeconds, type Progress, type RunControl } from '../cancel.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber, rangeError } from '../errors.ts';
import { requireModel } from '../energies/modelFile.ts';
import { parallelMinimize } from '../pool/parallel.ts';
import { workersOption } from '../pool/pool.ts';
import { nativeDevice, resolveDevice } from '../device.ts';
import { checkMemory, maxMemoryMBOption } from '../resources/memory.ts';
import { limits } from '../limits.ts';

/** Chains when `chains` is omitted (the addon's default too; the pool splits this many). */
const DEFAULT_CHAINS = 1;

/**
 * `Method`: 'pt' | 'sa' | 'hybrid' | 'tabu' for sets (default 'pt'; 'hybrid' and 'tabu' run PT alone under a
 * cardinality, where the walk's flips do not apply), 'hybrid' | 'pt' | 'sa' | 'tabu' for permutations
 * (default 'hybrid').
 */
export interface MinimizeOptions<Method extends string = SetMinimizeMethod> extends RunControl {
  method?: Method;
  seed?: number;
  /** PT: replicas per ladder (default 32 for sets, 16 for permutations); SA: independent annealing chains (default 16 for sets). */
  replicas?: number;
  /** Independent ladders (PT; with 'hybrid' each with its tabu walk) or walks ('tabu'). */
  chains?: number;
  /** Ends of the starting ladder; read off the model's scale (sets) or the swap deltas (permutations) when omitted. */
  betaMin?: number;
  betaMax?: number;
  /** Round budget (PT/SA/hybrid: one sweep per replica + swaps; tabu: iterations per walk). */
  maxRounds?: number;
  /** Stop as soon as the best energy is <= this. */
  targetEnergy?: number;
  /** Descent from the best state (default true). */
  polish?: boolean;
  /** About every 200 ms: elapsed seconds, the best energy so far (`bestEnergy`), rounds done. */
  onProgress?: (p: Progress) => void;
  /** Worker threads to spread the chains over (piscina pool); omitted: one libuv thread. */
  workers?: number;
}

export interface MinimizeResult<R extends Row = Uint8Array> {
  /** 0/1 per item (sets) or sigma, item -> slot (permutations). */
  state: R;
  energy: number;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
  secondsToBest: number;
  rounds: number;
  ladder: number[];
  swapAcceptance: number[];
  barrier: number;
  roundTrips: number;
  /** The chain (ladder, with its tabu walk for permutations) that found the best state. */
  chainOfBest: number;
  /** Lane arithmetic (set models). */
  precision?: LanePrecision;
  /** Tabu search iterations ('hybrid' and 'tabu'; 0 for set models run by PT alone). */
  tabuIterations?: number;
}

const KEYS = ['method', 'seed', 'replicas', 'chains', 'betaMin', 'betaMax', 'maxRounds', 'targetEnergy', 'polish', 'onProgress', 'signal', 'timeLimitMs', 'maxMemoryMB', 'workers', 'device'] as const;

/**
 * The options, validated (the message names the field). Throws when there is no budget (time, rounds or an
 * abort signal) or when the job would not fit in maxMemoryMB.
 */
function nativeOptions<M extends { n: number; beta: number }, R extends Row, Method extends string>(space: Space<M, R, unknown, Method>, model: M, o: MinimizeOptions<Method>): NativeMinimizeOptionsOf<Method> {
  const methods = space.methods.minimize;
  if (typeof o !== 'object' || o === null) throw invalidParameterError('options', 'object', o, 'type');
  rejectUnknownKeys('options', o, KEYS);
  const out: NativeMinimizeOptionsOf<Method> = { seed: requireInteger('seed', o.seed ?? 1, 0), timeLimit: timeLimitSeconds(o.timeLimitMs) };
  if (o.method !== undefined) {
    if (!methods.includes(o.method)) throw invalidParameterError('method', methods.map((m) => `'${m}'`).join(', ').replace(/, ([^,]*)$/, ' or $1'), o.method);
    out.method = o.method;
  }
  if (o.replicas !== undefined) out.replicas = requireInteger('replicas', o.replicas, 1, limits().replicas);
  if (o.chains !== undefined) out.chains = requireInteger('chains', o.chains, 1, limits().chains);
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
  const method = out.method ?? methods[0]!;
  const chains = out.chains ?? DEFAULT_CHAINS;
  const lanes = chains * (out.replicas ?? space.defaults.minimizeReplicas(method));
  const searches = method === 'hybrid' || method === 'tabu' ? chains : 0;
  const workers = workersOption(o.workers);
  checkMemory('minimization', { model: model as unknown as SetModel | PermModel, lanes, rows: 0, searches, ...(workers !== undefined && { workers: Math.min(workers, chains) }) }, maxMemoryMBOption(o.maxMemoryMB), 'replicas, chains or workers');
  return { ...out, ...nativeDevice(resolveDevice(o.device, { lanes, space: space.name, workers })) };
}

function result<R extends Row>(r: NativeBest<R>): MinimizeResult<R> {
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
    ...(r.precision !== undefined && { precision: r.precision }),
    ...(r.tabuIterations !== undefined && { tabuIterations: r.tabuIterations }),
  };
}

async function minimizeIn<M extends { n: number; beta: number; toNative(): unknown }, R extends Row, Method extends string>(
  space: Space<M, R, unknown, Method>,
  model: M,
  options: MinimizeOptions<Method>,
): Promise<MinimizeResult<R>> {
  const o = nativeOptions(space, model, options);
  const { flag, dispose } = cancelFlag(options.signal);
  o.cancel = flag;
  const progress = progressOf('minimize', options.onProgress);
  const workers = workersOption(options.workers);
  try {
    if (workers === undefined) return result(await callNative<Promise<NativeBest<R>>>(space.native.minimize, model, o, progress));
    return result(await parallelMinimize<NativeBest<R>>({ fn: space.native.minimizeSync, model: model.toNative(), options: { ...o }, defaultChains: DEFAULT_CHAINS, workers, onProgress: progress }));
  } finally {
    dispose();
  }
}

/**
 * Lowest-energy state found within the budget, then a descent. Sets: PT (default), SA, 'hybrid' (PT with a
 * tabu walk over flips per chain) or 'tabu' (the walks alone); permutations: 'hybrid' (PT with robust tabu
 * search alongside, default), 'pt', 'sa' or 'tabu'. Runs on the libuv thread
 * pool (or `workers` threads): the event loop stays free.
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
export async function minimize(model: SetModel, options: MinimizeOptions): Promise<MinimizeResult<Uint8Array>>;
export async function minimize(model: PermModel, options: MinimizeOptions<PermMinimizeMethod>): Promise<MinimizeResult<Int32Array>>;
export async function minimize(model: SetModel | PermModel, options: MinimizeOptions<PermMinimizeMethod>): Promise<MinimizeResult<Uint8Array> | MinimizeResult<Int32Array>>;
export async function minimize(model: SetModel | PermModel, options: MinimizeOptions | MinimizeOptions<PermMinimizeMethod>): Promise<MinimizeResult<Uint8Array> | MinimizeResult<Int32Array>> {
  // The method names are checked against the space's list at run time.
  return requireModel(model).space === 'set' ? minimizeIn(setSpace, model, options as MinimizeOptions) : minimizeIn(permSpace, model, options as MinimizeOptions<PermMinimizeMethod>);
}

/** Synchronous form, for small work (blocks the calling thread). */
export function minimizeSync(model: SetModel, options: Omit<MinimizeOptions, 'signal' | 'onProgress' | 'workers'>): MinimizeResult<Uint8Array>;
export function minimizeSync(model: PermModel, options: Omit<MinimizeOptions<PermMinimizeMethod>, 'signal' | 'onProgress' | 'workers'>): MinimizeResult<Int32Array>;
export function minimizeSync(model: SetModel | PermModel, options: Omit<MinimizeOptions<PermMinimizeMethod>, 'signal' | 'onProgress' | 'workers'>): MinimizeResult<Uint8Array> | MinimizeResult<Int32Array>;
export function minimizeSync(
  model: SetModel | PermModel,
  options: Omit<MinimizeOptions, 'signal' | 'onProgress' | 'workers'> | Omit<MinimizeOptions<PermMinimizeMethod>, 'signal' | 'onProgress' | 'workers'>,
): MinimizeResult<Uint8Array> | MinimizeResult<Int32Array> {
  if (requireModel(model).space === 'set') return result(callNative<NativeBest<Uint8Array>>(setSpace.native.minimizeSync, model, nativeOptions(setSpace, model, options as MinimizeOptions)));
  return result(callNative<NativeBest<Int32Array>>(permSpace.native.minimizeSync, model, nativeOptions(permSpace, model, options as MinimizeOptions<PermMinimizeMethod>)));
}
