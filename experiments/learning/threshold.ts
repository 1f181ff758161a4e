/**
 * A second prediction rule for the multilabel tables: the MAP of the energy with every unary term shifted by -t,
 * t chosen on validation rows (never test rows) for the best example-based F1. t = 0 is the MAP. Example-based
 * F1 is not maximized by the MAP of p(y|x) (it rewards predicting a label more often than p > 1/2 does), so the
 * rule measures how much of a gap is the decision rule rather than the model.
 */
import { mulberry32, takeRows } from '../../src/data/preprocess.ts';
import { mapRows } from '../../src/learn/predict.ts';
import { predict, validationSplit, type LearnData, type LearnedModel } from '../../src/learn/train.ts';
import type { Structure } from '../../src/learn/structures.ts';
import { f1Example } from '../../src/metrics/multilabel.ts';

/** The thresholds tried: -2 to 2 in steps of 0.1. */
export const THRESHOLDS = Array.from({ length: 41 }, (_, i) => (i - 20) / 10);

/** MAP rows of head outputs theta [rows * m] with every unary term shifted by -t (theta's first k entries are unary). */
export function shiftedMap(structure: Structure, theta: Float32Array, rows: number, t: number): Int32Array {
  const shifted = theta.slice();
  for (let r = 0; r < rows; r++) for (let i = 0; i < structure.k; i++) shifted[r * structure.m + i]! -= t;
  return mapRows(structure, shifted, rows);
}

/** train()'s validation rows for a seed and fraction (validationSplit with the generator train() seeds). */
export function validationRows(rows: number, seed: number, fraction: number): Int32Array {
  return validationSplit(rows, fraction, mulberry32(seed)).validIdx;
}

/** F1 per threshold of a model on its validation rows (the split train() carved with this seed). */
export function thresholdCurve(model: LearnedModel, data: LearnData, seed: number, fraction: number): number[] {
  const valid = validationRows(data.rows, seed, fraction);
  const x = takeRows(Float64Array.from(data.x), data.d, valid);
  const truth = takeRows(Int32Array.from(data.y), data.k, valid);
  const theta = predict(model, x, valid.length).theta;
  return THRESHOLDS.map((t) => f1Example(truth, shiftedMap(model.structure, theta, valid.length, t), data.k));
}

/** The threshold of best mean F1 over curves (one per validation split), ties to the smaller |t|. */
export function bestThreshold(curves: number[][]): number {
  let best = -Infinity;
  let t = 0;
  THRESHOLDS.forEach((u, i) => {
    const f = curves.reduce((s, c) => s + c[i]!, 0) / curves.length;
    if (f > best || (f === best && Math.abs(u) < Math.abs(t))) [best, t] = [f, u];
  });
  return t;
}
