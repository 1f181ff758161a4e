/**
 * Tabu search over flips for set models (native/core/set_search.hpp, set_minimize.hpp): its cached fields,
 * deltas and heaps after many moves, what it does with clamps and cardinalities, its answers on small models
 * against brute force, and cancellation. Determinism across seeds and workers is in
 * test/spaces/conformance.test.ts (every method of the space).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimize, minimizeSync } from '../../src/solve/minimize.ts';
import { native } from '../../src/native.ts';
import { setModel, type SetModel } from '../../src/energies/setModel.ts';
import { randomSetModel } from '../helpers.ts';

type CacheCheck = (m: unknown, o: { lanes: number; sweeps: number; seed: number; tabuIterations: number }) => { maxError: number; tabuError: number };
const cacheCheck = (m: SetModel, seed: number, tabuIterations: number) =>
  (native().setCacheCheckSync as unknown as CacheCheck)(m.toNative(), { lanes: 4, sweeps: 1, seed, tabuIterations });

/** Lowest energy over all admissible states (brute force). */
function bruteMinimum(m: SetModel): number {
  let best = Infinity;
  for (let mask = 0; mask < 2 ** m.n; mask++) {
    const y = Uint8Array.from({ length: m.n }, (_, i) => (mask >> i) & 1);
    if (m.admissible(y)) best = Math.min(best, m.energy(y));
  }
  return best;
}

test('tabu walk: cached fields, deltas and energy equal recomputed ones after many moves (heaps hold exactly the free items)', () => {
  for (const [k, spec] of [
    { n: 40, seed: 1 },
    { n: 40, seed: 2, integer: true },
    { n: 30, seed: 3, dense: true },
    { n: 35, seed: 4, clampCount: 6 },
    { n: 50, seed: 5, integer: true, clampCount: 3, scale: 7 },
  ].entries()) {
    const m = randomSetModel(spec);
    const r = cacheCheck(m, k + 1, 20000);
    // Real weights: the fields are sums of 20000 updates in double; integer weights are exact.
    assert.ok(r.tabuError < (spec.integer ? 1e-12 : 1e-9), `model ${k}: error ${r.tabuError}`);
  }
});

test("tabu and hybrid never move a clamped item, and answer with the model's energy", () => {
  const m = randomSetModel({ n: 30, seed: 7, clampCount: 8 });
  for (const method of ['tabu', 'hybrid'] as const) {
    const r = minimizeSync(m, { method, maxRounds: 200, seed: 2 });
    assert.ok(m.admissible(r.state), method);
    assert.ok(Math.abs(m.energy(r.state) - r.energy) < 1e-9, method);
    assert.ok((r.tabuIterations ?? 0) > 0, `${method} ran no walk`);
  }
});

test('under a cardinality hybrid and tabu are PT alone (the walk only flips): same answer, no walk steps', () => {
  const m = randomSetModel({ n: 24, seed: 8, cardinality: 9, clampCount: 2 });
  const pt = minimizeSync(m, { method: 'pt', maxRounds: 150, seed: 3 });
  for (const method of ['tabu', 'hybrid'] as const) {
    const r = minimizeSync(m, { method, maxRounds: 150, seed: 3 });
    assert.deepEqual(r.state, pt.state, method);
    assert.equal(r.energy, pt.energy);
    assert.equal(r.tabuIterations, 0);
    assert.ok(m.admissible(r.state));
  }
});

test('tabu alone reaches the brute-force minimum of small models (sparse, dense, clamped)', () => {
  for (const spec of [
    { n: 14, seed: 11 },
    { n: 13, seed: 12, dense: true },
    { n: 14, seed: 13, clampCount: 4 },
    { n: 12, seed: 14, integer: true },
  ]) {
    const m = randomSetModel(spec);
    const r = minimizeSync(m, { method: 'tabu', maxRounds: 3000, seed: 1, chains: 2 });
    assert.ok(Math.abs(r.energy - bruteMinimum(m)) < 1e-9, `seed ${spec.seed}: ${r.energy} vs ${bruteMinimum(m)}`);
  }
});

test('tabu and hybrid stop on an abort or deadline with a valid best-so-far', async () => {
  // A ring of 200000 items with random +-1 couplings: far more work than the budget.
  const n = 200000;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n, ((i * 7919) % 3) - 1 || 1]);
  const m = setModel({ n, unary: new Float64Array(n), edges });
  for (const method of ['tabu', 'hybrid'] as const) {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const aborted = await minimize(m, { method, signal: controller.signal, seed: 1 });
    assert.equal(aborted.stopped, 'aborted', method);
    assert.ok(Math.abs(m.energy(aborted.state) - aborted.energy) < 1e-6, method);
    const timed = await minimize(m, { method, timeLimitMs: 150, seed: 1 });
    assert.equal(timed.stopped, 'deadline', method);
    assert.ok(Math.abs(m.energy(timed.state) - timed.energy) < 1e-6, method);
  }
});
