/**
 * The permutation-specific log Z names of 0.1, kept one release as deprecated aliases: `logPartition` and
 * `exactDistribution` take permutation models (src/sample/logz.ts).
 */
import type { PermModel } from '../energies/permModel.ts';
import { exactDistribution, logPartition, type ExactDistribution, type LogZOptions, type LogZResult } from './logz.ts';

/** @deprecated Use `LogZResult<number[][]>`. */
export type PermLogZResult = LogZResult<number[][]>;

/** @deprecated Use `logPartition` (it takes permutation models). */
export function logPartitionPermutations(model: PermModel, options: LogZOptions = {}): Promise<PermLogZResult> {
  return logPartition(model, options);
}

/** @deprecated Use `exactDistribution` (it takes permutation models; probabilities indexed by `permutationRank`). */
export function exactPermutationDistribution(model: PermModel, beta = model.beta): ExactDistribution<Int32Array> {
  return exactDistribution(model, beta);
}
