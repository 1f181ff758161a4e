/** The `ebm` CLI on permutations: qap, lap, and sample / logz with permutation models (contract keys, exit codes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { permModelToJson } from '../../src/energies/permModel.ts';
import { qapCost, readQaplibDat } from '../../src/data/qaplib.ts';
import { native } from '../../src/native.ts';
import { rng } from '../helpers.ts';
import { checkCounts } from '../../src/testing/index.ts';
import { formatResult } from '../../src/testing/format.ts';
import { randomPermModel } from '../perms/permHelpers.ts';
import { runEbm, tempFolder } from '../helpers.ts';

const nug12 = fileURLToPath(new URL('../../data/nug12.dat', import.meta.url));
const { dir, file } = tempFolder('ebm-perm-cli-');

const ebm = (...args: string[]) => runEbm(args);

test('ebm qap --json: cost and 0-based permutation; cost recomputed from it', () => {
  const r = ebm('qap', nug12, '--time', '2', '--seed', '3', '--target', '578', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const dat = readQaplibDat(nug12);
  assert.equal(out.permutation.length, 12);
  assert.equal(out.cost, qapCost(dat.flow, dat.distance, 12, Int32Array.from(out.permutation)));
  assert.equal(out.cost, 578);
});

test('ebm lap --json: JSON and whitespace matrices; optimal vs the Hungarian reference', () => {
  const n = 60;
  const r0 = rng(4);
  const rows = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.floor(r0() * 100) - 20));
  const reference = native().lapSolveSync({ n, cost: Float64Array.from(rows.flat()) }, { method: 'hungarian' }).cost;
  for (const path of [file('c.json', JSON.stringify({ cost: rows })), file('c.txt', rows.map((row) => row.join(' ')).join('\n') + '\n')]) {
    const r = ebm('lap', path, '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.cost, reference);
    assert.deepEqual([...out.assignment].sort((a: number, b: number) => a - b), Array.from({ length: n }, (_, i) => i));
    assert.equal(out.assignment.reduce((s: number, j: number, i: number) => s + rows[i]![j]!, 0), out.cost);
  }
});

test('ebm lap: rectangular or non-finite input exits 2 naming the problem', () => {
  let r = ebm('lap', file('rect.json', JSON.stringify({ cost: [[1, 2, 3], [4, 5, 6]] })), '--json');
  assert.equal(r.code, 2);
  assert.equal(JSON.parse(r.stdout).error, 'RangeError: Expected a square matrix for cost but row 0 has 3 entries for 2 rows');
  r = ebm('lap', file('nan.txt', '1 2\nNaN 4\n'), '--json');
  assert.equal(r.code, 2);
  assert.match(JSON.parse(r.stdout).error, /^RangeError: Expected a finite number for cost\[1\]\[0\] in .*nan\.txt but received "NaN"$/);
  r = ebm('lap', join(dir, 'missing.json'), '--json');
  assert.equal(r.code, 2);
  r = ebm('qap', join(dir, 'missing.dat'), '--json');
  assert.equal(r.code, 2);
  assert.match(JSON.parse(r.stdout).error, /^RangeError: Cannot read QAPLIB .dat file/);
});

test('ebm sample --json on a permutation model: counts keyed "2 0 1" close to the exact distribution', () => {
  const m = randomPermModel({ n: 5, seed: 4, clampCount: 1 });
  const path = file('p5.json', JSON.stringify(permModelToJson(m)));
  const N = 200000;
  const r = ebm('sample', path, '--samples', String(N), '--seed', '2', '--json');
  assert.equal(r.code, 0, r.stderr);
  const { counts } = JSON.parse(r.stdout) as { counts: Record<string, number> };
  for (const key of Object.keys(counts)) assert.match(key, /^\d( \d){4}$/);
  // The counts as printed, checked by the product's checkCounts (impossible states, TV bound, G-test).
  const verdict = checkCounts(m, counts);
  assert.ok(verdict.pass, formatResult(verdict));
});

test('ebm logz --json on a permutation model: exact and pt agree', () => {
  const path = file('p7.json', JSON.stringify(permModelToJson(randomPermModel({ n: 7, seed: 8 }))));
  const exact = ebm('logz', path, '--method', 'exact', '--json');
  const pt = ebm('logz', path, '--method', 'pt', '--json');
  assert.equal(exact.code, 0, exact.stderr);
  assert.equal(pt.code, 0, pt.stderr);
  assert.ok(Math.abs(JSON.parse(exact.stdout).logZ - JSON.parse(pt.stdout).logZ) < 0.05);
});
