/** `ebm` input and output details: "-" reads stdin, an empty LAP matrix is bad input, `sample` lists `top` in order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cutValue, readGset } from '../../src/data/gset.ts';
import { setModelToJson } from '../../src/energies/setModel.ts';
import { randomSetModel } from '../helpers.ts';
import { runEbm } from '../helpers.ts';

const g1 = fileURLToPath(new URL('../../data/G1.txt', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ebm-input-'));

const ebm = (input: string | undefined, ...args: string[]) => runEbm(args, input === undefined ? {} : { input });

test('ebm lap -: the cost matrix from stdin, as JSON or as rows', () => {
  for (const text of ['{"cost": [[4, 1, 3], [2, 0, 5], [3, 2, 2]]}', '4 1 3\n2 0 5\n3 2 2\n']) {
    const r = ebm(text, 'lap', '-', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { cost: number; assignment: number[] };
    assert.equal(out.cost, 5);
    assert.deepEqual(out.assignment, [1, 0, 2]);
  }
});

test('ebm maxcut -: the Gset graph from stdin; the partition recomputes to the cut', () => {
  const r = ebm(readFileSync(g1, 'utf8'), 'maxcut', '-', '--time', '0.5', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { n: number; cut: number; partition: number[] };
  assert.equal(out.n, 800);
  assert.equal(cutValue(readGset(g1), out.partition), out.cut);
  assert.ok(out.cut > 11000, `cut ${out.cut}`);
});

test('an empty LAP matrix is bad input naming cost (exit 2), from a file or from stdin', () => {
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '');
  for (const [input, file] of [[undefined, empty], ['{"cost": []}', '-'], ['', '-']] as const) {
    const r = ebm(input, 'lap', file, '--json');
    assert.equal(r.code, 2, r.stderr);
    assert.match((JSON.parse(r.stdout) as { error: string }).error, /^RangeError: Expected a non-empty square matrix for cost/);
  }
  const missing = ebm(undefined, 'lap', join(dir, 'missing.txt'), '--json');
  assert.equal(missing.code, 2);
  assert.match((JSON.parse(missing.stdout) as { error: string }).error, /Cannot read cost matrix file .*missing\.txt/);
});

test('ebm sample --json: top lists [state, count] by descending count; the text view shows its first 10', () => {
  const path = join(dir, 'm8.json');
  const model = JSON.stringify(setModelToJson(randomSetModel({ n: 8, seed: 9, dense: true })));
  writeFileSync(path, model);
  const r = ebm(undefined, 'sample', path, '--samples', '50000', '--seed', '4', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { counts: Record<string, number>; top: [string, number][]; produced: number };
  const counts = Object.entries(out.counts);
  assert.equal(out.top.length, Math.min(100, counts.length));
  assert.equal(out.top[0]![1], Math.max(...counts.map(([, c]) => c)));
  for (let i = 1; i < out.top.length; i++) {
    const [[k0, c0], [k1, c1]] = [out.top[i - 1]!, out.top[i]!];
    assert.ok(c0 > c1 || (c0 === c1 && k0 < k1), `top[${i - 1}] ${k0} ${c0} before top[${i}] ${k1} ${c1}`);
  }
  for (const [state, count] of out.top) assert.equal(out.counts[state], count);
  const text = ebm(undefined, 'sample', path, '--samples', '50000', '--seed', '4');
  const listed = text.stdout.split('\n').slice(1, 11).map((l) => l.trim().split(/\s+/).slice(0, 2));
  assert.deepEqual(listed, out.top.slice(0, 10).map(([k, c]) => [k, String(c)]));
  // The same model from stdin gives the same samples.
  const piped = ebm(model, 'sample', '-', '--samples', '50000', '--seed', '4', '--json');
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual((JSON.parse(piped.stdout) as { top: unknown }).top, out.top);
});
