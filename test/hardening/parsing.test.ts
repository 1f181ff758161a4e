/** Issue 11 item 7 (and the Gset part of item 6): lenient parsing is rejected with a named error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGset } from '../../src/data/gset.ts';
import { parseDecimal } from '../../src/data/decimal.ts';
import { parseNumberFlag } from '../../src/cli/args.ts';
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
