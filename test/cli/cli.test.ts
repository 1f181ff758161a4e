/** The `ebm` CLI: one JSON object on stdout with the contract's keys, exit codes 0 / 2 / 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setModelToJson } from '../../src/energies/setModel.ts';
import { randomSetModel } from '../helpers.ts';
import { checkCounts } from '../../src/testing/index.ts';
import { formatResult } from '../../src/testing/format.ts';
import { runEbm } from '../helpers.ts';

const g1 = fileURLToPath(new URL('../../data/G1.txt', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ebm-cli-'));

const ebm = (...args: string[]) => runEbm(args);

function modelFile(name: string, json: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

test('ebm maxcut --json: cut and partition, cut recomputed from the partition', () => {
  const r = ebm('maxcut', g1, '--time', '1', '--seed', '3', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.partition.length, 800);
  assert.ok(out.cut >= 11500, `cut ${out.cut}`);
  assert.ok(['done', 'deadline'].includes(out.stopped));
});

test('ebm sample --json: counts keyed "0110" close to the exact distribution', () => {
  const m = randomSetModel({ n: 6, seed: 4, dense: true });
  const path = modelFile('m6.json', setModelToJson(m));
  const N = 200000;
  const r = ebm('sample', path, '--samples', String(N), '--method', 'pt', '--seed', '2', '--json');
  assert.equal(r.code, 0, r.stderr);
  const { counts } = JSON.parse(r.stdout) as { counts: Record<string, number> };
  // The counts as `ebm sample --json` prints them, checked by the product's checkCounts.
  const verdict = checkCounts(m, counts);
  assert.ok(verdict.pass, formatResult(verdict));
});

test('ebm logz --json: exact and pt agree', () => {
  const path = modelFile('m10.json', setModelToJson(randomSetModel({ n: 10, seed: 8 })));
  const exact = ebm('logz', path, '--method', 'exact', '--json');
  const pt = ebm('logz', path, '--method', 'pt', '--json');
  assert.equal(exact.code, 0, exact.stderr);
  assert.equal(pt.code, 0, pt.stderr);
  assert.ok(Math.abs(JSON.parse(exact.stdout).logZ - JSON.parse(pt.stdout).logZ) < 0.05);
});

test('ebm info --json', () => {
  const r = ebm('info', '--json');
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.equal(typeof out.cudaCompiled, 'boolean');
  assert.equal(typeof out.cudaDevices, 'number');
  assert.equal(out.simdLanesDouble, 8);
});

test('exit code 2 with the field named on bad input', () => {
  const bad = modelFile('bad.json', { format: 'ebm-model/1', space: 'set', n: 3, unary: [0, 'x', 1] });
  let r = ebm('logz', bad, '--json');
  assert.equal(r.code, 2);
  assert.match(JSON.parse(r.stdout).error, /^TypeError: Expected finite number for .*bad\.json\.unary\[1\] but received "x"$/);
  r = ebm('maxcut', g1, '--time', '-1');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--time/);
  r = ebm('sample', bad, '--samples', '10', '--bogus');
  assert.equal(r.code, 2);
  r = ebm('frobnicate');
  assert.equal(r.code, 2);
  r = ebm('maxcut', join(dir, 'missing.txt'), '--json');
  assert.equal(r.code, 2);
  assert.match(JSON.parse(r.stdout).error, /^RangeError: Cannot read graph file .*missing\.txt/);
});

test('--workers 1 and --workers 2 print identical counts; --workers 0 is an input error', () => {
  const path = modelFile('m8w.json', setModelToJson(randomSetModel({ n: 8, seed: 31, dense: true })));
  const one = ebm('sample', path, '--samples', '300000', '--method', 'pt', '--seed', '5', '--workers', '1', '--json');
  const two = ebm('sample', path, '--samples', '300000', '--method', 'pt', '--seed', '5', '--workers', '2', '--json');
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  assert.deepEqual(JSON.parse(one.stdout).counts, JSON.parse(two.stdout).counts);
  const bad = ebm('maxcut', g1, '--workers', '0', '--json');
  assert.equal(bad.code, 2);
  assert.match(JSON.parse(bad.stdout).error, /--workers/);
});

test('ebm demo --json (the npm start tour): every step reports, on the embedded data only', () => {
  const r = ebm('demo', '--time', '1', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.maxcut.cut > 11000 && j.maxcut.cut <= 11624, `G1 cut ${j.maxcut.cut}`);
  assert.ok(Math.abs(j.logZ.pt - j.logZ.exact) < 0.05, `log Z ${j.logZ.pt} vs ${j.logZ.exact}`);
  assert.ok(j.qap.cost >= j.qap.optimum);
  // Beats the best constant label set on emotions (43.94 F1 x100, chosen on the training rows).
  for (const key of ['f1_example', 'f1_example_pairwise']) assert.ok(j.learn[key] > 0.5, `${key} ${j.learn[key]}`);
});

test('a reader that closes early (ebm help submit | head -1) ends ebm quietly with exit 0, not an EPIPE crash', async () => {
  const { spawnSync } = await import('node:child_process');
  const bin = fileURLToPath(new URL('../../bin/ebm.js', import.meta.url));
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" help submit | head -1`], { encoding: 'utf8' });
  assert.match(r.stdout, /^Usage: ebm submit/);
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/);
  assert.equal(r.status, 0, r.stderr);
});
