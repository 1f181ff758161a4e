/**
 * Issue 11 item 4: no wrong answers at the edges of the budget and of the number range.
 * - `maxRounds: 0` returns an admissible initial state (cardinality and clamps hold; a permutation), with its
 *   energy; the old code returned all zeros.
 * - A model whose energy range is not finite (finite weights whose sums overflow: set couplings 1e308, QAPLIB
 *   entries 1e300) is refused by every operation with a RangeError (code EBM_INVALID_INPUT) that says so; the
 *   old code answered with a zero state or a misleading message. A model just inside the range still runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimize } from '../../src/solve/minimize.ts';
import { sample } from '../../src/sample/sample.ts';
import { logPartition, exactDistribution } from '../../src/sample/logz.ts';
import { qapModel } from '../../src/solve/qap.ts';
import { setModel } from '../../src/energies/setModel.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEbm } from '../helpers.ts';

const RANGE = { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: /^Expected a model with a finite energy range, but \|E\| can reach Infinity \(overflows\)/ };

test('maxRounds 0: the admissible initial state and its energy, for every method', async () => {
  const set = setModel({ n: 8, unary: [1, -1, 2, -2, 0.5, 0, 1, -1], edges: [[0, 1, 1], [2, 3, -1]], cardinality: 3, clamp: { 0: 1, 5: 0 } });
  for (const method of ['pt', 'sa'] as const)
    for (const polish of [true, false]) {
      const r = await minimize(set, { maxRounds: 0, method, polish, seed: 3 });
      assert.ok(set.admissible(r.state), `${method} polish ${polish}: ${Array.from(r.state)}`);
      assert.equal(r.energy, set.energy(r.state));
      assert.equal(r.stopped, 'done');
    }
  const perm = permModel({ n: 5, linear: [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [1, 1, 1, 1, 1], [2, 0, 2, 0, 2], [0, 1, 0, 1, 0]], clamp: { 1: 3 } });
  for (const method of ['hybrid', 'pt', 'sa', 'tabu'] as const)
    for (const polish of [true, false]) {
      const r = await minimize(perm, { maxRounds: 0, method, polish, seed: 3 });
      assert.ok(perm.admissible(r.state), `${method} polish ${polish}: ${Array.from(r.state)}`);
      assert.equal(r.energy, perm.energy(r.state));
    }
});

test('set models whose energy range overflows are refused by minimize, sample, logPartition and exactDistribution', async () => {
  const couplings = setModel({ n: 3, edges: [[0, 1, 1e308], [1, 2, 1e308]] });
  const unary = setModel({ n: 3, unary: [1e308, 1e308, 0] });
  const dense = setModel({ n: 3, dense: [[0, 1e308, 0], [1e308, 0, 1e308], [0, 1e308, 0]], cardinality: 1 });
  for (const m of [couplings, unary, dense]) {
    await assert.rejects(minimize(m, { maxRounds: 10 }), RANGE);
    await assert.rejects(sample(m, { samples: 10 }), RANGE);
    await assert.rejects(logPartition(m, { method: 'pt', rounds: 10 }), RANGE);
    assert.throws(() => exactDistribution(m), RANGE);
  }
  // Inside the range (|E| <= 3e300, 16x that is finite): runs, and the answer is the minimum.
  const large = setModel({ n: 3, unary: [1e300, -1e300, 1e300] });
  const r = await minimize(large, { maxRounds: 20, seed: 1 });
  assert.deepEqual(Array.from(r.state), [0, 1, 0]);
  assert.equal(r.energy, -1e300);
});

test('QAP and linear permutation models whose energy range overflows are refused', async () => {
  const n = 4;
  const qap = qapModel(new Float64Array(n * n).fill(1e300), new Float64Array(n * n).fill(1e300), n);
  const linear = permModel({ n: 3, linear: [[1e308, 0, 0], [1e308, 0, 0], [0, 0, 1e308]] });
  for (const m of [qap, linear]) {
    for (const method of ['hybrid', 'pt', 'tabu'] as const) await assert.rejects(minimize(m, { maxRounds: 10, method }), RANGE);
    await assert.rejects(sample(m, { samples: 10 }), RANGE);
  }
  // 1e150 entries: |E| <= 16 * 1e150 * 1e150, finite; the run returns a permutation with its energy.
  const ok = qapModel(new Float64Array(n * n).fill(1e150), new Float64Array(n * n).fill(1e150), n);
  const r = await minimize(ok, { maxRounds: 20, seed: 1 });
  assert.equal(new Set(r.state).size, n);
  assert.ok(Math.abs(r.energy - ok.energy(r.state)) <= 1e-12 * Math.abs(r.energy), `${r.energy} vs ${ok.energy(r.state)}`); // summed in another order
});

test('ebm qap on a QAPLIB file with 1e300 entries exits 2 naming the overflow (it printed "sigma value 0 repeats")', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ebm-range-')), 'big.dat');
  const row = (i: number) => [0, 1, 2].map((j) => (i === j ? '0' : '1e300')).join(' ');
  writeFileSync(file, `3\n\n${[0, 1, 2].map(row).join('\n')}\n\n${[0, 1, 2].map(row).join('\n')}\n`);
  const r = runEbm(['qap', file, '--time', '1', '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /^RangeError: Expected a model with a finite energy range, but \|E\| can reach Infinity \(overflows\) \(sum \|flow\| times the largest \|distance\|\)/);
});
