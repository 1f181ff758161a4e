/**
 * Issue 11 item 3, set-up work that grows with n^2: the polish after a stopped QAP run copies the flow and
 * distance matrices (and their transposes, when neither is symmetric) into a QapData, 4 n^2 doubles. That copy
 * polls the stop now, so after an abort the polish's 20 ms grace ends inside it and the run settles; before, the
 * copy ran to the end (n = 2500: about 1.3 s at load 12, against about 0.2 s now). The reference is measured in
 * the same test: the job's own set-up (maxRounds 0, no polish), which makes the same copy once for the lanes and
 * initializes them. Here (n = 2000, load 12) the old code settled in 0.29 of it (577 of 1986 ms), the new in
 * 0.05 (56 of 1223 ms); the bound is 0.15.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { minimize } from '../../src/solve/minimize.ts';
import { qapModel } from '../../src/solve/qap.ts';
import { rng } from '../helpers.ts';

test('QAP n = 2000, asymmetric: an abort settles in a small share of the QapData set-up', async () => {
  const n = 2000;
  const r = rng(21);
  const F = new Float64Array(n * n);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) (F[i * n + j] = Math.floor(r() * 100)), (D[i * n + j] = Math.floor(r() * 100));
  const model = qapModel(F, D, n);
  const t0 = performance.now();
  const setup = await minimize(model, { method: 'pt', seed: 1, maxRounds: 0, polish: false });
  const setupMs = performance.now() - t0;
  assert.equal(setup.stopped, 'done');
  const ac = new AbortController();
  const pending = minimize(model, { method: 'pt', seed: 1, signal: ac.signal });
  await new Promise((resolve) => setTimeout(resolve, 1.5 * setupMs)); // in the sweeps
  const t = performance.now();
  ac.abort();
  const result = await pending;
  const settleMs = performance.now() - t;
  assert.equal(result.stopped, 'aborted');
  assert.equal(new Set(result.state).size, n, 'a permutation');
  assert.equal(result.energy, model.energy(result.state));
  assert.ok(settleMs < 0.15 * setupMs, `settled in ${settleMs.toFixed(0)} ms; the set-up takes ${setupMs.toFixed(0)} ms`);
});
