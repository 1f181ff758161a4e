/**
 * Quadratic assignment (QAPLIB convention): minimize cost(sigma) = sum_ij A[i][j] * B[sigma(i)][sigma(j)] over
 * permutations, sigma[i] = location of item i (0-based). The returned cost is recomputed from the permutation
 * (`qapCost`), never taken from the solver's running energy.
 */
import { PermModel, MAX_PERM_ITEMS } from '../energies/permModel.ts';
import { qapCost, type QapInstance } from '../data/qaplib.ts';
import { requireInteger, rangeError, typeError } from '../errors.ts';
import { minimizePermutation, type PermMinimizeOptions, type PermMinimizeResult } from './permMinimize.ts';

export interface QapResult extends Omit<PermMinimizeResult, 'state' | 'energy'> {
  cost: number;
  permutation: Int32Array;
}

/** The QAP as a permutation model (A and B are used as given: no copy). */
export function qapModel(flow: Float64Array, distance: Float64Array, n: number): PermModel {
  requireInteger('n', n, 1, MAX_PERM_ITEMS);
  if (!(flow instanceof Float64Array)) throw typeError(`Expected a Float64Array for flow but received ${typeof flow}`);
  if (!(distance instanceof Float64Array)) throw typeError(`Expected a Float64Array for distance but received ${typeof distance}`);
  if (flow.length !== n * n) throw rangeError(`Expected ${n * n} entries for flow but received ${flow.length}`);
  if (distance.length !== n * n) throw rangeError(`Expected ${n * n} entries for distance but received ${distance.length}`);
  for (const [name, M] of [['flow', flow], ['distance', distance]] as const)
    for (let k = 0; k < n * n; k++)
      if (!Number.isFinite(M[k]!)) throw rangeError(`Expected finite number for ${name}[${Math.floor(k / n)}][${k % n}] but received ${M[k]}`);
  return new PermModel(n, 1, null, flow, distance, null);
}

/**
 * Best permutation found within the budget (default method: PT with robust tabu search alongside).
 * @example const { cost, permutation } = await solveQap(readQaplibDat('nug20.dat'), { timeLimitMs: 10000 });
 * @throws {TypeError|RangeError} on bad matrices or options.
 */
export async function solveQap(instance: QapInstance, options: PermMinimizeOptions): Promise<QapResult> {
  const { n, flow, distance } = instance;
  const r = await minimizePermutation(qapModel(flow, distance, n), options);
  const { state, energy: _energy, ...stats } = r;
  return { ...stats, cost: qapCost(flow, distance, n, state), permutation: state };
}
