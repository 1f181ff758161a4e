/**
 * Issue 11 item 5: inputs that reached undefined behaviour (reported by UBSan; a release build ran on with
 * whatever the compiler made of it). test/sanitizers/sanitizers.test.ts runs this file under ASan + UBSan,
 * where any report fails it; here the answers themselves are checked.
 * - betaMax 1e308: betaMax / betaMin overflowed, so the ladder had infinite rungs, inf - inf = NaN between
 *   them, and expFast converted NaN to int64 and shifted a negative value (mathx.hpp via tempering.hpp).
 * - tiny models with no free choice (n = 2, one item clamped, cardinality 1): the set lanes bound a reference
 *   to an element of an empty vector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimize } from '../../src/solve/minimize.ts';
import { sample } from '../../src/sample/sample.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { setModel, type SetModel } from '../../src/energies/setModel.ts';
import { permModel, type PermModel } from '../../src/energies/permModel.ts';
import { qapModel } from '../../src/solve/qap.ts';
import { randomSetModel, rng } from '../helpers.ts';

function assertLadder(ladder: number[], what: string): void {
  for (let t = 0; t < ladder.length; t++) {
    assert.ok(Number.isFinite(ladder[t]), `${what}: rung ${t} is ${ladder[t]}`);
    if (t > 0) assert.ok(ladder[t]! > ladder[t - 1]!, `${what}: rungs ${t - 1}, ${t} not increasing`);
  }
}

test('betaMax 1e308: a finite increasing ladder, admissible answers with their energies (sets and permutations)', async () => {
  const r = rng(4);
  const n = 12;
  const flow = new Float64Array(n * n).map(() => Math.floor(r() * 10));
  const distance = new Float64Array(n * n).map(() => Math.floor(r() * 10));
  const models: [SetModel | PermModel, string[]][] = [
    [randomSetModel({ n: 30, seed: 1 }), ['pt', 'sa']],
    [randomSetModel({ n: 20, seed: 2, dense: true, cardinality: 7, clampCount: 3 }), ['pt', 'sa']],
    [qapModel(flow, distance, n), ['hybrid', 'pt', 'sa']],
    [permModel({ n: 4, linear: [[1, 2, 3, 4], [4, 3, 2, 1], [0, 1, 0, 1], [2, 2, 0, 0]], clamp: { 0: 2 } }), ['pt', 'sa']],
  ];
  for (const [model, methods] of models)
    for (const method of methods)
      for (const betaMin of [undefined, 1e-300]) {
        const what = `${model.space} ${method} betaMin ${betaMin}`;
        const res = await minimize(model as SetModel, { method, betaMax: 1e308, ...(betaMin && { betaMin }), maxRounds: 64, seed: 5 } as never);
        assertLadder(res.ladder, what);
        assert.ok(model.admissible(res.state), what);
        assert.ok(Number.isFinite(res.energy), what);
        assert.equal(res.energy, model.energy(res.state), what);
      }
});

test('set models with no free choice (n = 2, clamps, cardinality): every operation runs and stays admissible', async () => {
  const models = [
    setModel({ n: 2, unary: [1, -1], clamp: { 0: 1 }, cardinality: 1 }), // the free item must be 0
    setModel({ n: 2, unary: [1, -1], clamp: { 0: 0 }, cardinality: 1 }), // the free item must be 1
    setModel({ n: 2, unary: [1, -1], edges: [[0, 1, 2]], clamp: { 0: 1, 1: 0 }, cardinality: 1 }), // nothing free
    setModel({ n: 2, unary: [1, -1], clamp: { 0: 1, 1: 0 } }),
    setModel({ n: 1, unary: [3], cardinality: 1 }),
  ];
  for (const [k, model] of models.entries()) {
    for (const method of ['gibbs', 'pt'] as const) {
      const s = await sample(model, { samples: 40, method, seed: 2, chains: 3 });
      for (let i = 0; i < s.produced; i++) assert.ok(model.admissible(s.samples.subarray(i * model.n, (i + 1) * model.n)), `model ${k} ${method}`);
    }
    for (const method of ['pt', 'sa'] as const) {
      const m = await minimize(model, { method, maxRounds: 8, seed: 2 });
      assert.ok(model.admissible(m.state), `model ${k} ${method}`);
      assert.equal(m.energy, model.energy(m.state));
    }
    const z = await logPartition(model, { method: 'pt', rounds: 50, tuneRounds: 8, chains: 2 });
    assert.ok(Number.isFinite(z.logZ), `model ${k}: logZ ${z.logZ}`);
  }
});
