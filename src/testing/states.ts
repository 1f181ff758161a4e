/**
 * States of the checked model: their keys (as `ebm sample` prints them: "0110" for sets, "2 0 1" for
 * permutations), the index of exact probabilities (bitmask or permutation rank) and back.
 */
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';
import { setSpace } from '../spaces/set.ts';
import { permSpace, permutationRank } from '../spaces/perm.ts';
import { stateKey } from '../spaces/space.ts';
import { rangeError } from '../errors.ts';

export type CheckedModel = SetModel | PermModel;

/** The key of a state row: the CLI's contract. */
export function keyOf(model: CheckedModel, row: ArrayLike<number>): string {
  return stateKey(row, model.space === 'set' ? setSpace.keySeparator : permSpace.keySeparator);
}

/** Index of an admissible row in exactDistribution's probabilities. */
export function indexOf(model: CheckedModel, row: ArrayLike<number>): number {
  return model.space === 'set' ? setSpace.probabilityIndex(row) : permutationRank(row);
}

/** The row at probability index `k`: the bits of the mask, or the permutation of that lexicographic rank. */
export function rowOf(model: CheckedModel, k: number): number[] {
  const n = model.n;
  if (model.space === 'set') return Array.from({ length: n }, (_, i) => Math.floor(k / 2 ** i) % 2);
  // Factorial digits, most significant first, pick among the slots not used yet.
  const digits = new Array<number>(n);
  for (let i = n - 1, r = k; i >= 0; i--) {
    const base = n - i;
    digits[i] = r % base;
    r = Math.floor(r / base);
  }
  const free = Array.from({ length: n }, (_, j) => j);
  return digits.map((d) => free.splice(d, 1)[0]!);
}

/**
 * The values of a state key: "0110" (or "0 1 1 0", "0,1,1,0") for sets, "2 0 1" (or "2,0,1") for permutations.
 * @throws RangeError, code EBM_INVALID_INPUT, for a key that is not a list of non-negative integers.
 */
export function parseKey(model: CheckedModel, key: string, name: string): number[] {
  const trimmed = key.trim();
  // Set keys are usually one character per item; separators are accepted for keys written elsewhere.
  const parts = model.space === 'set' && !/[\s,]/.test(trimmed) ? trimmed.split('') : trimmed.split(/[\s,]+/);
  if (trimmed === '' || !parts.every((p) => /^\d+$/.test(p))) throw rangeError(`Expected a state key (${model.space === 'set' ? '"0110"' : '"2 0 1"'}) in ${name} but received ${JSON.stringify(key.slice(0, 40))}`);
  return parts.map(Number);
}
