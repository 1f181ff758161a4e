/**
 * Permutahedron MAP by argsort: for E(sigma) = -sum_i theta_i w_{sigma(i)} with decreasing position weights w,
 * the rearrangement inequality puts the largest score at position 0, the next at 1, and so on.
 */
import { invalidParameterError, requireNumber } from '../errors.ts';

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
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const sigma = new Int32Array(n);
  order.forEach((item, position) => (sigma[item] = position));
  return sigma;
}
