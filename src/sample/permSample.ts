/**
 * The permutation-specific sampling names of 0.1, kept one release as deprecated aliases: `sample`,
 * `sampleSync`, `sampleCounts` and `countStates` take permutation models (src/sample/sample.ts).
 */
import type { PermModel } from '../energies/permModel.ts';
import { countStates, sample, sampleCounts, sampleSync, type SampleOptions, type SampleResult, type StateCounts } from './sample.ts';

export { permutationRank } from '../spaces/perm.ts';

/** @deprecated Use `SampleResult<Int32Array>`. */
export type PermSampleResult = SampleResult<Int32Array>;

/** @deprecated Use `sample` (it takes permutation models). */
export function samplePermutations(model: PermModel, options: SampleOptions): Promise<PermSampleResult> {
  return sample(model, options);
}

/** @deprecated Use `sampleSync` (it takes permutation models). */
export function samplePermutationsSync(model: PermModel, options: Omit<SampleOptions, 'signal' | 'workers' | 'onProgress'>): PermSampleResult {
  return sampleSync(model, options);
}

/** @deprecated Use `sampleCounts` (it takes permutation models). */
export function samplePermutationCounts(model: PermModel, options: SampleOptions): Promise<StateCounts> {
  return sampleCounts(model, options);
}

/** @deprecated Use `countStates` (it keys Int32Array rows as permutations, "2 0 1"). */
export function countPermutations(r: Pick<PermSampleResult, 'samples' | 'produced' | 'n'>): Map<string, number> {
  return countStates(r);
}
