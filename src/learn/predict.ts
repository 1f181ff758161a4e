/**
 * Prediction with a learned model: head outputs theta(x) and tau(x) for standardized rows, the MAP
 * argmax_y g(x, y) for raw rows, and the held-out score that picks the kept epoch.
 */
import { networksOf } from './models.ts';
import type { Structure } from './structures.ts';
import type { LearnedModel } from './types.ts';
import { applyStandardizer } from '../data/preprocess.ts';
import { f1Example } from '../metrics/multilabel.ts';
import { kendallTau } from '../metrics/ranking.ts';

/** Quality on held-out rows: example-based F1 (sets) or Kendall tau (rankings). */
export function score(structure: Structure, truth: ArrayLike<number>, predicted: Int32Array): number {
  return structure.space === 'set' ? f1Example(truth, predicted, structure.k) : kendallTau(truth, predicted, structure.k);
}

/** Head outputs theta(x) for standardized rows, in chunks, as one Float32Array [rows * m]. */
export function thetaOf(model: LearnedModel, z: Float32Array, rows: number): Float32Array {
  const networks = networksOf(model);
  const out = new Float32Array(rows * model.structure.m);
  const chunk = 1024;
  for (let r = 0; r < rows; r += chunk) {
    const end = Math.min(rows, r + chunk);
    out.set(networks.theta(z.subarray(r * model.d, end * model.d), end - r), r * model.structure.m);
  }
  return out;
}

export function tauOf(model: LearnedModel, z: Float32Array, rows: number): Float32Array {
  const networks = networksOf(model);
  return networks.logPartition(z.subarray(0, rows * model.d), rows);
}

/** MAP rows for head outputs theta [rows * m], into a new Int32Array [rows * k]. */
export function mapRows(structure: Structure, theta: Float32Array, rows: number): Int32Array {
  const { k, m } = structure;
  const predicted = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) structure.map(theta.subarray(r * m, (r + 1) * m), predicted, r * k);
  return predicted;
}

/** MAP predictions for raw (unstandardized) feature rows. */
export function predict(model: LearnedModel, x: ArrayLike<number>, rows: number): { predicted: Int32Array; theta: Float32Array; z: Float32Array } {
  const z = Float32Array.from(applyStandardizer(x, rows, model.d, model.standardizer));
  const theta = thetaOf(model, z, rows);
  return { predicted: mapRows(model.structure, theta, rows), theta, z };
}
