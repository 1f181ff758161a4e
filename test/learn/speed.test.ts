/**
 * The fast paths of a training step (issue 16) compute what the plain tfjs ops compute: the networks' written-out
 * backward pass and the JS Adam, the batched prior energies and their gradient, the 32-labels-per-draw
 * prior; and a run leaves no tensors behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { loadBackend } from '../../src/learn/backend.ts';
import { tf } from '../../src/learn/tf.ts';
import { Mlp, dropoutMask } from '../../src/learn/models.ts';
import { Adam } from '../../src/learn/adam.ts';
import { sampleAffinities } from '../../src/learn/losses.ts';
import { makeStructure } from '../../src/learn/structures.ts';
import { predict, train } from '../../src/learn/train.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';

await loadBackend();

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

test('Mlp.backward equals the gradients of the plain tfjs network (relu with dropout, softplus), and forward its output', () => {
  for (const [activation, dropout] of [['relu', 0.4], ['relu', 0], ['softplus', 0.4]] as const) {
    const mlp = new Mlp({ inputs: 7, hidden: [5, 4], outputs: 3, dropout, activation }, 3, 'test');
    // Non-zero output layer, so every gradient is non-trivial.
    mlp.layers[2]!.W.set(tf.randomNormal([4, 3], 0, 1, 'float32', 1).dataSync());
    const rows = 6;
    const x = tf.randomNormal([rows, 7], 0, 1, 'float32', 2).dataSync() as Float32Array;
    const target = tf.randomNormal([rows, 3], 0, 1, 'float32', 3);
    const { output, trace } = mlp.forward(x, rows, 11);
    // The plain network in tfjs, with forward's masks, differentiated by tfjs.
    const weights = mlp.parameters.map((p, i) => tf.variable(i % 2 ? tf.tensor1d(p) : tf.tensor2d(p, [mlp.layers[i >> 1]!.inputs, mlp.layers[i >> 1]!.outputs])));
    const network = (masks: boolean): Tensor => {
      let h: Tensor = tf.tensor2d(x, [rows, 7]);
      mlp.layers.forEach((d, l) => {
        h = tf.add(tf.matMul(h as Tensor2D, weights[2 * l] as Tensor2D), weights[2 * l + 1]!);
        if (l + 1 < mlp.layers.length) h = activation === 'softplus' ? tf.softplus(h) : tf.relu(h);
        if (masks && trace.masks[l]) h = tf.mul(h, tf.tensor2d(trace.masks[l]!, [rows, d.outputs]));
      });
      return h;
    };
    const plain = (): Tensor => tf.sum(tf.square(tf.sub(network(true), target)));
    assert.equal(trace.masks.filter(Boolean).length, dropout > 0 ? 2 : 0);
    const reference = tf.variableGrads(plain as never, weights);
    const out = tf.tensor2d(output.slice(), [rows, 3]);
    assert.ok(Math.abs(tf.sum(tf.square(tf.sub(out, target))).dataSync()[0]! - reference.value.dataSync()[0]!) < 1e-4, activation);
    // d/d output of sum (output - target)^2 = 2 (output - target)
    const grads = mlp.backward(trace, tf.mul(2, tf.sub(out, target)).dataSync() as Float32Array);
    // Relative to the gradient's scale (here up to ~1e3): two float32 computations in different orders differ by
    // a few dozen roundings of 2^-24 of the largest terms.
    weights.forEach((v, i) => {
      const exact = reference.grads[v.name]!;
      const scale = Math.max(1, tf.tidy(() => tf.max(tf.abs(exact)).dataSync()[0]!));
      assert.ok(maxAbsDiff(tf.tensor(grads[i]!, v.shape), exact) < 1e-5 * scale, `${activation} ${dropout} ${v.name}`);
    });
    // Inference (no dropout) is the plain network without masks.
    assert.ok(maxAbsDiff(tf.tensor2d(mlp.apply(x, rows), [rows, 3]), network(false)) < 1e-5, `${activation} inference`);
    weights.forEach((v) => v.dispose());
  }
});

test('dropout mask: each unit kept with probability 1 - rate and scaled by 1/(1 - rate); a seed fixes it', () => {
  const rate = 0.3;
  const mask = dropoutMask(new Float32Array(200 * 250), rate, 7);
  let dropped = 0;
  for (const v of mask) {
    if (v === 0) dropped++;
    else assert.ok(Math.abs(v - 1 / (1 - rate)) < 1e-6, String(v));
  }
  // 50000 units: the dropped fraction has sd sqrt(0.3 * 0.7 / 50000) ~ 0.002; 5 sd.
  assert.ok(Math.abs(dropped / mask.length - rate) < 5 * Math.sqrt((rate * (1 - rate)) / mask.length), String(dropped / mask.length));
  assert.deepEqual(dropoutMask(new Float32Array(200 * 250), rate, 7), mask);
  assert.notDeepEqual(dropoutMask(new Float32Array(200 * 250), rate, 8), mask);
});

test('Adam: the same steps as tf.train.adam (float32 there, double with float32 moments here)', () => {
  const shapes = [[3, 4], [4]];
  const ours = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 20 + i).dataSync() as Float32Array);
  const theirs = ours.map((w, i) => tf.variable(tf.tensor(w, shapes[i]!)));
  const adam = new Adam(ours, 0.01);
  const reference = tf.train.adam(0.01);
  for (let t = 0; t < 5; t++) {
    const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * t + i));
    adam.step(grads.map((g) => g.dataSync() as Float32Array));
    reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
  }
  ours.forEach((w, i) => assert.ok(maxAbsDiff(tf.tensor(w, shapes[i]!), theirs[i]!) < 1e-6));
  // A parameter written elsewhere between steps (best-epoch restore, warm start) is updated from its new values.
  ours[0]!.fill(0);
  theirs[0]!.assign(tf.zeros(shapes[0]!));
  const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 900 + i));
  adam.step(grads.map((g) => g.dataSync() as Float32Array));
  reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
  ours.forEach((w, i) => assert.ok(maxAbsDiff(tf.tensor(w, shapes[i]!), theirs[i]!) < 1e-6));
});

test('sampleAffinities: the batched contraction and its gradient equal sum(theta * phi) and its gradient', () => {
  const theta = tf.variable(tf.randomNormal([4, 6], 0, 1, 'float32', 4)) as unknown as Tensor2D;
  const phi = tf.randomUniform([4, 9, 6], 0, 1, 'float32', 5).round() as Tensor3D;
  const weights = tf.randomNormal([4, 9], 0, 1, 'float32', 6);
  const reference = tf.sum(tf.mul(tf.expandDims(theta, 1), phi), -1);
  assert.ok(maxAbsDiff(sampleAffinities(theta, phi), reference) < 1e-5);
  const g = (f: (t: Tensor2D) => Tensor) => tf.grad((t: Tensor) => tf.sum(tf.mul(f(t as Tensor2D), weights)))(theta);
  assert.ok(maxAbsDiff(g((t) => sampleAffinities(t, phi)), g((t) => tf.sum(tf.mul(tf.expandDims(t, 1), phi), -1))) < 1e-4);
  // phi made inside the taped function (disposed with its scope unless the gradient keeps it).
  assert.ok(maxAbsDiff(g((t) => sampleAffinities(t, phi.clone())), g((t) => tf.sum(tf.mul(tf.expandDims(t, 1), phi), -1))) < 1e-4);
});

test('unary prior: every label is a fair coin, labels past 32 included, pairs uncorrelated', () => {
  const k = 40;
  const s = makeStructure('unary', k);
  const random = mulberry32(9);
  const n = 20000;
  const y = new Int32Array(n * k);
  for (let r = 0; r < n; r++) s.samplePrior(random, y, r * k);
  // Mean of n fair coins: sd 0.5 / sqrt(n) ~ 0.0035; 5 sd over 40 labels (and 39 neighbour pairs).
  const bound = 5 * 0.5 / Math.sqrt(n);
  for (let j = 0; j < k; j++) {
    let ones = 0;
    let both = 0;
    for (let r = 0; r < n; r++) {
      ones += y[r * k + j]!;
      if (j + 1 < k) both += y[r * k + j]! * y[r * k + j + 1]!;
    }
    assert.ok(Math.abs(ones / n - 0.5) < bound, `label ${j}: ${ones / n}`);
    if (j + 1 < k) assert.ok(Math.abs(both / n - 0.25) < bound, `labels ${j}, ${j + 1}: ${both / n}`);
  }
});

test('train: the same seed gives the same history, and a run leaves no tensor once its model is disposed', async () => {
  const random = mulberry32(4);
  const rows = 120;
  const d = 5;
  const k = 4;
  const x = Float64Array.from({ length: rows * d }, () => random() * 2 - 1);
  const y = Uint8Array.from({ length: rows * k }, (_, t) => (x[Math.floor(t / k) * d + (t % k)]! > 0 ? 1 : 0));
  const options = { model: 'unary' as const, epochs: 3, hidden: [8, 8], dropout: 0.3, batch: 16, samples: 10, seed: 5 };
  const before = tf.memory().numTensors;
  const a = await train({ x, y, rows, d, k }, options);
  const predicted = predict(a.model, x, rows);
  a.model.networks.dispose();
  assert.equal(tf.memory().numTensors, before);
  const b = await train({ x, y, rows, d, k }, options);
  assert.deepEqual(b.history.map((h) => [h.loss, h.validation]), a.history.map((h) => [h.loss, h.validation]));
  // The same weights to the bit: the same theta(x) and predictions.
  const again = predict(b.model, x, rows);
  assert.deepEqual(again.theta, predicted.theta);
  assert.deepEqual(again.predicted, predicted.predicted);
  b.model.networks.dispose();
});
