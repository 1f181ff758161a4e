/**
 * The importance-sampled log-partition term (proposal mean-field): its weighted mean is unbiased for
 * E_q exp g, exact for unary energies, of lower variance than prior draws on a pairwise energy, and tau trained
 * on it alone converges to the exact log Z within a tolerance taken from its sampling noise; the tau refit
 * leaves the predictions unchanged and brings tau close to the exact log Z on held-out rows.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadBackend } from '../../src/learn/backend.ts';
import * as L from '../../src/learn/losses.ts';
import { makeStructure } from '../../src/learn/structures.ts';
import { MeanFieldProposal, SamplePhi } from '../../src/learn/negatives.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';
import { predict, train, type TrainOptions } from '../../src/learn/train.ts';
import { checkLogPartition } from '../../src/learn/logz.ts';
import { loadModel, saveModel } from '../../src/learn/persist.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

before(async () => {
  await loadBackend();
});

/** g = <theta, phi> of each draw. */
function affinities(theta: Float32Array, phi: Float32Array, B: number, S: number, m: number): Float64Array {
  const g = new Float64Array(B * S);
  for (let b = 0; b < B; b++) for (let s = 0; s < S; s++) for (let t = 0; t < m; t++) g[b * S + s]! += theta[b * m + t]! * phi[(b * S + s) * m + t]!;
  return g;
}

/** A pairwise head output with couplings strong enough that the mean field is not the model. */
function pairwiseTheta(k: number, points: number, seed: number): Float32Array {
  const m = k + (k * (k - 1)) / 2;
  const random = mulberry32(seed);
  const theta = new Float32Array(points * m);
  for (let t = 0; t < theta.length; t++) theta[t] = (random() * 2 - 1) * (t % m < k ? 3 : 1.5);
  return theta;
}

test('unary: every importance-weighted term exp(g(y) + log q/r) equals the exact Z (zero variance)', () => {
  const k = 9;
  const s = makeStructure('unary', k);
  const B = 5;
  const S = 64;
  const random = mulberry32(3);
  const theta = Float32Array.from({ length: B * k }, () => (random() * 2 - 1) * 6);
  const { phi, logWeight } = new MeanFieldProposal(s, new SamplePhi(s, S)).draw(theta, B, random);
  const g = affinities(theta, phi, B, S, k);
  for (let b = 0; b < B; b++) {
    const logZ = s.exactLogZ(theta.subarray(b * k, (b + 1) * k))!;
    for (let j = 0; j < S; j++) assert.ok(Math.abs(g[b * S + j]! + logWeight[b * S + j]! - logZ) < 1e-4, `row ${b} draw ${j}`);
  }
});

test('pairwise: the weighted mean is unbiased for E_q exp g (4 standard errors) and has less variance than prior draws', () => {
  const k = 6;
  const s = makeStructure('pairwise', k);
  const m = s.m;
  const points = 3;
  const S = 20000;
  const theta = pairwiseTheta(k, points, 5);
  const random = mulberry32(9);
  const samples = new SamplePhi(s, S);
  const { phi, logWeight } = new MeanFieldProposal(s, samples).draw(theta, points, random);
  const g = affinities(theta, phi, points, S, m);
  const gPrior = affinities(theta, samples.prior(points, random), points, S, m);
  for (let b = 0; b < points; b++) {
    const Z = Math.exp(s.exactLogZ(theta.subarray(b * m, (b + 1) * m))!);
    const moments = (term: (j: number) => number) => {
      let sum = 0;
      let sq = 0;
      for (let j = 0; j < S; j++) {
        const v = term(j) / Z;
        sum += v;
        sq += v * v;
      }
      const mean = sum / S;
      return { mean, sd: Math.sqrt(Math.max(0, sq / S - mean * mean)) };
    };
    const is = moments((j) => Math.exp(g[b * S + j]! + logWeight[b * S + j]!));
    const prior = moments((j) => Math.exp(gPrior[b * S + j]!));
    assert.ok(Math.abs(is.mean - 1) <= (4 * is.sd) / Math.sqrt(S), `point ${b}: IS mean ${is.mean} (sd ${is.sd}) vs 1`);
    assert.ok(is.sd < prior.sd, `point ${b}: IS sd ${is.sd} vs prior sd ${prior.sd}`);
  }
});

test('pairwise: tau trained alone on the weighted term converges to the exact log Z (Polyak average, 4 standard errors)', () => {
  const k = 6;
  const s = makeStructure('pairwise', k);
  const m = s.m;
  const points = 4;
  const S = 16;
  const theta = pairwiseTheta(k, points, 7);
  const exact = Array.from({ length: points }, (_, p) => s.exactLogZ(theta.subarray(p * m, (p + 1) * m))!);
  const random = mulberry32(13);
  const proposal = new MeanFieldProposal(s, new SamplePhi(s, S));
  const thetaT = tf.tensor2d(theta, [points, m]);
  // One free tau per point, plain SGD on the sum over points: at the optimum the curvature in each tau is
  // Z e^{-tau} = 1, so the averaged iterate's standard error is sd(Zhat / Z) / sqrt(averaged steps), Zhat the
  // step's weighted mean (Polyak-Ruppert), measured below from the same draws.
  // Started at the log of one step's estimate (from tau = 0, the first steps 1 - Zhat e^{-tau} would throw it far off).
  const first = proposal.draw(theta, points, random);
  const g0 = affinities(theta, first.phi, points, S, m);
  const start = Array.from({ length: points }, (_, p) => Math.log(Array.from({ length: S }, (_, j) => Math.exp(g0[p * S + j]! + first.logWeight[p * S + j]!)).reduce((a, v) => a + v, 0) / S));
  const tau = tf.variable(tf.tensor1d(start));
  const sgd = tf.train.sgd(0.02);
  const steps = 3000;
  const burnIn = 1000;
  const average = new Float64Array(points);
  const ratio = Array.from({ length: points }, () => ({ sum: 0, sq: 0 }));
  for (let step = 0; step < steps; step++) {
    const { phi, logWeight } = proposal.draw(theta, points, random);
    const g = affinities(theta, phi, points, S, m);
    for (let p = 0; p < points; p++) {
      let z = 0;
      for (let j = 0; j < S; j++) z += Math.exp(g[p * S + j]! + logWeight[p * S + j]! - exact[p]!) / S;
      ratio[p]!.sum += z;
      ratio[p]!.sq += z * z;
    }
    tf.tidy(() => {
      const gS = L.sampleAffinities(thetaT, tf.tensor3d(phi, [points, S, m]));
      sgd.minimize(() => tf.mul(points, L.minminLogistic(tf.zeros([points]) as tf.Tensor1D, gS, tau as tf.Tensor1D, tf.tensor2d(logWeight, [points, S]))) as tf.Scalar, false, [tau]);
    });
    if (step >= burnIn) {
      const t = tau.dataSync();
      for (let p = 0; p < points; p++) average[p]! += t[p]! / (steps - burnIn);
    }
  }
  for (let p = 0; p < points; p++) {
    const mean = ratio[p]!.sum / steps;
    const sd = Math.sqrt(ratio[p]!.sq / steps - mean * mean);
    // Successive iterates are correlated over about 1 / lr steps; the sd of the average counts that.
    const tolerance = (4 * sd) / Math.sqrt((steps - burnIn) * 0.02) + 1e-3;
    assert.ok(Math.abs(average[p]! - exact[p]!) <= tolerance, `tau(x_${p}) ${average[p]} vs exact ${exact[p]} (tolerance ${tolerance})`);
  }
  tau.dispose();
  thetaT.dispose();
});

/** Labels from a noisy linear teacher (as train.test.ts). */
function teacher(rows: number, d: number, k: number, seed: number) {
  const random = mulberry32(seed);
  const W = Array.from({ length: k * d }, () => random() * 2 - 1);
  const x = Float64Array.from({ length: rows * d }, () => random() * 2 - 1);
  const y = new Uint8Array(rows * k);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < k; j++) {
      let v = 0;
      for (let i = 0; i < d; i++) v += W[j * d + i]! * x[r * d + i]!;
      y[r * k + j] = v + 0.3 * (random() - 0.5) > 0.2 ? 1 : 0;
    }
  return { x, y };
}

/**
 * Trains on a teacher's 400 rows with and without a 150-epoch tau refit; checks on 300 held-out rows that the
 * predictions are the same and that the refit's tau is within 0.1 nats of log Z (and better than without).
 */
async function withAndWithoutRefit(base: TrainOptions, teacherSeed: number) {
  const d = 6;
  const k = 4;
  const { x, y } = teacher(700, d, k, teacherSeed);
  const data = { x: x.subarray(0, 400 * d), y: y.subarray(0, 400 * k), rows: 400, d, k };
  const plain = await train(data, base);
  const refit = await train(data, { ...base, tauEpochs: 150 });
  const held = x.subarray(400 * d);
  const before = predict(plain.model, held, 300);
  const after = predict(refit.model, held, 300);
  assert.deepEqual(after.predicted, before.predicted);
  assert.deepEqual(after.theta, before.theta);
  const a = checkLogPartition(plain.model, before.z, 300)!;
  const b = checkLogPartition(refit.model, after.z, 300)!;
  assert.ok(b.mae < 0.1 && b.mae < a.mae, `refit MAE ${b.mae} (without: ${a.mae})`);
  return { plain, refit, held, after, b };
}

test('unary, mean-field proposal, tau of theta: the refit leaves predictions unchanged and tau within 0.1 nats of log Z on new rows', async () => {
  const { plain, refit, b } = await withAndWithoutRefit({ model: 'unary', loss: 'minmin-logistic', epochs: 20, hidden: [32], lr: 3e-3, seed: 2, proposal: 'mean-field', tauInput: 'theta' }, 1);
  assert.ok(b.within > 0.5, `within 0.1 nats: ${b.within}`);
  plain.model.networks.dispose();
  refit.model.networks.dispose();
});

test("paper training (prior draws, tau of x), then the refit: the same predictions, a fresh tau of theta near log Z, saved and loaded as such", async () => {
  const { plain, refit, held, after } = await withAndWithoutRefit({ model: 'unary', loss: 'minmin-logistic', epochs: 20, hidden: [32], lr: 3e-3, seed: 4 }, 3);
  assert.equal(plain.model.options.tauInput, 'x');
  assert.equal(refit.model.options.tauInput, 'theta');
  // Training is the paper's in both runs: the refit only replaces tau afterwards.
  assert.deepEqual(refit.history.map((h) => h.validation), plain.history.map((h) => h.validation));
  const dir = mkdtempSync(join(tmpdir(), 'ebm-refit-'));
  try {
    saveModel(dir, refit.model);
    const loaded = await loadModel(dir);
    assert.equal(loaded.model.options.tauInput, 'theta');
    assert.deepEqual(predict(loaded.model, held, 300).z, after.z);
    loaded.model.networks.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  plain.model.networks.dispose();
  refit.model.networks.dispose();
});

test('proposal mean-field is refused for rankings and for min-min sparsemax (named errors)', async () => {
  const data = { x: [0, 1, 2, 3], y: [0, 1, 1, 0, 0, 1, 1, 0], rows: 4, d: 1, k: 2 };
  await assert.rejects(train(data, { model: 'unary', loss: 'minmin-sparsemax', proposal: 'mean-field', epochs: 1 }), /proposal prior/);
  await assert.rejects(train(data, { model: 'permutahedron', proposal: 'mean-field', epochs: 1 }), /set model/);
  await assert.rejects(train(data, { model: 'unary', proposal: 'nope' as never, epochs: 1 }), /proposal/);
  await assert.rejects(train(data, { model: 'unary', tauInput: 'nope' as never, epochs: 1 }), /tauInput/);
});
