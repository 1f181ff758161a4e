import { test } from 'node:test';
import assert from 'node:assert/strict';
import { f1Example, f1Macro, f1Micro, hammingLoss, multilabelScores } from '../../src/metrics/multilabel.ts';
import { kendallTau, kendallTauExample, spearmanRho, spearmanRhoExample } from '../../src/metrics/ranking.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';

const close = (actual: number, expected: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: expected ${expected} but received ${actual}`);
};

// 3 examples x 3 labels, worked by hand:
//   row 0: y = {0,1}, ŷ = {0,2}: TP 1, FP 1, FN 1 -> F1 2/4 = 0.5
//   row 1: y = {},    ŷ = {}:    both empty        -> F1 1
//   row 2: y = {1,2}, ŷ = {1,2}: exact              -> F1 1
const truth = new Uint8Array([1, 1, 0, 0, 0, 0, 0, 1, 1]);
const predicted = new Uint8Array([1, 0, 1, 0, 0, 0, 0, 1, 1]);

test('example-based F1: mean of 2|y ∩ ŷ| / (|y| + |ŷ|), 1 when both are empty', () => {
  close(f1Example(truth, predicted, 3), (0.5 + 1 + 1) / 3, 'f1Example');
});

test('micro F1 pools TP/FP/FN over all labels: TP 3, FP 1, FN 1 -> 6/8', () => {
  close(f1Micro(truth, predicted, 3), 6 / 8, 'f1Micro');
});

test('macro F1 averages per-label F1: label 0 -> 1, label 1 -> 2/3 (FN 1), label 2 -> 2/3 (FP 1)', () => {
  close(f1Macro(truth, predicted, 3), (1 + 2 / 3 + 2 / 3) / 3, 'f1Macro');
});

test('Hamming loss: 2 wrong entries out of 9', () => {
  close(hammingLoss(truth, predicted, 3), 2 / 9, 'hamming');
});

test('multilabelScores returns all four', () => {
  const s = multilabelScores(truth, predicted, 3);
  assert.deepEqual(Object.keys(s), ['f1Example', 'f1Micro', 'f1Macro', 'hamming']);
  close(s.f1Macro, 7 / 9, 'f1Macro');
});

test('empty sets: all-empty truth and prediction score perfectly', () => {
  const zeros = new Uint8Array(6);
  assert.equal(f1Example(zeros, zeros, 3), 1);
  assert.equal(f1Micro(zeros, zeros, 3), 1);
  assert.equal(f1Macro(zeros, zeros, 3), 1);
  assert.equal(hammingLoss(zeros, zeros, 3), 0);
  // bothEmpty = 0: example 0 (both empty) scores 0, example 1 (2 TP of 2) scores 1.
  const truth = new Uint8Array([0, 0, 0, 1, 1, 0]);
  assert.equal(f1Example(truth, truth, 3), 1);
  assert.equal(f1Example(truth, truth, 3, 0), 0.5);
});

test('a label never true and never predicted counts as F1 = 1 in the macro average; predicting nothing scores 0', () => {
  const y = [1, 0, 0, 0];
  close(f1Macro(y, [1, 0, 0, 0], 2), 1, 'perfect, label 1 absent');
  // Predict nothing: label 0 has FN 1 -> 0, label 1 is absent -> 1.
  close(f1Macro(y, [0, 0, 0, 0], 2), 0.5, 'macro');
  close(f1Micro(y, [0, 0, 0, 0], 2), 0, 'micro');
  close(f1Example(y, [0, 0, 0, 0], 2), 0.5, 'example (row 1 both empty)');
  close(hammingLoss(y, [0, 0, 0, 0], 2), 0.25, 'hamming');
  // Predicting everything: example row 0 {0} vs {0,1} -> 2/3, row 1 {} vs {0,1} -> 0.
  close(f1Example(y, [1, 1, 1, 1], 2), (2 / 3 + 0) / 2, 'example, all predicted');
});

test('multilabel metrics accept plain arrays, give NaN on no examples, and reject bad shapes and values', () => {
  assert.equal(f1Example([1, 0], [1, 0], 2), 1);
  assert.ok(Number.isNaN(f1Example([], [], 2)));
  assert.ok(Number.isNaN(hammingLoss([], [], 2)));
  assert.throws(() => f1Micro([1, 0], [1], 2), { name: 'RangeError', message: 'Expected predicted of length 2 (as truth) but received 1' });
  assert.throws(() => f1Micro([1, 0, 1], [1, 0, 1], 2), { name: 'RangeError', message: 'Expected truth length to be a multiple of k = 2 but received 3' });
  assert.throws(() => f1Macro([1, 2], [1, 0], 2), { name: 'RangeError', message: 'Expected 0 or 1 in truth at index 1 but received 2' });
  assert.throws(() => hammingLoss([1, 0], [1, 0.5], 2), { name: 'RangeError', message: 'Expected 0 or 1 in predicted at index 1 but received 0.5' });
  assert.throws(() => f1Example([1], [1], 0), { name: 'RangeError', message: 'Expected an integer >= 1 for k but received 0' });
});

test('Kendall tau and Spearman rho: identity 1, reversal -1', () => {
  const id = [0, 1, 2, 3];
  const rev = [3, 2, 1, 0];
  assert.equal(kendallTau(id, id, 4), 1);
  assert.equal(spearmanRho(id, id, 4), 1);
  assert.equal(kendallTau(id, rev, 4), -1);
  assert.equal(spearmanRho(id, rev, 4), -1);
});

test('hand-computed values: one adjacent swap (k = 3) and a rotation (k = 4)', () => {
  // (1,0,2) vs (0,1,2): pair (0,1) discordant, (0,2) and (1,2) concordant -> tau = (2 - 1)/3;
  // d = (1,1,0), sum d^2 = 2 -> rho = 1 - 6*2/(3*8) = 1/2.
  close(kendallTauExample([0, 1, 2], [1, 0, 2], 0, 3), 1 / 3, 'tau swap');
  close(spearmanRhoExample([0, 1, 2], [1, 0, 2], 0, 3), 0.5, 'rho swap');
  // (3,0,1,2) vs (0,1,2,3): the 3 pairs with label 0 discordant, the other 3 concordant -> tau 0;
  // d = (3,1,1,1), sum d^2 = 12 -> rho = 1 - 6*12/(4*15) = -0.2.
  close(kendallTauExample([0, 1, 2, 3], [3, 0, 1, 2], 0, 4), 0, 'tau rotation');
  close(spearmanRhoExample([0, 1, 2, 3], [3, 0, 1, 2], 0, 4), -0.2, 'rho rotation');
});

test('means over examples, and 1-based ranks give the same values as 0-based ones', () => {
  const truth2 = [0, 1, 2, 0, 1, 2];
  const pred2 = [0, 1, 2, 1, 0, 2];
  close(kendallTau(truth2, pred2, 3), (1 + 1 / 3) / 2, 'mean tau');
  close(spearmanRho(truth2, pred2, 3), (1 + 0.5) / 2, 'mean rho');
  const plusOne = (v: number[]) => v.map((r) => r + 1);
  close(kendallTau(plusOne(truth2), pred2, 3), (1 + 1 / 3) / 2, 'tau, 1-based truth');
  close(spearmanRho(plusOne(truth2), plusOne(pred2), 3), 0.75, 'rho, 1-based');
  assert.equal(kendallTau(new Int32Array([2, 0, 1]), new Int32Array([2, 0, 1]), 3), 1);
});

test('ties: tau-b and mid-rank Spearman (values as scipy.stats.kendalltau / spearmanr)', () => {
  // truth (0,0,1) vs (0,1,2): S = 2, untied pairs 2 and 3 -> tau_b = 2/sqrt(6).
  close(kendallTauExample([0, 0, 1], [0, 1, 2], 0, 3), 2 / Math.sqrt(6), 'tau_b');
  // mid-ranks (0.5,0.5,2) vs (0,1,2): cov 1.5, var 1.5 and 2 -> rho = 1.5/sqrt(3).
  close(spearmanRhoExample([0, 0, 1], [0, 1, 2], 0, 3), 1.5 / Math.sqrt(3), 'rho with ties');
  // All labels tied carries no order: both metrics are 0.
  assert.equal(kendallTauExample([1, 1, 1], [0, 1, 2], 0, 3), 0);
  assert.equal(spearmanRhoExample([0, 1, 2], [5, 5, 5], 0, 3), 0);
});

/** A seeded uniform permutation of 0..k-1 (Fisher-Yates). */
function randomPermutation(k: number, random: () => number): number[] {
  const p = [...Array(k).keys()];
  for (let i = k - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

test('on permutations, tau = 1 - 4D/(k(k-1)) and rho = 1 - 6 sum d^2 / (k(k^2-1)) (closed forms, 500 random pairs)', () => {
  const random = mulberry32(2025);
  for (let trial = 0; trial < 500; trial++) {
    const k = 2 + Math.floor(random() * 11);
    const a = randomPermutation(k, random);
    const b = randomPermutation(k, random);
    let discordant = 0;
    let sumD2 = 0;
    for (let j = 0; j < k; j++) {
      sumD2 += (a[j]! - b[j]!) ** 2;
      for (let l = j + 1; l < k; l++) if ((a[j]! - a[l]!) * (b[j]! - b[l]!) < 0) discordant++;
    }
    close(kendallTauExample(a, b, 0, k), 1 - (4 * discordant) / (k * (k - 1)), `tau k=${k}`);
    close(spearmanRhoExample(a, b, 0, k), 1 - (6 * sumD2) / (k * (k * k - 1)), `rho k=${k}`);
    close(kendallTauExample(a, b, 0, k), kendallTauExample(b, a, 0, k), 'tau symmetric');
  }
});

test('ranking metrics reject bad shapes and non-finite ranks, and give NaN on no examples', () => {
  assert.ok(Number.isNaN(kendallTau([], [], 3)));
  assert.ok(Number.isNaN(spearmanRho([], [], 3)));
  assert.throws(() => kendallTau([0, 1], [0, 1], 1), { name: 'RangeError', message: 'Expected an integer >= 2 for k but received 1' });
  assert.throws(() => spearmanRho([0, 1, 2], [0, 1], 3), { name: 'RangeError', message: 'Expected predicted of length 3 (as truth) but received 2' });
  assert.throws(() => spearmanRho([0, 1, 2], [0, 1, 2], 2), { name: 'RangeError', message: 'Expected truth length to be a multiple of k = 2 but received 3' });
  assert.throws(() => kendallTau([0, 1], [0, NaN], 2), { name: 'RangeError', message: 'Expected a finite rank in predicted at index 1 but received NaN' });
});
