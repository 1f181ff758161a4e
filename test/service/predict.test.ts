/**
 * /v1/predict runs in its own thread (the predict pool): while a large prediction runs, /healthz keeps
 * answering, and the answer is what the library predicts in this thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModel } from '../../src/learn/persist.ts';
import { predict, train } from '../../src/learn/train.ts';
import { smallServer } from './helpers.ts';

test('/healthz answers while a large /v1/predict runs; the predictions are the library predictions', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-predict-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Wide enough that 20000 rows take a second or more of matrix products (50 -> 512 -> 512 -> 4).
  const d = 50;
  const k = 4;
  const trainRows = 64;
  const x = Float64Array.from({ length: trainRows * d }, (_, i) => Math.sin(i * 0.7));
  const y = Int32Array.from({ length: trainRows * k }, (_, i) => (x[Math.floor(i / k) * d + (i % k)]! > 0 ? 1 : 0));
  const trained = await train({ x, y, rows: trainRows, d, k }, { model: 'unary', epochs: 1, hidden: [512, 512], seed: 1 });
  saveModel(join(dir, 'wide'), trained.model);
  const rows = 20_000;
  const big = Array.from({ length: rows }, (_, r) => Array.from({ length: d }, (_, j) => Math.cos(r * 0.37 + j)));
  const server = smallServer({ modelsDir: dir, bodyLimit: 64 << 20, caps: { maxPredictRows: rows } });
  t.after(() => server.close());
  // The first request loads TensorFlow.js and the model in the predict thread.
  const warm = await server.inject({ method: 'POST', url: '/v1/predict', payload: { model: 'wide', x: big.slice(0, 2) } });
  assert.equal(warm.statusCode, 200, warm.body);

  let finished = false;
  const started = performance.now();
  const running = server.inject({ method: 'POST', url: '/v1/predict', payload: { model: 'wide', x: big } }).finally(() => (finished = true));
  const answered: number[] = [];
  while (!finished) {
    const t0 = performance.now();
    const health = await server.inject({ url: '/healthz' });
    assert.equal(health.statusCode, 200);
    if (!finished) answered.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const r = await running;
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`predict of ${rows} rows: ${seconds.toFixed(2)} s; /healthz answered ${answered.length} times meanwhile, slowest ${Math.max(...answered).toFixed(0)} ms`);
  assert.equal(r.statusCode, 200, r.body.slice(0, 200));
  // On the main thread the event loop is held for the whole prediction: at most one answer could slip in.
  assert.ok(answered.length >= 3, `/healthz answered ${answered.length} times during a ${seconds.toFixed(2)} s prediction`);
  const predictions = r.json().predictions as string[];
  assert.equal(predictions.length, rows);
  const flat = Float64Array.from(big.slice(0, 50).flat());
  const expected = predict(trained.model, flat, 50).predicted;
  assert.deepEqual(predictions.slice(0, 50), Array.from({ length: 50 }, (_, i) => Array.from(expected.subarray(i * k, (i + 1) * k)).join('')));
  trained.model.networks.dispose();
});
