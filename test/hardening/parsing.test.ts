/** Issue 11 item 7 (and the Gset part of item 6): lenient parsing is rejected with a named error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGset } from '../../src/data/gset.ts';
import { parseDecimal } from '../../src/data/decimal.ts';
import { parseNumberFlag } from '../../src/cli/args.ts';
import { train } from '../../src/learn/train.ts';
import { setModel } from '../../src/energies/setModel.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { parseCostMatrix } from '../../src/cli/commands/lap.ts';
import { assign } from '../../src/solve/assign.ts';
import { runEbm } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ebm-parsing-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test('numbers are decimal: 0x10, 0b1, Infinity and "" are not numbers', () => {
  for (const t of ['12', '-0.5', '.5', '5.', '+1e-3', '1E5']) assert.equal(parseDecimal(t), Number(t), t);
  for (const t of ['0x10', '0b1', '0o7', 'Infinity', '', ' ', '1_000', '1e']) assert.ok(Number.isNaN(parseDecimal(t)), t);
});

test('Gset weights and vertices in hex are rejected naming the field', () => {
  assert.throws(() => parseGset('2 1\n1 2 0x10\n', 'hex.txt'), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: 'Expected a number for edge 1 weight in hex.txt but received "0x10"' });
  assert.throws(() => parseGset('0x2 1\n1 2 1\n', 'hex.txt'), { name: 'RangeError', message: 'Expected a number for n in hex.txt but received "0x2"' });
});

test('CLI number flags in hex are rejected (exit 2), decimal ones still parse', () => {
  assert.throws(() => parseNumberFlag('time', '0x10'), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: 'Expected a number for --time but received "0x10"' });
  assert.equal(parseNumberFlag('time', ' 2.5 '), 2.5);
  const g = file('tiny.txt', '3 2\n1 2 1\n2 3 1\n');
  const r = runEbm(['maxcut', g, '--seed', '0x10', '--time', '0.1', '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { error: 'RangeError: Expected a number for --seed but received "0x10"', exitCode: 2 });
});

test('Gset weights that overflow the energy are reported as such, with file:line', () => {
  assert.throws(() => parseGset('3 2\n1 2 1\n\n2 3 1e300\n', 'big.txt'), {
    name: 'RangeError',
    code: 'EBM_INVALID_INPUT',
    message: "Expected edge weights with 4 sum |w| <= 1.34e+154 in big.txt:4 but they overflow the energy's range at edge 2 (weight 1e+300)",
  });
  // Large weights whose energies stay in range still parse (and solve: see the CLI run).
  assert.equal(parseGset('2 1\n1 2 1e150\n').w[0], 1e150);
  const r = runEbm(['maxcut', file('big.txt', '2 1\n1 2 1e300\n'), '--time', '0.1', '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /big\.txt:2 but they overflow the energy's range at edge 1/);
});

test('train checks its labels: y = 7, NaN, and rankings that are not permutations', async () => {
  const x = [0, 1, 2, 3];
  const labelError = (message: string | RegExp) => ({ name: 'RangeError', code: 'EBM_INVALID_INPUT', message });
  await assert.rejects(train({ x, y: [0, 1, 7, 0, 1, 1, 0, 0], rows: 4, d: 1, k: 2 }, { model: 'unary', epochs: 1 }), labelError('Expected 0 or 1 for data.y[2] (row 1, label 0) but received 7'));
  await assert.rejects(train({ x, y: [0, 1, NaN, 0, 1, 1, 0, 0], rows: 4, d: 1, k: 2 }, { model: 'pairwise', epochs: 1 }), labelError('Expected 0 or 1 for data.y[2] (row 1, label 0) but received NaN'));
  const tie = [0, 1, 2, 0, 2, 1, 1, 1, 0, 2, 0, 1];
  await assert.rejects(train({ x, y: tie, rows: 4, d: 1, k: 3 }, { model: 'permutahedron', epochs: 1 }), labelError('Expected a ranking (a permutation of 0..2) for row 2 of data.y but received 1,1,0'));
  const outOfRange = [0, 1, 2, 0, 2, 3, 1, 2, 0, 2, 0, 1];
  await assert.rejects(train({ x, y: outOfRange, rows: 4, d: 1, k: 3 }, { model: 'birkhoff', epochs: 1 }), labelError('Expected a ranking (a permutation of 0..2) for row 1 of data.y but received 0,2,3'));
  await assert.rejects(train({ x, y: [0, 1, 1, 0], rows: 4, d: 1, k: 1.5 }, { model: 'unary', epochs: 1 }), labelError('Expected integer in [1, 65536] for data.k but received 1.5'));
});

test('train rejects unknown option keys, with a suggestion for a typo', async () => {
  const data = { x: [0, 1, 2, 3], y: [0, 1, 1, 0], rows: 4, d: 1, k: 1 };
  await assert.rejects(train(data, { model: 'unary', epoch: 500 } as never), {
    name: 'RangeError',
    code: 'EBM_INVALID_INPUT',
    message: /^Unknown key "epoch" in options \(expected one of model, loss, epochs, .*\); did you mean "epochs"\?$/,
  });
  await assert.rejects(train(data, { model: 'unary', frobnicate: 1 } as never), { name: 'RangeError', message: /^Unknown key "frobnicate" in options \(expected one of [^)]*\)$/ });
  await assert.rejects(train(data, { model: 'unary', hidden: 8 } as never), { name: 'TypeError', message: /for hidden but received 8$/ });
  await assert.rejects(train(data, null as never), { name: 'TypeError', message: /for options but received null$/ });
});

test('a clamp key must be a canonical item index: "01" is not item 1', () => {
  const message = 'Expected item index in [0, 2] for model.clamp key but received "01"';
  assert.throws(() => setModel({ n: 3, clamp: { '01': 1 } }), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message });
  assert.throws(() => permModel({ n: 3, linear: [[0, 1, 2], [1, 0, 1], [2, 1, 0]], clamp: { '01': 2 } }), { name: 'RangeError', message });
  for (const key of ['1.0', ' 1', '-0', '1e0']) assert.throws(() => setModel({ n: 3, clamp: { [key]: 1 } }), { name: 'RangeError' }, key);
  assert.equal(setModel({ n: 12, clamp: { '0': 1, '10': 0 } }).clamp![10], 0);
});

test('LAP files: "n" must match the rows, other keys are rejected, an empty matrix and overflowing costs too', () => {
  assert.throws(() => parseCostMatrix('{"n": 3, "cost": [[1, 2], [3, 4]]}', 'lap.json'), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: 'Expected integer in [2, 2] for n in lap.json (the rows of cost) but received 3' });
  assert.deepEqual(parseCostMatrix('{"n": 2, "cost": [[1, 2], [3, 4]]}', 'lap.json'), [[1, 2], [3, 4]]);
  assert.throws(() => parseCostMatrix('{"cost": [[1]], "costs": 1}', 'lap.json'), { name: 'RangeError', message: /^Unknown key "costs" in lap\.json \(expected one of cost, n\); did you mean "cost"\?$/ });
  assert.throws(() => parseCostMatrix('1 0x10\n2 3\n', 'lap.txt'), { name: 'RangeError', message: 'Expected a finite number for cost[0][1] in lap.txt but received "0x10"' });
  for (const text of ['{"cost": []}', '[]', '\n \n']) assert.throws(() => assign(parseCostMatrix(text, 'lap')), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: /non-empty square matrix/ }, text);
  assert.throws(() => assign([[1e308, 1e308], [1e308, 1e308]]), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: /but max \|C\| = 1e\+308 for n = 2: the assignment cost overflows$/ });
  assert.throws(() => assign({ n: 1, cost: Float64Array.of(1e308) }), { name: 'RangeError', message: /overflows$/ });
  assert.equal(assign([[1e300, 0], [0, 1e300]]).cost, 0);
  const r = runEbm(['lap', file('big.json', '{"cost": [[1e308, 1e308], [1e308, 1e308]]}'), '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /the assignment cost overflows/);
});
