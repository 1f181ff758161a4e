/**
 * The native dense-layer kernels and Adam (native/learn) against plain JS references in double precision:
 * random shapes with edge sizes (1, odd, and past the register tiles: 4 rows x 64 columns with AVX-512), and
 * each entry within float32 rounding of its sum, |ours - exact| <= 8 * 2^-24 * (P + 2) * sum |terms| (P terms
 * accumulated in float32, each add and multiply rounding by at most 2^-24 relative). Adam: bit-identical to
 * the JS formula (both compute in double and store float32).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { native, type NativeActivation } from '../../src/native.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';

const random = mulberry32(17);
const uniform = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (2 * random() - 1) * scale);
const ROUNDING = 2 ** -24;

/** The float32 error bound of a sum of P terms (bound = sum of their |values|), with a few roundings to spare. */
const sumTolerance = (bound: number, P: number) => 8 * ROUNDING * (P + 2) * bound;

/** Asserts |ours[t] - exact[t]| <= tolerance(t) for every entry. */
function close(ours: Float32Array, exact: Float64Array, tolerance: (t: number) => number, what: string): void {
  for (let t = 0; t < exact.length; t++) {
    const within = tolerance(t) + 1e-30;
    assert.ok(Math.abs(ours[t]! - exact[t]!) <= within, `${what}[${t}]: ${ours[t]} vs ${exact[t]} (tolerance ${within})`);
  }
}

/** C = A B in double, A(i, p) = a(i, p), B [P x N] row-major; with the sums of |terms|. */
function product(M: number, N: number, P: number, a: (i: number, p: number) => number, b: Float32Array): { c: Float64Array; bound: Float64Array } {
  const c = new Float64Array(M * N);
  const bound = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < P; p++) {
        s += a(i, p) * b[p * N + j]!;
        abs += Math.abs(a(i, p) * b[p * N + j]!);
      }
      c[i * N + j] = s;
      bound[i * N + j] = abs;
    }
  return { c, bound };
}

const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

// Sizes: 1, odd, around the 16-float vector and the 4 x 64 tile, and past both.
const SIZES = [1, 2, 3, 5, 15, 16, 17, 63, 64, 65, 130];
const pick = () => SIZES[Math.floor(random() * SIZES.length)]!;

test('denseForwardSync: act(x W + b) * mask within float32 rounding, for identity, relu and softplus', () => {
  for (let trial = 0; trial < 60; trial++) {
    const [rows, inputs, outputs] = [pick(), pick(), pick()];
    const activation = (['identity', 'relu', 'softplus'] as const)[trial % 3]!;
    const x = uniform(rows * inputs);
    const W = uniform(inputs * outputs);
    const b = uniform(outputs);
    const mask = trial % 2 ? Float32Array.from({ length: rows * outputs }, () => (random() < 0.3 ? 0 : 1 / 0.7)) : null;
    const out = new Float32Array(rows * outputs);
    const pre = new Float32Array(rows * outputs);
    native().denseForwardSync({ rows, inputs, outputs, x, W, b, activation, mask, pre, out });
    const { c, bound } = product(rows, outputs, inputs, (i, p) => x[i * inputs + p]!, W);
    for (let t = 0; t < c.length; t++) {
      c[t]! += b[t % outputs]!;
      bound[t]! += Math.abs(b[t % outputs]!);
    }
    const zTolerance = (t: number) => sumTolerance(bound[t]!, inputs + 1);
    if (activation === 'softplus') close(pre, c, zTolerance, `pre ${rows}x${inputs}x${outputs}`);
    // relu and softplus are 1-Lipschitz, the mask scales: z's bound times the mask, plus the roundings of the
    // activation (float32 log1p and exp) and the multiply, a few units of the result's last place.
    const m = (t: number) => (mask ? mask[t]! : 1);
    const act = (z: number) => (activation === 'relu' ? Math.max(z, 0) : activation === 'softplus' ? softplus(z) : z);
    const exact = c.map((z, t) => act(z) * m(t));
    close(out, exact, (t) => m(t) * zTolerance(t) + 8 * ROUNDING * Math.abs(exact[t]!), `${activation} ${rows}x${inputs}x${outputs}`);
  }
});

test('denseBackwardSync: dW = x^T dz, db = sum_rows dz, dx = (dz W^T) * mask * below\' within float32 rounding', () => {
  for (let trial = 0; trial < 60; trial++) {
    const [rows, inputs, outputs] = [pick(), pick(), pick()];
    const below: NativeActivation = (['identity', 'relu', 'softplus'] as const)[trial % 3]!;
    // x is the layer below's output: relu outputs are >= 0 with zeros where units are off or dropped.
    const x = below === 'relu' ? uniform(rows * inputs).map((v) => Math.max(v, 0)) : uniform(rows * inputs);
    const dz = uniform(rows * outputs);
    const W = uniform(inputs * outputs);
    const pre = below === 'softplus' ? uniform(rows * inputs, 3) : null;
    const mask = trial % 2 ? Float32Array.from({ length: rows * inputs }, () => (random() < 0.3 ? 0 : 1 / 0.7)) : null;
    const dW = new Float32Array(inputs * outputs);
    const db = new Float32Array(outputs);
    const dx = new Float32Array(rows * inputs);
    const WT = new Float32Array(inputs * outputs);
    native().denseBackwardSync({ rows, inputs, outputs, x, dz, W, dW, db, dx, WT, below, mask, pre });
    const shape = `${below} ${rows}x${inputs}x${outputs}`;
    const weight = product(inputs, outputs, rows, (k, r) => x[r * inputs + k]!, dz);
    close(dW, weight.c, (t) => sumTolerance(weight.bound[t]!, rows), `dW ${shape}`);
    const ones = new Float32Array(rows).fill(1);
    const bias = product(1, outputs, rows, (_i, r) => ones[r]!, dz);
    close(db, bias.c, (t) => sumTolerance(bias.bound[t]!, rows), `db ${shape}`);
    // dz W^T: B(n, k) = W[k, n], as a [outputs x inputs] matrix.
    const Wt = new Float32Array(outputs * inputs);
    for (let k = 0; k < inputs; k++) for (let n = 0; n < outputs; n++) Wt[n * inputs + k] = W[k * outputs + n]!;
    const input = product(rows, inputs, outputs, (r, n) => dz[r * outputs + n]!, Wt);
    const factor = (t: number) => (mask ? mask[t]! : 1) * (below === 'relu' ? (x[t]! > 0 ? 1 : 0) : below === 'softplus' ? sigmoid(pre![t]!) : 1);
    // The product's bound times the factor, plus the roundings of the multiplies and of float32's sigmoid.
    const exact = input.c.map((v, t) => v * factor(t));
    close(dx, exact, (t) => Math.abs(factor(t)) * sumTolerance(input.bound[t]!, outputs) + 8 * ROUNDING * Math.abs(exact[t]!), `dx ${shape}`);
    // Without dx only the weight gradients are formed.
    const dW2 = new Float32Array(inputs * outputs);
    native().denseBackwardSync({ rows, inputs, outputs, x, dz, W, dW: dW2, db: new Float32Array(outputs) });
    assert.deepEqual(dW2, dW);
  }
});

test('the dense kernels are deterministic: the same inputs give the same bits', () => {
  const [rows, inputs, outputs] = [67, 130, 65];
  const x = uniform(rows * inputs);
  const W = uniform(inputs * outputs);
  const b = uniform(outputs);
  const run = () => {
    const out = new Float32Array(rows * outputs);
    native().denseForwardSync({ rows, inputs, outputs, x, W, b, activation: 'relu', out });
    return out;
  };
  assert.deepEqual(run(), run());
});

test('dense kernels: lengths, types and overlaps are checked with named errors', () => {
  const x = new Float32Array(6);
  const W = new Float32Array(12);
  const b = new Float32Array(4);
  const out = new Float32Array(8);
  const layer = { rows: 2, inputs: 3, outputs: 4, x, W, b, out };
  assert.throws(() => native().denseForwardSync({ ...layer, W: new Float32Array(11) }), { name: 'RangeError', message: 'Expected length 12 for W but received 11' });
  assert.throws(() => native().denseForwardSync({ ...layer, x: new Float64Array(6) as never }), { name: 'TypeError', message: 'Expected Float32Array for x' });
  assert.throws(() => native().denseForwardSync({ ...layer, rows: 0 }), { name: 'RangeError', message: /for rows/ });
  assert.throws(() => native().denseForwardSync({ ...layer, activation: 'tanh' as never }), { name: 'RangeError', message: "Expected identity | relu | softplus for activation but received 'tanh'" });
  assert.throws(() => native().denseForwardSync({ ...layer, activation: 'softplus' }), { name: 'TypeError', message: 'Expected Float32Array for pre' });
  const shared = new Float32Array(20);
  assert.throws(() => native().denseForwardSync({ ...layer, x: shared.subarray(0, 6), out: shared.subarray(4, 12) }), { name: 'RangeError', message: 'Expected out not to overlap x' });
  const grads = { rows: 2, inputs: 3, outputs: 4, x, dz: out, W, dW: new Float32Array(12), db: b };
  assert.throws(() => native().denseBackwardSync({ ...grads, dx: new Float32Array(6) }), { name: 'TypeError', message: 'Expected Float32Array for WT' });
  assert.throws(() => native().denseBackwardSync({ ...grads, dW: W }), { name: 'RangeError', message: 'Expected dW not to overlap W' });
  const w = new Float32Array(5);
  assert.throws(() => native().adamSync({ w, g: new Float32Array(4), m: new Float32Array(5), v: new Float32Array(5), beta1: 0.9, beta2: 0.999, stepSize: -0.1, secondCorrection: 1, epsilon: 1e-7 }), {
    name: 'RangeError',
    message: 'Expected length 5 for g but received 4',
  });
});

test('adamSync: bit-identical to the JS formula over several steps (double arithmetic, float32 w, m, v)', () => {
  const n = 1000;
  const w = uniform(n);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  const [wJs, mJs, vJs] = [w.slice(), m.slice(), v.slice()];
  const [beta1, beta2, epsilon, lr] = [0.9, 0.999, 1e-7, 0.01];
  for (let t = 1; t <= 7; t++) {
    const g = uniform(n, 10 ** (t - 4));
    const stepSize = -lr / (1 - beta1 ** t);
    const secondCorrection = 1 / (1 - beta2 ** t);
    native().adamSync({ w, g, m, v, beta1, beta2, stepSize, secondCorrection, epsilon });
    for (let j = 0; j < n; j++) {
      const gj = g[j]!;
      const mj = (mJs[j] = beta1 * mJs[j]! + (1 - beta1) * gj);
      const vj = (vJs[j] = beta2 * vJs[j]! + (1 - beta2) * gj * gj);
      wJs[j] = wJs[j]! + (stepSize * mj) / (Math.sqrt(vj * secondCorrection) + epsilon);
    }
  }
  assert.deepEqual(w, wJs);
  assert.deepEqual(m, mJs);
  assert.deepEqual(v, vJs);
});

test('dropoutMaskSync: unit t depends on (seed, t) only (a longer mask extends a shorter one); rate checked', () => {
  const rate = 0.3;
  const long = new Float32Array(5000);
  native().dropoutMaskSync({ mask: long, rate, seed: 12 });
  for (const n of [1, 3, 4, 1023, 1024, 1025, 4999]) {
    const short = new Float32Array(n);
    native().dropoutMaskSync({ mask: short, rate, seed: 12 });
    assert.deepEqual(short, long.subarray(0, n));
  }
  assert.ok(long.every((v) => v === 0 || v === Math.fround(1 / (1 - rate))));
  const other = new Float32Array(5000);
  native().dropoutMaskSync({ mask: other, rate, seed: 13 });
  assert.notDeepEqual(other, long);
  // rate 0 keeps every unit at scale 1.
  native().dropoutMaskSync({ mask: other, rate: 0, seed: 13 });
  assert.ok(other.every((v) => v === 1));
  assert.throws(() => native().dropoutMaskSync({ mask: other, rate: 1, seed: 1 }), { name: 'RangeError', message: 'Expected number in [0, 1) for rate' });
  assert.throws(() => native().dropoutMaskSync({ mask: other, rate: 0.5, seed: -1 }), { name: 'RangeError', message: /for seed/ });
});
