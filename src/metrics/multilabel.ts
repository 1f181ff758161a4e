import { rangeError } from '../errors.ts';
/**
 * Multi-label metrics over row-major 0/1 matrices: truth[i * k + j] and predicted[i * k + j] for example i, label j.
 *
 * Empty-set convention, used throughout: an F1 whose denominator is 0 (no true and no predicted positives, so
 * nothing was missed and nothing was wrong) is 1. This matters: birds has 294/645 examples with no label.
 */

/** Counts of one confusion table: true positives, false positives, false negatives. */
interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** F1 = 2TP / (2TP + FP + FN), and 1 when TP + FP + FN = 0 (see the module comment). */
function f1(c: Counts): number {
  const denominator = 2 * c.tp + c.fp + c.fn;
  return denominator === 0 ? 1 : (2 * c.tp) / denominator;
}

/** Validates shapes and 0/1 entries; returns the number of examples. */
function checkShapes(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw rangeError(`Expected an integer >= 1 for k but received ${k}`);
  if (truth.length !== predicted.length) throw rangeError(`Expected predicted of length ${truth.length} (as truth) but received ${predicted.length}`);
  if (truth.length % k !== 0) throw rangeError(`Expected truth length to be a multiple of k = ${k} but received ${truth.length}`);
  for (let t = 0; t < truth.length; t++) {
    const a = truth[t];
    const b = predicted[t];
    if (a !== 0 && a !== 1) throw rangeError(`Expected 0 or 1 in truth at index ${t} but received ${a}`);
    if (b !== 0 && b !== 1) throw rangeError(`Expected 0 or 1 in predicted at index ${t} but received ${b}`);
  }
  return truth.length / k;
}

/**
 * Example-based F1: the mean over examples of 2|y ∩ ŷ| / (|y| + |ŷ|), with 1 for an example where y and ŷ are
 * both empty (`bothEmpty` = 0 scores such an example 0 instead, a convention some papers use). (MULAN's
 * "Example-Based F Measure".)
 */
export function f1Example(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number, bothEmpty = 1): number {
  const rows = checkShapes(truth, predicted, k);
  if (rows === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const c: Counts = { tp: 0, fp: 0, fn: 0 };
    for (let j = 0; j < k; j++) {
      const y = truth[i * k + j];
      const p = predicted[i * k + j];
      if (y === 1 && p === 1) c.tp++;
      else if (p === 1) c.fp++;
      else if (y === 1) c.fn++;
    }
    sum += c.tp + c.fp + c.fn === 0 ? bothEmpty : f1(c);
  }
  return sum / rows;
}

/** Per-label confusion counts, pooled over all examples. */
function labelCounts(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number, rows: number): Counts[] {
  const counts = Array.from({ length: k }, (): Counts => ({ tp: 0, fp: 0, fn: 0 }));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < k; j++) {
      const y = truth[i * k + j];
      const p = predicted[i * k + j];
      const c = counts[j]!;
      if (y === 1 && p === 1) c.tp++;
      else if (p === 1) c.fp++;
      else if (y === 1) c.fn++;
    }
  }
  return counts;
}

/** Micro-averaged F1: TP, FP, FN summed over all labels and examples, then 2TP / (2TP + FP + FN). */
export function f1Micro(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  const rows = checkShapes(truth, predicted, k);
  if (rows === 0) return NaN;
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const c of labelCounts(truth, predicted, k, rows)) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return f1(total);
}

/**
 * Macro-averaged F1: the mean over labels of each label's F1. A label with no true positives and no predicted
 * positives in the whole set scores 1 (it was correctly never predicted); scikit-learn's default scores 0 here
 * with a warning, so macro F1 on data with rare labels (test splits of enron, medical) reads higher than there.
 */
export function f1Macro(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  const rows = checkShapes(truth, predicted, k);
  if (rows === 0) return NaN;
  let sum = 0;
  for (const c of labelCounts(truth, predicted, k, rows)) sum += f1(c);
  return sum / k;
}

/** Hamming loss: the fraction of (example, label) entries where the prediction differs from the truth. */
export function hammingLoss(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  checkShapes(truth, predicted, k);
  if (truth.length === 0) return NaN;
  let wrong = 0;
  for (let t = 0; t < truth.length; t++) if (truth[t] !== predicted[t]) wrong++;
  return wrong / truth.length;
}

export interface MultilabelScores {
  f1Example: number;
  f1Micro: number;
  f1Macro: number;
  hamming: number;
}

/** All four metrics at once (what `ebm train multilabel` reports). Empty inputs give NaN. */
export function multilabelScores(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): MultilabelScores {
  return {
    f1Example: f1Example(truth, predicted, k),
    f1Micro: f1Micro(truth, predicted, k),
    f1Macro: f1Macro(truth, predicted, k),
    hamming: hammingLoss(truth, predicted, k),
  };
}
