/** MCMC maximum likelihood: persistent chains (PCD through `initial`) for sets and permutations, negatives from the native sampler. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { train, predict } from '../../src/learn/train.ts';
import { permutationEnergy } from '../../src/learn/headEnergy.ts';
import { makeStructure, allPermutations } from '../../src/learn/structures.ts';
import { f1Example } from '../../src/metrics/multilabel.ts';
import { kendallTau } from '../../src/metrics/ranking.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';

function teacher(rows: number, d: number, k: number, seed: number) {
  const random = mulberry32(seed);
  const W = Array.from({ length: k * d }, () => random() * 2 - 1);
  const x = Float64Array.from({ length: rows * d }, () => random() * 2 - 1);
  const score = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += W[j * d + i]! * x[r * d + i]!;
      score[r * k + j] = s + 0.3 * (random() - 0.5);
    }
  return { x, score };
}

test('mcmc on sets with persistent chains: pairwise and unary runs beat the constant predictor; chains persist', async () => {
  const rows = 500;
  const d = 6;
  const k = 4;
  const { x, score } = teacher(rows, d, k, 5);
  const y = Uint8Array.from(score, (s) => (s > 0.1 ? 1 : 0));
  const nTrain = 350;
  const data = { x: x.subarray(0, nTrain * d), y: y.subarray(0, nTrain * k), rows: nTrain, d, k };
  const testY = y.subarray(nTrain * k);
  let constant = 0;
  for (let mask = 0; mask < 1 << k; mask++) {
    const p = new Uint8Array((rows - nTrain) * k);
    for (let r = 0; r < rows - nTrain; r++) for (let j = 0; j < k; j++) p[r * k + j] = (mask >> j) & 1;
    constant = Math.max(constant, f1Example(testY, p, k));
  }
  for (const model of ['unary', 'pairwise'] as const) {
    const pcd = await train(data, { model, loss: 'mcmc', epochs: 12, hidden: [16], lr: 3e-3, seed: 3, samples: 8 });
    const f1 = f1Example(testY, predict(pcd.model, x.subarray(nTrain * d), rows - nTrain).predicted, k);
    assert.ok(f1 > constant + 0.1, `${model}: F1 ${f1} vs best constant ${constant}`);
    assert.equal(pcd.model.options.persistent, true);
    // Fresh chains (burn-in every step) give different negatives, hence a different loss trace.
    const fresh = await train(data, { model, loss: 'mcmc', epochs: 2, hidden: [16], lr: 3e-3, seed: 3, samples: 8, persistent: false });
    const pcd2 = await train(data, { model, loss: 'mcmc', epochs: 2, hidden: [16], lr: 3e-3, seed: 3, samples: 8 });
    assert.equal(pcd2.history[0]!.loss, fresh.history[0]!.loss, 'first epoch: every chain starts fresh in both');
    assert.notEqual(pcd2.history[1]!.loss, fresh.history[1]!.loss, 'second epoch: persistent chains continue');
    for (const r of [pcd, fresh, pcd2]) r.model.networks.dispose();
  }
});

test('permutation energy for MCMC: E = -g + const over all rankings (permutahedron and Birkhoff)', () => {
  const random = mulberry32(9);
  const k = 4;
  const states = allPermutations(k);
  for (const kind of ['permutahedron', 'birkhoff'] as const) {
    const s = makeStructure(kind, k);
    const theta = Float32Array.from({ length: s.m }, () => random() * 4 - 2);
    const model = permutationEnergy(s, theta);
    const phi = new Float32Array(s.m);
    let offset: number | undefined;
    for (let t = 0; t < states.length / k; t++) {
      const sigma = states.subarray(t * k, (t + 1) * k);
      s.features(sigma, 0, phi, 0);
      const g = phi.reduce((a, v, i) => a + v * theta[i]!, 0);
      const c = model.energy(sigma) + g;
      offset ??= c;
      assert.ok(Math.abs(c - offset) < 1e-5, `${kind}: E + g = ${c} vs ${offset}`);
    }
  }
});

test('mcmc on rankings: negatives from the native permutation sampler; beats a random ranking', async () => {
  const rows = 400;
  const d = 5;
  const k = 4;
  const { x, score } = teacher(rows, d, k, 7);
  const y = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => score[r * k + b]! - score[r * k + a]!);
    order.forEach((label, position) => (y[r * k + label] = position));
  }
  const nTrain = 300;
  for (const model of ['permutahedron', 'birkhoff'] as const) {
    const data = { x: x.subarray(0, nTrain * d), y: y.subarray(0, nTrain * k), rows: nTrain, d, k };
    const r = await train(data, { model, loss: 'mcmc', epochs: 10, hidden: [16], lr: 3e-3, seed: 2, samples: 8 });
    const tau = kendallTau(y.subarray(nTrain * k), predict(r.model, x.subarray(nTrain * d), rows - nTrain).predicted, k);
    assert.ok(tau > 0.5, `${model}: Kendall ${tau}`);
    // Persistent permutation chains: the same first epoch as fresh chains, then they continue.
    const fresh = await train(data, { model, loss: 'mcmc', epochs: 2, hidden: [16], lr: 3e-3, seed: 2, samples: 8, persistent: false });
    const pcd = await train(data, { model, loss: 'mcmc', epochs: 2, hidden: [16], lr: 3e-3, seed: 2, samples: 8 });
    assert.equal(pcd.history[0]!.loss, fresh.history[0]!.loss);
    assert.notEqual(pcd.history[1]!.loss, fresh.history[1]!.loss);
    for (const t of [r, fresh, pcd]) t.model.networks.dispose();
  }
});

test('early stopping: training stops after `patience` epochs without a better validation score', async () => {
  const { x, score } = teacher(200, 4, 3, 11);
  const y = Uint8Array.from(score, (s) => (s > 0 ? 1 : 0));
  const r = await train({ x, y, rows: 200, d: 4, k: 3 }, { model: 'unary', epochs: 200, patience: 3, hidden: [8], lr: 1e-2, seed: 1 });
  assert.ok(r.history.length < 200, `ran ${r.history.length} epochs`);
  assert.equal(r.history.length - r.bestEpoch, 3);
  assert.ok(Number.isFinite(r.bestValidation));
  r.model.networks.dispose();
});

test('warm start: a pairwise model starts from the unary solution (same theta on the unary part, zero couplings)', async () => {
  const { x, score } = teacher(150, 4, 3, 13);
  const y = Uint8Array.from(score, (s) => (s > 0 ? 1 : 0));
  const data = { x, y, rows: 150, d: 4, k: 3 };
  const unary = await train(data, { model: 'unary', epochs: 5, hidden: [8], lr: 1e-2, seed: 1 });
  // lr tiny and one epoch: the pairwise start is (nearly) the unary model.
  const pairwise = await train(data, { model: 'pairwise', epochs: 1, hidden: [8], lr: 1e-9, seed: 1, warmStart: unary.model });
  const a = predict(unary.model, x, 150).theta;
  const b = predict(pairwise.model, x, 150).theta;
  for (let r = 0; r < 150; r++) {
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(a[r * 3 + j]! - b[r * 6 + j]!) < 1e-4);
    for (let j = 3; j < 6; j++) assert.ok(Math.abs(b[r * 6 + j]!) < 1e-4);
  }
  await assert.rejects(train(data, { model: 'pairwise', epochs: 1, hidden: [16], seed: 1, warmStart: unary.model }), { name: 'RangeError', message: /warmStart/ });
  unary.model.networks.dispose();
  pairwise.model.networks.dispose();
});
