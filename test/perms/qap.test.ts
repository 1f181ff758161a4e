/** QAP solving (nug12 embedded, cost recomputed), the permutahedron argsort oracle, and the model file format. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { readQaplibDat, readQaplibSln, qapCost } from '../../src/data/qaplib.ts';
import { solveQap } from '../../src/solve/qap.ts';
import { rank } from '../../src/solve/rank.ts';
import { permutahedronModel, permModelFromJson, permModelToJson } from '../../src/energies/permModel.ts';
import { minimizePermutationSync } from '../../src/solve/permMinimize.ts';
import { native } from '../../src/native.ts';
import { randomPermModel } from './permHelpers.ts';

const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));

test('nug12 (embedded): every method reaches the optimum 578; cost recomputed from the permutation', async () => {
  const dat = readQaplibDat(dataDir + 'nug12.dat');
  const sln = readQaplibSln(dataDir + 'nug12.sln');
  assert.equal(qapCost(dat.flow, dat.distance, dat.n, sln.permutation), 578);
  for (const method of ['hybrid', 'pt', 'sa', 'tabu'] as const) {
    const r = await solveQap(dat, { timeLimitMs: 3000, seed: 1, method, targetEnergy: 578 });
    assert.equal(r.cost, qapCost(dat.flow, dat.distance, dat.n, r.permutation));
    assert.equal(r.cost, 578, `${method}: cost ${r.cost}`);
  }
});

test('minimize equals the exact minimum on small random models (clamps respected)', () => {
  for (const seed of [1, 2, 3, 4]) {
    const m = randomPermModel({ n: 8, seed, clampCount: seed % 3 });
    const exact = native().permExactSync(m.toNative(), {});
    const r = minimizePermutationSync(m, { maxRounds: 3000, seed });
    assert.ok(m.admissible(r.state));
    assert.ok(Math.abs(r.energy - exact.minEnergy) < 1e-9, `seed ${seed}: ${r.energy} vs ${exact.minEnergy}`);
  }
});

test('argsort oracle: rank(theta) is the exact MAP of the permutahedron energy', () => {
  assert.deepEqual(rank([0.2, 3, -1]), new Int32Array([1, 0, 2]));
  assert.deepEqual(rank([1, 1, 2]), new Int32Array([1, 2, 0])); // ties keep item order
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 7 }), (ints) => {
      const theta = ints.map((x, i) => x + i * 1e-6); // distinct scores: a unique MAP
      const m = permutahedronModel(theta);
      const exact = native().permExactSync(m.toNative(), {});
      assert.deepEqual(exact.argmin, rank(theta));
    }),
    { seed: 8, numRuns: 100 },
  );
  assert.throws(() => rank([1, NaN]), { name: 'RangeError', message: 'Expected finite number for scores[1] but received NaN' });
});

test('model JSON round trip', () => {
  for (const seed of [3, 4]) {
    const m = randomPermModel({ n: 5, seed, clampCount: 2 });
    assert.deepEqual(permModelFromJson(JSON.parse(JSON.stringify(permModelToJson(m)))), m);
  }
});
