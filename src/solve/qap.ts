/**
 * Quadratic assignment (QAPLIB convention): minimize cost(sigma) = sum_ij A[i][j] * B[sigma(i)][sigma(j)] over
 * permutations, sigma[i] = location of item i (0-based). The returned cost is recomputed from the permutation
 * (`qapCost`), never taken from the solver's running energy.
 */
import { PermModel } from '../energies/permModel.ts';
import { limits } from '../limits.ts';
import { qapCost, type QapInstance } from '../data/qaplib.ts';
import { requireFiniteEntries, requireSquareEntries } from '../energies/matrix.ts';
import { requireInteger, typeError } from '../errors.ts';
import type { PermMinimizeMethod } from '../spaces/perm.ts';
import { minimize, type MinimizeOptions, type MinimizeResult } from './minimize.ts';
import { maxCutWorkers } from './maxcut.ts';

export interface QapResult extends Omit<MinimizeResult<Int32Array>, 'state' | 'energy'> {
  cost: number;
  permutation: Int32Array;
}

/**
 * The method `solveQap` and `ebm qap` use when none is given, by size: below 40 items 'hybrid' (PT with a tabu
 * walk per chain: PT finds the optima of small structured instances such as chr25a where tabu stalls, and the
 * whole ladder costs little); from 40 items 'tabu', the iterated robust tabu search alone (its O(n^2) step is
 * where the time goes at n = 50..256, and on tai50a..tai256c, sko100a, wil100 and tho150 a single kicked walk
 * beats splitting the budget with PT; bench/scaleQap.ts measures it). Each 'tabu' walk first anneals (2000
 * sweeps, at most about 5 s of a core at n = 256: native/core/perm_iterated.hpp), which finds better basins
 * than the walk does from a random start on tai256c, tho150, sko100a and wil100, and costs tai*a its time.
 */
export function defaultQapMethod(n: number): PermMinimizeMethod {
  return n < 40 ? 'hybrid' : 'tabu';
}

/**
 * `ebm qap`'s workers without --workers, and its chains without --chains (one per worker): for the iterated tabu
 * search (the default from 40 items) both cores when they are idle, by the rule of `maxCutWorkers` (cores minus
 * the 1-minute load average >= 1.5, at most 2), else one. Walk c draws from its global chain id, so walk 0 runs
 * exactly as it would alone and, at equal steps per walk, the best of two is never worse than one; on a busy
 * core a second walk would only take steps from the first. Other methods keep one chain ('hybrid' solves the
 * small instances in milliseconds). A time budget already makes the answer depend on the machine; --chains and
 * a step budget fix it.
 */
export function qapWorkers(n: number, method: PermMinimizeMethod = defaultQapMethod(n)): number {
  return method === 'tabu' ? maxCutWorkers() : 1;
}

/** The QAP as a permutation model (A and B are used as given: no copy). */
export function qapModel(flow: Float64Array, distance: Float64Array, n: number): PermModel {
  requireInteger('n', n, 1, limits().permItems);
  if (!(flow instanceof Float64Array)) throw typeError(`Expected a Float64Array for flow but received ${typeof flow}`);
  if (!(distance instanceof Float64Array)) throw typeError(`Expected a Float64Array for distance but received ${typeof distance}`);
  requireSquareEntries(flow, n, 'flow');
  requireSquareEntries(distance, n, 'distance');
  requireFiniteEntries(flow, n, 'flow');
  requireFiniteEntries(distance, n, 'distance');
  return new PermModel(n, 1, null, flow, distance, null);
}

/**
 * Best permutation found within the budget (default method by size: `defaultQapMethod`), on the libuv thread
 * pool. The cost is recomputed from the permutation with `qapCost`.
 * @param instance - n, flow A and distance B (row-major n x n Float64Arrays), e.g. from `readQaplibDat`.
 * @param options - a budget is required: `timeLimitMs`, `maxRounds` or `signal` (`targetEnergy` stops early).
 * @returns `cost`, `permutation` (item -> location, 0-based), `stopped` ('done' | 'deadline' | 'aborted') and run
 * statistics.
 * @example
 * ```ts
 * import { readQaplibDat, solveQap, qapCost } from 'discrete-ebm';
 * const nug12 = readQaplibDat('data/nug12.dat');
 * const r = await solveQap(nug12, { timeLimitMs: 1000, seed: 1, targetEnergy: 578 });
 * // r.cost 578 (the optimum, so r.stopped is 'done' long before the deadline)
 * qapCost(nug12.flow, nug12.distance, nug12.n, r.permutation) === r.cost; // true
 *
 * // Cancellation: the run returns its best-so-far with stopped 'aborted'.
 * const aborted = await solveQap(nug12, { signal: AbortSignal.timeout(300) });
 * ```
 * @throws (the Promise rejects) RangeError, code EBM_INVALID_INPUT, when there is no budget (no timeLimitMs > 0,
 * maxRounds or signal), for an unknown option key or method, or when flow/distance do not have n * n finite
 * entries.
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when flow or distance is not a Float64Array or
 * an option has the wrong type.
 */
export async function solveQap(instance: QapInstance, options: MinimizeOptions<PermMinimizeMethod>): Promise<QapResult> {
  const { n, flow, distance } = instance;
  const r = await minimize(qapModel(flow, distance, n), { ...options, method: options.method ?? defaultQapMethod(n) });
  const { state, energy: _energy, ...stats } = r;
  return { ...stats, cost: qapCost(flow, distance, n, state), permutation: state };
}
