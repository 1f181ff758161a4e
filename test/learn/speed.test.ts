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
import { train } from '../../src/learn/train.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';

await loadBackend();

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

test('Mlp.backward equals the gradients of the plain network (relu with dropout, softplus), and forward its output', () => {
  for (const [activation, dropout] of [['relu', 0.4], ['relu', 0], ['softplus', 0.4]] as const) {
    const mlp = new Mlp({ inputs: 7, hidden: [5, 4], outputs: 3, dropout, activation }, 3, 'test');
    // Non-zero output layer, so every gradient is non-trivial.
    mlp.layers[2]!.W.assign(tf.randomNormal([4, 3], 0, 1, 'float32', 1));
    const x = tf.randomNormal([6, 7], 0, 1, 'float32', 2) as Tensor2D;
    const target = tf.randomNormal([6, 3], 0, 1, 'float32', 3);
    const { output, trace } = mlp.forward(x, 11);
    // The plain network drops the units forward dropped (its masks), through tfjs's own gradients.
    const plain = (): Tensor => {
      let h: Tensor = x;
      mlp.layers.forEach((d, l) => {
        h = tf.add(tf.matMul(h as Tensor2D, d.W as Tensor2D), d.b);
        if (l + 1 < mlp.layers.length) h = activation === 'softplus' ? tf.softplus(h) : tf.relu(h);
        if (trace.masks[l]) h = tf.mul(h, trace.masks[l]!);
      });
      return tf.sum(tf.square(tf.sub(h, target)));
    };
    assert.equal(trace.masks.filter(Boolean).length, dropout > 0 ? 2 : 0);
    const reference = tf.variableGrads(plain as never, mlp.variables);
    assert.ok(Math.abs(tf.sum(tf.square(tf.sub(output, target))).dataSync()[0]! - reference.value.dataSync()[0]!) < 1e-4, activation);
    // d/d output of sum (output - target)^2 = 2 (output - target)
    const grads = mlp.backward(trace, tf.mul(2, tf.sub(output, target)) as Tensor2D);
    mlp.variables.forEach((v, i) => assert.ok(maxAbsDiff(grads[i]!, reference.grads[v.name]!) < 1e-4, `${activation} ${dropout} ${v.name}`));
  }
});

test('dropout mask: each unit kept with probability 1 - rate and scaled by 1/(1 - rate); a seed fixes it', () => {
  const rate = 0.3;
  const mask = dropoutMask([200, 250], rate, 7).dataSync();
  let dropped = 0;
  for (const v of mask) {
    if (v === 0) dropped++;
    else assert.ok(Math.abs(v - 1 / (1 - rate)) < 1e-6, String(v));
  }
  // 50000 units: the dropped fraction has sd sqrt(0.3 * 0.7 / 50000) ~ 0.002; 5 sd.
  assert.ok(Math.abs(dropped / mask.length - rate) < 5 * Math.sqrt((rate * (1 - rate)) / mask.length), String(dropped / mask.length));
  assert.deepEqual(dropoutMask([200, 250], rate, 7).dataSync(), mask);
  assert.notDeepEqual(dropoutMask([200, 250], rate, 8).dataSync(), mask);
});

test('Adam: the same steps as tf.train.adam', () => {
  const shapes = [[3, 4], [4]];
  const ours = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 1, 'float32', 20 + i)));
  const theirs = ours.map((v) => tf.variable(v.clone()));
  const adam = new Adam(ours, 0.01);
  const reference = tf.train.adam(0.01);
  for (let t = 0; t < 5; t++) {
    const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * t + i));
    adam.step(grads);
    reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
  }
  ours.forEach((v, i) => assert.ok(maxAbsDiff(v, theirs[i]!) < 1e-6));
  // A variable assigned elsewhere between steps is read again (not the values Adam last wrote).
  ours[0]!.assign(tf.zeros(shapes[0]!));
  theirs[0]!.assign(tf.zeros(shapes[0]!));
  const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 900 + i));
  adam.step(grads);
  reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
  ours.forEach((v, i) => assert.ok(maxAbsDiff(v, theirs[i]!) < 1e-6));
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
  a.model.networks.dispose();
  assert.equal(tf.memory().numTensors, before);
  const b = await train({ x, y, rows, d, k }, options);
  b.model.networks.dispose();
  assert.deepEqual(b.history.map((h) => [h.loss, h.validation]), a.history.map((h) => [h.loss, h.validation]));
});
