/**
 * Every space and method against the same contract, from the rows of table.ts:
 * - exactness: Gibbs and PT reproduce the exact distribution of random small models, checked by the product's
 *   own checkCounts (discrete-ebm/testing: TV within 3x the expected TV of as many iid samples plus 0.001, a
 *   G-test at 1e-3, no impossible state), so the default thinning must keep the effective sample size near the
 *   sample count; a sampler targeting beta * 1.05 must fail it (power);
 * - determinism: same seed, same output; different seeds differ; chain c's samples do not change when more
 *   chains run; fixed-round minimization repeats (every method);
 * - workers: samples, state counts, fixed-round minimization and PT log Z are identical for 1, 2 and 4 workers;
 * - log Z: PT passes checkLogZ (within 4 standard errors of exact) and is within 0.05 nats; at beta = 0 exact log Z is the base
 *   log-measure, and the exact minimum is the brute-force minimum;
 * - caches: cached fields / energies / tabu deltas equal recomputation (exact for integer models).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sample, sampleCounts, sampleSync } from '../../src/sample/sample.ts';
import { exactDistribution, logPartition } from '../../src/sample/logz.ts';
import { minimize, minimizeSync } from '../../src/solve/minimize.ts';
import { closePool } from '../../src/pool/pool.ts';
import { modelFromJson } from '../../src/energies/modelFile.ts';
import { checkCounts, checkLogZ } from '../../src/testing/index.ts';
import { formatResult } from '../../src/testing/format.ts';
import { rowsOf } from '../helpers.ts';
import { METHODS, SPACES } from './table.ts';
import { setSpace } from '../../src/spaces/set.ts';
import { permSpace } from '../../src/spaces/perm.ts';
import type { SetModel } from '../../src/energies/setModel.ts';
import type { PermModel } from '../../src/energies/permModel.ts';

after(() => closePool());

/** The descriptor's base log-measure of either space's model. */
const logBaseMeasure = (m: SetModel | PermModel) => (m.space === 'set' ? setSpace.logBaseMeasure(m) : permSpace.logBaseMeasure(m));

for (const { row, method, exactSeed, exactRuns, power } of METHODS) {
  test(`${row.name}/${method}: checkCounts passes on random models (TV within 3x iid noise + 0.001, G-test, no impossible state)`, () => {
    fc.assert(
      fc.property(row.exactConfig, (c) => {
        const model = row.exactModel(c);
        const N = 200_000;
        const r = sampleSync(model, { samples: N, seed: c.seed as number, method });
        assert.equal(r.produced, N);
        // The product's own checker (discrete-ebm/testing), as a sampler author would use it.
        const verdict = checkCounts(model, rowsOf(r));
        assert.ok(verdict.pass, `${formatResult(verdict)}\nfor ${JSON.stringify(c)}`);
      }),
      { seed: exactSeed, numRuns: exactRuns },
    );
  });

  test(`${row.name}/${method}: a 5% error in beta fails checkCounts (the check has power)`, () => {
    for (const [seed, model] of power) {
      const r = sampleSync(model, { samples: 1_000_000, seed, method, beta: 1.05 });
      const wrong = checkCounts(model, rowsOf(r));
      assert.ok(!wrong.pass && wrong.tv > wrong.bound, `sampling at beta 1.05 passed: ${formatResult(wrong)}`);
      // and the same run passes against its own target
      const own = checkCounts(model, rowsOf(r), { beta: 1.05 });
      assert.ok(own.pass, `against its own target: ${formatResult(own)}`);
    }
  });


  for (const [name, m] of row.determinismModels) {
    const model = m;
    test(`${row.name}/${name}/${method}: same seed repeats, different seeds differ`, () => {
      const samples = row.determinismSamples;
      const a = sampleSync(model, { samples, seed: 11, method });
      const b = sampleSync(model, { samples, seed: 11, method });
      const c = sampleSync(model, { samples, seed: 12, method });
      assert.deepEqual(a.samples, b.samples);
      assert.notDeepEqual(a.samples, c.samples);
    });

    test(`${row.name}/${name}/${method}: chain c's samples do not change when more chains run`, () => {
      const S = row.chainSamples;
      const few = sampleSync(model, { samples: 3 * S, seed: 3, method, chains: 3 });
      const many = sampleSync(model, { samples: 40 * S, seed: 3, method, chains: 40 });
      const n = model.n;
      for (let c = 0; c < 3; c++) {
        for (let s = 0; s < S; s++) {
          const x = few.samples.subarray((s * 3 + c) * n, (s * 3 + c + 1) * n);
          const y = many.samples.subarray((s * 40 + c) * n, (s * 40 + c + 1) * n);
          assert.deepEqual(x, y, `chain ${c}, sample ${s}`);
        }
      }
    });
  }

  test(`${row.name}/${method}: samples and state counts are identical for 1, 2 and 4 workers`, async () => {
    for (const m of row.workerModels) {
      const options = { ...row.workerSample, method };
      const runs = await Promise.all([undefined, 1, 2, 4].map((workers) => sample(m, { ...options, ...(workers && { workers }) })));
      for (const r of runs.slice(1)) assert.deepEqual(r.samples, runs[0]!.samples, 'samples differ');
      const counts = await Promise.all([undefined, 2].map((workers) => sampleCounts(m, { ...options, ...(workers && { workers }) })));
      assert.deepEqual(new Map([...counts[1]!.counts].sort()), new Map([...counts[0]!.counts].sort()), 'counts differ');
    }
  });
}

for (const row of SPACES) {
  test(`${row.name}: fixed-round minimization is deterministic (every method)`, () => {
    const model = row.minimizeModel;
    for (const method of row.space.methods.minimize) {
      const a = minimizeSync(model, { maxRounds: 300, seed: 9, method });
      const b = minimizeSync(model, { maxRounds: 300, seed: 9, method });
      assert.deepEqual(a.state, b.state, method);
      assert.equal(a.energy, b.energy);
      assert.equal(a.stopped, 'done');
      assert.equal(a.rounds, 300);
      assert.ok(model.admissible(a.state));
      assert.ok(Math.abs(model.energy(a.state) - a.energy) < 1e-9, `${method}: energy ${a.energy} vs recomputed ${model.energy(a.state)}`);
    }
  });

  test(`${row.name}: fixed-round minimization and PT log Z are identical for 1, 2 and 4 workers`, async () => {
    for (const m of row.workerMinimizeModels) {
      for (const method of row.space.methods.minimize) {
        const mins = await Promise.all([undefined, 1, 2, 4].map((workers) => minimize(m, { ...row.workerMinimize, method, ...(workers && { workers }) })));
        for (const r of mins.slice(1)) {
          assert.deepEqual(r.state, mins[0]!.state, `${method}: states differ`);
          assert.equal(r.energy, mins[0]!.energy);
          assert.equal(r.chainOfBest, mins[0]!.chainOfBest);
        }
      }
    }
    for (const m of row.workerModels) {
      const zs = await Promise.all([undefined, 1, 2, 4].map((workers) => logPartition(m, { method: 'pt', ...row.workerLogZ, ...(workers && { workers }) })));
      for (const z of zs.slice(1)) assert.equal(z.logZ, zs[0]!.logZ);
    }
  });

  test(`${row.name}: PT log Z within 0.05 of exact, with an honest standard error`, async () => {
    for (const [k, m] of row.logZModels.entries()) {
      const pt = await logPartition(m, { method: 'pt', seed: k + 1 });
      // checkLogZ (discrete-ebm/testing): within 4 standard errors of exact enumeration; and within 0.05 nats.
      const check = await checkLogZ(m, pt.logZ, { stdError: pt.stdError! });
      assert.ok(check.pass, `model ${k}: PT ${pt.logZ} vs exact ${check.exact}, z = ${check.z}`);
      assert.ok(Math.abs(check.error) < 0.05, `model ${k}: error ${check.error}`);
    }
  });

  test(`${row.name}: at beta = 0 log Z is the base log-measure; the exact minimum is the brute-force one`, async () => {
    for (const m of row.bruteForceModels) {
      let admissible = 0;
      let min = Infinity;
      for (const state of row.allStates(m.n)) {
        if (!m.admissible(state)) continue;
        admissible++;
        min = Math.min(min, m.energy(state));
      }
      const zero = await logPartition(m, { method: 'exact', beta: 0 });
      assert.ok(Math.abs(zero.logZ - Math.log(admissible)) < 1e-12, `log Z ${zero.logZ} vs log ${admissible}`);
      assert.ok(Math.abs(logBaseMeasure(m) - Math.log(admissible)) < 1e-12, `base measure vs log ${admissible}`);
      const exact = exactDistribution(m);
      assert.ok(m.admissible(exact.argmin));
      assert.ok(Math.abs(m.energy(exact.argmin) - exact.minEnergy) < 1e-9 && Math.abs(exact.minEnergy - min) < 1e-9, `min ${exact.minEnergy} vs brute force ${min}`);
    }
  });

  test(`${row.name}: models stop at ${row.space.limits().items} items`, () => {
    const n = row.space.limits().items + 1;
    assert.throws(() => modelFromJson({ format: 'ebm-model/1', space: row.name, n }), { name: 'RangeError', message: new RegExp(`Expected integer in \\[1, ${n - 1}\\] for model.n`) });
  });

  test(`${row.name}: exact enumeration stops at ${row.space.limits().exactFreeItems} free items`, async () => {
    const n = row.space.limits().exactFreeItems + 1;
    const m = row.cacheModel({ n, seed: 1, dense: false, cardinality: null, clampCount: 0, parts: 'linear', symmetric: false, scale: 1 });
    await assert.rejects(logPartition(m, { method: 'exact' }), { name: 'RangeError', message: new RegExp(`at most ${n - 1} free items`) });
  });

  test(`${row.name}: cached state equals recomputation (random models and betas; integer models exactly)`, () => {
    fc.assert(
      fc.property(row.cacheConfig, (c) => {
        const r = row.cacheProbe(row.cacheModel(c), { ...row.cacheOptions, beta: c.beta, seed: c.seed });
        if (r.precision !== undefined) assert.equal(r.precision, 'float64');
        for (const [name, error] of Object.entries(r.errors)) assert.ok(error < 1e-9, `${name} ${error} for ${JSON.stringify(c)}`);
      }),
      { seed: row.name === 'set' ? 7 : 17, numRuns: 40 },
    );
    for (const { model, options, precision } of row.integerCache) {
      const r = row.cacheProbe(model, options);
      if (precision !== undefined) assert.equal(r.precision, precision);
      for (const [name, error] of Object.entries(r.errors)) assert.equal(error, 0, name);
    }
  });
}
