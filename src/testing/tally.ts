/**
 * Counts of states in the index of exact probabilities, from the forms a sampler's output comes in: an
 * iterable of state rows, or counts by key (a Map, or an object such as `ebm sample --json`'s `counts`).
 * Rows outside the support (wrong length, not 0/1, not a permutation, a clamp or the cardinality violated)
 * are kept apart by key.
 */
import { invalidParameterError } from '../errors.ts';
import { indexOf, keyOf, parseKey, type CheckedModel } from './states.ts';

/** Counts by key: what `ebm sample --json` prints under `counts` (or the library's sampleCounts Map). */
export type StateCounts = Map<string, number> | Readonly<Record<string, number>>;

export interface Tally {
  observed: Float64Array;
  outside: Map<string, number>;
}

/** Adds `count` samples of `row` to the tally. */
function add(model: CheckedModel, t: Tally, row: ArrayLike<number>, count: number): void {
  if (model.admissible(row)) t.observed[indexOf(model, row)]! += count;
  else {
    const key = keyOf(model, row);
    t.outside.set(key, (t.outside.get(key) ?? 0) + count);
  }
}

/** An empty tally over the model's probability indices (2^n masks, n! ranks). */
export function emptyTally(model: CheckedModel, size: number): Tally {
  return { observed: new Float64Array(size), outside: new Map() };
}

/**
 * Tallies counts by key.
 * @throws TypeError or RangeError, code EBM_INVALID_INPUT: not a Map or object, a malformed key, a count that is
 * not a non-negative integer.
 */
export function tallyCounts(model: CheckedModel, counts: StateCounts, t: Tally, name = 'counts'): Tally {
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) throw invalidParameterError(name, 'Map or object of state key -> count', counts, 'type');
  const entries = counts instanceof Map ? [...counts] : Object.entries(counts);
  for (const [key, count] of entries) {
    if (typeof key !== 'string') throw invalidParameterError(`${name} key`, 'string', key, 'type');
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw invalidParameterError(`${name}[${JSON.stringify(key)}]`, 'non-negative integer', count, typeof count === 'number' ? 'range' : 'type');
    add(model, t, parseKey(model, key, name), count);
  }
  return t;
}

/**
 * Tallies an iterable of state rows (arrays or typed arrays of numbers).
 * @throws TypeError, code EBM_INVALID_INPUT: not iterable, or an element that is not an array of numbers.
 */
export function tallyStates(model: CheckedModel, states: Iterable<ArrayLike<number>>, t: Tally, name = 'states'): Tally {
  if (states === null || typeof (states as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') throw invalidParameterError(name, 'iterable of states', states, 'type');
  let s = 0;
  for (const row of states) {
    if (!(Array.isArray(row) || ArrayBuffer.isView(row))) throw invalidParameterError(`${name}[${s}]`, 'array of numbers', row, 'type');
    const values = row as ArrayLike<unknown>;
    for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') throw invalidParameterError(`${name}[${s}][${i}]`, 'number', values[i], 'type');
    add(model, t, row, 1);
    s++;
  }
  return t;
}
