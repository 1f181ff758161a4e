/** Each loss against a hand computation; exact-MLE gradients against finite differences; tau alone converges to log Z. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadBackend } from '../../src/learn/backend.ts';
import * as L from '../../src/learn/losses.ts';
import { makeStructure, logSumExp, allPermutations } from '../../src/learn/structures.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';
import { sparsemaxThreshold } from '../../src/learn/logz.ts';

before(async () => {
  await loadBackend();
});

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tol ${tol})`);
const value = (t: tf.Tensor) => t.dataSync()[0]!;

const g = () => tf.tensor1d([1, 0]);
const gs = () => tf.tensor2d([[0, 2], [1, -1]]);
const tau = () => tf.tensor1d([0.5, 0]);

test('min-min logistic: tau + mean_j exp(g_j - tau) - 1 - g, by hand', () => {
  const e1 = 0.5 + (Math.exp(-0.5) + Math.exp(1.5)) / 2 - 1 - 1;
  const e2 = 0 + (Math.exp(1) + Math.exp(-1)) / 2 - 1 - 0;
  close(value(L.minminLogistic(g(), gs(), tau())), (e1 + e2) / 2, 1e-5);
});

test('min-min logistic clamps the exponent (finite for huge g)', () => {
  const v = value(L.minminLogistic(tf.tensor1d([0]), tf.tensor2d([[1e6]]), tf.tensor1d([0])));
  assert.ok(Number.isFinite(v));
  close(v, Math.exp(L.MAX_EXPONENT) - 1, Math.exp(L.MAX_EXPONENT) * 1e-5);
});

test('min-min sparsemax: tau + mean_j 0.5 [g_j - tau]_+^2 - g, by hand', () => {
  const e1 = 0.5 + (0.5 * 0 + 0.5 * 1.5 ** 2) / 2 - 1;
  const e2 = 0 + (0.5 * 1 + 0) / 2 - 0;
  close(value(L.minminSparsemax(g(), gs(), tau())), (e1 + e2) / 2, 1e-6);
});

test('exact MLE, unary: closed form = enumeration = hand value', () => {
  const theta = tf.tensor2d([[1, -2, 0.5]]);
  const hand = Math.log((1 + Math.E) / 2) + Math.log((1 + Math.exp(-2)) / 2) + Math.log((1 + Math.exp(0.5)) / 2);
  close(value(L.unaryLogPartition(theta)), hand, 1e-5);
  const s = makeStructure('unary', 3);
  const states = s.allStates(1 << 10)!;
  const phi = new Float32Array(8 * 3);
  for (let i = 0; i < 8; i++) s.features(states, i * 3, phi, i * 3);
  close(value(L.enumeratedLogPartition(theta, tf.tensor2d(phi, [8, 3]))), hand, 1e-5);
  close(s.exactLogZ(Float32Array.from([1, -2, 0.5]))!, hand, 1e-6);
  // NLL = log Z - g(y)
  close(value(L.negativeLogLikelihood(L.unaryLogPartition(theta), tf.tensor1d([1]))), hand - 1, 1e-5);
});

test('MCMC surrogate and score-function surrogate, by hand', () => {
  close(value(L.contrastiveSurrogate(tf.tensor1d([1, 0]), tf.tensor2d([[0, 2], [1, -1]]))), ((1 - 1) + (0 - 0)) / 2, 1e-6);
  // rewards r = g - logp + logq; advantage = r - mean r; surrogate = -mean(adv * logp)
  const gS = [[1, 3]];
  const lp = [[-1, -2]];
  const logq = -Math.log(4);
  const r = [1 + 1 + logq, 3 + 2 + logq];
  const m = (r[0]! + r[1]!) / 2;
  const hand = -(((r[0]! - m) * -1 + (r[1]! - m) * -2) / 2);
  close(value(L.scoreFunctionSurrogate(tf.tensor2d(gS), tf.tensor2d(lp), logq)), hand, 1e-5);
});

test('stopGradient passes values and blocks gradients', () => {
  const x = tf.tensor1d([2]);
  const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.add(tf.mul(v, v), L.stopGradient(tf.mul(v, v)))))(x);
  close(dx.dataSync()[0]!, 4, 1e-6);
});

test('Bernoulli and Plackett-Luce log probabilities sum to 1 over their spaces', () => {
  const logits = tf.tensor2d([[0.3, -1.2]]);
  const ys = tf.tensor3d([[[0, 0], [0, 1], [1, 0], [1, 1]]]);
  const p = Array.from(L.bernoulliLogProbability(logits, ys).dataSync(), Math.exp);
  close(p.reduce((a, b) => a + b), 1, 1e-5);
  close(p[3]!, 1 / (1 + Math.exp(-0.3)) / (1 + Math.exp(1.2)), 1e-6);
  const k = 4;
  const scores = [0.5, -1, 2, 0.1];
  const perms = allPermutations(k);
  const S = perms.length / k;
  const mask = new Float32Array(S * k * k);
  for (let s = 0; s < S; s++) for (let t = 0; t < k; t++) for (let j = 0; j < k; j++) mask[(s * k + t) * k + j] = perms[s * k + j]! >= t ? 0 : -1e9;
  const lp = L.plackettLuceLogProbability(tf.tensor2d([scores]), tf.tensor4d(mask, [1, S, k, k])).dataSync();
  close(Array.from(lp, Math.exp).reduce((a, b) => a + b), 1, 1e-4);
  // sigma = [1, 3, 0, 2]: order label2, label0, label3, label1
  const s0 = Array.from({ length: S }, (_, s) => s).find((s) => [1, 3, 0, 2].every((v, j) => perms[s * k + j] === v))!;
  const e = scores.map(Math.exp);
  const hand = Math.log((e[2]! / (e[0]! + e[1]! + e[2]! + e[3]!)) * (e[0]! / (e[0]! + e[1]! + e[3]!)) * (e[3]! / (e[1]! + e[3]!)));
  close(lp[s0]!, hand, 1e-4);
});

test('exact MLE gradient (pairwise, enumeration) matches finite differences and E_p[phi] - phi(y)', () => {
  const k = 4;
  const s = makeStructure('pairwise', k);
  const m = s.m;
  const states = s.allStates(1 << 10)!;
  const N = states.length / k;
  const phiAll = new Float32Array(N * m);
  for (let i = 0; i < N; i++) s.features(states, i * k, phiAll, i * m);
  const random = mulberry32(5);
  const theta0 = Array.from({ length: m }, () => random() * 2 - 1);
  const y = Int32Array.from([1, 0, 1, 1]);
  const phiY = new Float32Array(m);
  s.features(y, 0, phiY, 0);
  const nll = (th: number[]) => {
    const gAll = Array.from({ length: N }, (_, i) => th.reduce((a, t, j) => a + t * phiAll[i * m + j]!, 0));
    return logSumExp(gAll) - Math.log(N) - th.reduce((a, t, j) => a + t * phiY[j]!, 0);
  };
  const grad = tf
    .grad((th: tf.Tensor) => L.negativeLogLikelihood(L.enumeratedLogPartition(th as tf.Tensor2D, tf.tensor2d(phiAll, [N, m])), L.affinity(th as tf.Tensor2D, tf.tensor2d(phiY, [1, m]))))(tf.tensor2d([theta0]))
    .dataSync();
  close(value(L.negativeLogLikelihood(L.enumeratedLogPartition(tf.tensor2d([theta0]), tf.tensor2d(phiAll, [N, m])), L.affinity(tf.tensor2d([theta0]), tf.tensor2d(phiY, [1, m])))), nll(theta0), 1e-5);
  const h = 1e-4;
  const gAll = Array.from({ length: N }, (_, i) => theta0.reduce((a, t, j) => a + t * phiAll[i * m + j]!, 0));
  const lz = logSumExp(gAll);
  for (let j = 0; j < m; j++) {
    const up = theta0.slice();
    const down = theta0.slice();
    up[j]! += h;
    down[j]! -= h;
    const fd = (nll(up) - nll(down)) / (2 * h);
    close(grad[j]!, fd, 1e-4, `d/dtheta[${j}]`);
    let expect = 0;
    for (let i = 0; i < N; i++) expect += Math.exp(gAll[i]! - lz) * phiAll[i * m + j]!;
    close(grad[j]!, expect - phiY[j]!, 1e-5, `E_p phi - phi(y) [${j}]`);
  }
});

test('with a fixed pairwise energy on k = 6, training tau alone converges to the exact log Z (1e-2)', () => {
  const k = 6;
  const s = makeStructure('pairwise', k);
  const m = s.m;
  const points = 4;
  const random = mulberry32(11);
  const theta = new Float32Array(points * m);
  for (let t = 0; t < theta.length; t++) theta[t] = (random() * 2 - 1) * 0.8;
  const exact = Array.from({ length: points }, (_, p) => s.exactLogZ(theta.subarray(p * m, (p + 1) * m))!);
  // tau(x) linear on one-hot x, zero at the start: each point's normalizer is representable exactly. Plain tfjs
  // variables (the networks' layers run natively, outside the tape that tf.train's optimizers need).
  const tauW = tf.variable(tf.zeros([points, 1]));
  const tauB = tf.variable(tf.zeros([1]));
  const tauNet = { apply: (x: tf.Tensor2D) => tf.add(tf.matMul(x, tauW), tauB) as tf.Tensor2D, variables: [tauW, tauB] };
  const x = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), points).toFloat() as tf.Tensor2D;
  const thetaT = tf.tensor2d(theta, [points, m]);
  const S = 512;
  const ys = new Int32Array(k);
  const steps = 700;
  // Adam to get close, then plain SGD (no adaptive step blow-up on noisy gradients) with iterate averaging.
  const adam = tf.train.adam(0.05);
  const sgd = tf.train.sgd(0.05);
  const average = new Float64Array(points);
  let averaged = 0;
  for (let step = 0; step < steps; step++) {
    const opt = step < 400 ? adam : sgd;
    const phi = new Float32Array(points * S * m);
    for (let t = 0; t < points * S; t++) {
      s.samplePrior(random, ys, 0);
      s.features(ys, 0, phi, t * m);
    }
    tf.tidy(() => {
      const gPrior = L.sampleAffinities(thetaT, tf.tensor3d(phi, [points, S, m]));
      opt.minimize(() => L.minminLogistic(tf.zeros([points]) as tf.Tensor1D, gPrior, tf.reshape(tauNet.apply(x), [-1]) as tf.Tensor1D), false, tauNet.variables);
    });
    if (step >= 500) {
      const t = tf.tidy(() => tauNet.apply(x).dataSync());
      for (let p = 0; p < points; p++) average[p]! += t[p]!;
      averaged++;
    }
  }
  for (let p = 0; p < points; p++) close(average[p]! / averaged, exact[p]!, 1e-2, `tau(x_${p})`);
});

test('sparsemax threshold: mean [g - tau]_+ = 1', () => {
  const random = mulberry32(2);
  for (let trial = 0; trial < 20; trial++) {
    const gv = Float64Array.from({ length: 1 + Math.floor(random() * 50) }, () => (random() - 0.5) * 10 * random());
    const t = sparsemaxThreshold(gv);
    close(gv.reduce((a, v) => a + Math.max(0, v - t), 0) / gv.length, 1, 1e-9);
  }
});
