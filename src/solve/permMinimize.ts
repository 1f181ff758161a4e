/**
 * The permutation-specific minimization names of 0.1, kept one release as deprecated aliases: `minimize` and
 * `minimizeSync` take permutation models (src/solve/minimize.ts).
 */
import type { PermModel } from '../energies/permModel.ts';
import type { PermMinimizeMethod } from '../spaces/perm.ts';
import { minimize, minimizeSync, type MinimizeOptions, type MinimizeResult } from './minimize.ts';

/** @deprecated Use `MinimizeOptions<'hybrid' | 'pt' | 'sa' | 'tabu'>`. */
export type PermMinimizeOptions = MinimizeOptions<PermMinimizeMethod>;

/** @deprecated Use `MinimizeResult<Int32Array>`. */
export type PermMinimizeResult = MinimizeResult<Int32Array>;

/** @deprecated Use `minimize` (it takes permutation models). */
export function minimizePermutation(model: PermModel, options: PermMinimizeOptions): Promise<PermMinimizeResult> {
  return minimize(model, options);
}

/** @deprecated Use `minimizeSync` (it takes permutation models). */
export function minimizePermutationSync(model: PermModel, options: Omit<PermMinimizeOptions, 'signal' | 'onProgress' | 'workers'>): PermMinimizeResult {
  return minimizeSync(model, options);
}
