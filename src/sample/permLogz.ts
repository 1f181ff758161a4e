/**
 * log Z of a permutation model: exact enumeration (at most 10 free items) or the stepping-stone estimate along
 * an adapted PT ladder from beta = 0, where Z = (number of free items)!. The permutation counterpart of logz.ts.
 */
import { native } from '../native.ts';
import type { PermModel } from '../energies/permModel.ts';
import { logZOptionsHead, ptLogPartition, type LogZOptions, type LogZResult } from './logz.ts';

export interface PermLogZResult extends Omit<LogZResult, 'marginals'> {
  /** Exact: n x n, marginals[i][j] = P(sigma(i) = j) (a doubly stochastic matrix). */
  marginals?: number[][];
}

/** @throws {RangeError} exact enumeration of more than 10 free items, or bad options. */
export async function logPartitionPermutations(model: PermModel, options: LogZOptions = {}): Promise<PermLogZResult> {
  const { method, beta } = logZOptionsHead(options, model.beta);
  if (method === 'exact') {
    const r = await native().permExact(model.toNative(), { beta });
    const n = model.n;
    return { logZ: r.logZ, method, marginals: Array.from({ length: n }, (_, i) => Array.from(r.marginals.subarray(i * n, (i + 1) * n))) };
  }
  return ptLogPartition('permutation', model.toNative(), options, beta);
}

/**
 * Exact distribution (n <= 10): probabilities indexed by `permutationRank(sigma)`, log Z, the marginals
 * P(sigma(i) = j) (n*n row-major), and the minimum.
 */
export function exactPermutationDistribution(model: PermModel, beta = model.beta): { logZ: number; probabilities: Float64Array; marginals: Float64Array; minEnergy: number; argmin: Int32Array } {
  const r = native().permExactSync(model.toNative(), { beta, probabilities: true });
  return { logZ: r.logZ, probabilities: r.probabilities!, marginals: r.marginals, minEnergy: r.minEnergy, argmin: r.argmin };
}
