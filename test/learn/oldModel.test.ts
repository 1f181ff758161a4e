/**
 * A model file saved before the networks moved to the native core (fixtures/tfjs-model: `ebm train multilabel`
 * on emotions, --hidden 4, 3 epochs, saved by the tfjs implementation at 2afe5db) loads, and gives that
 * version's predictions; theta and tau each lie within float32 rounding of the exact (double) forward pass of
 * the file's weights, as that version's outputs (expected.json) do: the two differ only in rounding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel, type LearnedModelJson } from '../../src/learn/persist.ts';
import { predict } from '../../src/learn/train.ts';
import { tauOf } from '../../src/learn/predict.ts';
import { readMultilabel } from '../../src/data/arff.ts';

const dir = fileURLToPath(new URL('./fixtures/tfjs-model/', import.meta.url));
const data = (f: string) => fileURLToPath(new URL(`../../data/${f}`, import.meta.url));

/**
 * The exact output of a relu MLP (weights from the file) on standardized rows z, and a bound on the error of a
 * float32 evaluation: each layer's sum of K terms is off by at most 8 (K + 2) 2^-24 sum |terms| (a few roundings
 * to spare), and an input error e reaches the next layer as sum_j |W_jn| e_j (relu is 1-Lipschitz).
 */
function exactForward(net: LearnedModelJson['energy'], z: Float32Array, rows: number): { value: Float64Array; bound: Float64Array } {
  const sizes = [net.config.inputs, ...net.config.hidden, net.config.outputs];
  let h = Float64Array.from(z.subarray(0, rows * sizes[0]!));
  let e = new Float64Array(h.length);
  net.weights.forEach(({ W, b }, l) => {
    const [K, N] = [sizes[l]!, sizes[l + 1]!];
    const next = new Float64Array(rows * N);
    const error = new Float64Array(rows * N);
    for (let r = 0; r < rows; r++)
      for (let n = 0; n < N; n++) {
        let s = b[n]!;
        let abs = Math.abs(b[n]!);
        let carried = 0;
        for (let k = 0; k < K; k++) {
          s += h[r * K + k]! * W[k * N + n]!;
          abs += Math.abs(h[r * K + k]! * W[k * N + n]!);
          carried += Math.abs(W[k * N + n]!) * e[r * K + k]!;
        }
        next[r * N + n] = l + 1 < net.weights.length ? Math.max(s, 0) : s;
        error[r * N + n] = carried + 8 * (K + 2) * 2 ** -24 * abs;
      }
    h = next;
    e = error;
  });
  return { value: h, bound: e };
}

test('a model file saved by the tfjs version loads and predicts as that version did (theta, tau within float32 rounding)', async () => {
  const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as { rows: number; theta: number[]; tau: number[]; predicted: number[] };
  const { model, json } = await loadModel(dir);
  const test = readMultilabel(data('emotions-test.arff'), { xml: data('emotions.xml') });
  const rows = expected.rows;
  const r = predict(model, Array.from(test.x).slice(0, rows * test.d), rows);
  assert.deepEqual(Array.from(r.predicted), expected.predicted);
  const tau = tauOf(model, r.z, rows);
  for (const [name, ours, old, net] of [['theta', r.theta, expected.theta, json.energy], ['tau', tau, expected.tau, json.tau]] as const) {
    const exact = exactForward(net, r.z, rows);
    for (let t = 0; t < exact.value.length; t++) {
      const within = exact.bound[t]! + 1e-30;
      assert.ok(Math.abs(ours[t]! - exact.value[t]!) <= within, `${name}[${t}] ours ${ours[t]} vs exact ${exact.value[t]} (bound ${within})`);
      assert.ok(Math.abs(old[t]! - exact.value[t]!) <= within, `${name}[${t}] tfjs ${old[t]} vs exact ${exact.value[t]} (bound ${within})`);
    }
  }
});
