/**
 * Permutahedron MAP by argsort: for E(sigma) = -sum_i theta_i w_{sigma(i)} with decreasing position weights w,
 * the rearrangement inequality puts the largest score at position 0, the next at 1, and so on.
 */
import { invalidParameterError, requireNumber } from '../errors.ts';

/**
 * The one argsort: out[offset + i] = position of item i when items are sorted by decreasing score, ties by
 * index. No validation (learning calls it on network outputs every step; `rank` validates first).
 */
export function writeRanks(scores: ArrayLike<number>, out: Int32Array, offset = 0): void {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  order.forEach((item, position) => (out[offset + item] = position));
}

/**
 * Ranking of items by decreasing score: sigma[i] = position of item i (0 = top). Ties keep item order
 * (stable), so the result is deterministic.
 * @example rank([0.2, 3, -1]) // Int32Array [1, 0, 2]
 * @throws {TypeError|RangeError} for a non-array or a non-finite score.
 */
export function rank(scores: ArrayLike<number>): Int32Array {
  if (scores === null || typeof scores !== 'object' || typeof (scores as ArrayLike<number>).length !== 'number') throw invalidParameterError('scores', 'array of finite numbers', scores, 'type');
  const n = scores.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = requireNumber(`scores[${i}]`, scores[i]);
  const sigma = new Int32Array(n);
  writeRanks(values, sigma);
  return sigma;
}
