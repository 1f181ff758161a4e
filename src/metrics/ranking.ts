import { rangeError } from '../errors.ts';
import { correlationAbout } from './correlation.ts';
/**
 * Label-ranking metrics over row-major rank vectors: truth[i * k + j] and predicted[i * k + j] = position of
 * label j in example i (smaller = better; 0- or 1-based alike, since both metrics only compare positions).
 * Both metrics are computed per example over its k labels and averaged over examples.
 *
 * Ties: the shipped label-ranking sets have none (every row is a permutation), and argsort predictions have
 * none, so both metrics reduce to their textbook no-tie forms. Ties are still handled: Kendall uses tau-b and
 * Spearman ranks with mid-ranks, as scipy.stats.kendalltau / spearmanr do.
 */

/** Validates shapes and finiteness; returns the number of examples. */
function checkShapes(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  if (!Number.isInteger(k) || k < 2) throw rangeError(`Expected an integer >= 2 for k but received ${k}`);
  if (truth.length !== predicted.length) throw rangeError(`Expected predicted of length ${truth.length} (as truth) but received ${predicted.length}`);
  if (truth.length % k !== 0) throw rangeError(`Expected truth length to be a multiple of k = ${k} but received ${truth.length}`);
  for (let t = 0; t < truth.length; t++) {
    if (!Number.isFinite(truth[t])) throw rangeError(`Expected a finite rank in truth at index ${t} but received ${truth[t]}`);
    if (!Number.isFinite(predicted[t])) throw rangeError(`Expected a finite rank in predicted at index ${t} but received ${predicted[t]}`);
  }
  return truth.length / k;
}

/**
 * Kendall's tau-b of one example: (C - D) / sqrt((P - T_truth)(P - T_pred)) over the P = k(k-1)/2 label
 * pairs, with C/D the concordant/discordant pairs and T the pairs tied in that vector. Without ties this is
 * tau-a = (C - D) / P = 1 - 4D / (k(k-1)). A vector with all labels tied carries no order: tau is 0.
 */
export function kendallTauExample(truth: ArrayLike<number>, predicted: ArrayLike<number>, offset: number, k: number): number {
  let s = 0;
  let untiedTruth = 0;
  let untiedPred = 0;
  for (let j = 0; j < k; j++) {
    for (let l = j + 1; l < k; l++) {
      const a = Math.sign(truth[offset + j]! - truth[offset + l]!);
      const b = Math.sign(predicted[offset + j]! - predicted[offset + l]!);
      s += a * b;
      if (a !== 0) untiedTruth++;
      if (b !== 0) untiedPred++;
    }
  }
  return untiedTruth === 0 || untiedPred === 0 ? 0 : s / Math.sqrt(untiedTruth * untiedPred);
}

/** Mid-ranks of v[offset .. offset+k): tied values share the mean of the positions they span. */
function midRanks(v: ArrayLike<number>, offset: number, k: number): Float64Array {
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => v[offset + a]! - v[offset + b]!);
  const ranks = new Float64Array(k);
  for (let start = 0; start < k; ) {
    let end = start + 1;
    while (end < k && v[offset + order[end]!] === v[offset + order[start]!]) end++;
    for (let p = start; p < end; p++) ranks[order[p]!] = (start + end - 1) / 2;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rho of one example: the Pearson correlation of the mid-ranks. Without ties this is
 * 1 - 6 sum_j (r_j - s_j)^2 / (k (k^2 - 1)). A vector with all labels tied has no variance: rho is 0.
 */
export function spearmanRhoExample(truth: ArrayLike<number>, predicted: ArrayLike<number>, offset: number, k: number): number {
  const r = midRanks(truth, offset, k);
  const s = midRanks(predicted, offset, k);
  const mean = (k - 1) / 2; // mid-ranks of 0..k-1 always average to (k-1)/2
  return correlationAbout(r, s, mean, mean) ?? 0;
}

/** Mean Kendall tau (tau-b; tau-a without ties) over examples. Empty input gives NaN. */
export function kendallTau(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  const rows = checkShapes(truth, predicted, k);
  let sum = 0;
  for (let i = 0; i < rows; i++) sum += kendallTauExample(truth, predicted, i * k, k);
  return sum / rows;
}

/** Mean Spearman rho over examples. Empty input gives NaN. */
export function spearmanRho(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  const rows = checkShapes(truth, predicted, k);
  let sum = 0;
  for (let i = 0; i < rows; i++) sum += spearmanRhoExample(truth, predicted, i * k, k);
  return sum / rows;
}
