/**
 * Issue 11, the CLI's last runs that could not be stopped: `ebm lap` and `ebm logz --method exact` take --time
 * (the other commands' flag: seconds > 0) and stop on Ctrl-C. A stopped lap prints its partial assignment
 * completed greedily, with `stopped` and "not proven optimal"; exact log Z has no partial answer and ends with
 * the library's TimeoutError (exit 1) or AbortError (exit 130 after Ctrl-C). Timings are ratios against the
 * unstopped run in the same test; the Ctrl-C is sent once the --time run has shown how long start-up takes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setModel, setModelToJson } from '../../src/energies/setModel.ts';
import { prepareJob } from '../../src/queue/prepare.ts';
import { rng, runEbm, tempFolder } from '../helpers.ts';

const bin = fileURLToPath(new URL('../../bin/ebm.js', import.meta.url));
const { file } = tempFolder('ebm-cancel-cli-');

/** Machol-Wien costs C[i][j] = (i + 1)(j + 1): hard for shortest-augmenting-path LAP codes (seconds at n = 800). */
function macholWien(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i + 1) * (j + 1)));
}

/** Runs ebm with wall-clock timing. */
function timedEbm(args: string[]) {
  const t = performance.now();
  const r = runEbm(args);
  return { ...r, ms: performance.now() - t };
}

/** Spawns ebm, sends SIGINT after `afterMs`, resolves with exit code and output. */
function interrupted(args: string[], afterMs: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    setTimeout(() => child.kill('SIGINT'), afterMs);
  });
}

function assertPermutation(a: number[], n: number): void {
  assert.equal(a.length, n);
  assert.equal(new Set(a).size, n, 'a permutation');
  for (const j of a) assert.ok(Number.isInteger(j) && j >= 0 && j < n);
}

const costOf = (rows: number[][], a: number[]) => a.reduce((s, j, i) => s + rows[i]![j]!, 0);

type LapOut = { n: number; cost: number; assignment: number[]; stopped: string; seconds: number };

test('ebm lap --time on a hard 800 x 800 matrix: stopped "deadline" in a small share of the full solve, a permutation and its cost, "not proven optimal"', async () => {
  const rows = macholWien(800);
  const path = file('mw800.txt', rows.map((r) => r.join(' ')).join('\n'));
  const full = timedEbm(['lap', path, '--json']);
  assert.equal(full.code, 0, full.stderr);
  const done = JSON.parse(full.stdout) as LapOut;
  assert.equal(done.stopped, 'done');
  // The budget is a tenth of the unstopped solve (0.2 s when that took 2 s), counted from the solver's call.
  const time = Math.max(0.001, done.seconds / 10);
  const cut = timedEbm(['lap', path, '--time', time.toFixed(3), '--json']);
  assert.equal(cut.code, 0, cut.stderr);
  const r = JSON.parse(cut.stdout) as LapOut;
  assert.equal(r.stopped, 'deadline');
  assert.ok(r.seconds < 0.5 * done.seconds, `--time ${time.toFixed(3)}: solver ${r.seconds.toFixed(3)} s, the full solve ${done.seconds.toFixed(3)} s`);
  assertPermutation(r.assignment, 800);
  assert.equal(r.cost, costOf(rows, r.assignment));
  assert.ok(r.cost >= done.cost, 'not below the optimum');
  const text = runEbm(['lap', path, '--time', time.toFixed(3)]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /stopped: deadline; the partial assignment completed greedily, not proven optimal/);
  assert.match(runEbm(['lap', path]).stdout, /^cost \d+ \(n = 800, [\d.]+ ms, optimal\)/);

  // Ctrl-C halfway between the deadline run's end and the full run's end: stopped "aborted", exit 130.
  const sigint = await interrupted(['lap', path, '--json'], (cut.ms + full.ms) / 2);
  assert.equal(sigint.code, 130, `${sigint.signal} ${sigint.stderr}`);
  const aborted = JSON.parse(sigint.stdout) as LapOut;
  assert.equal(aborted.stopped, 'aborted');
  assertPermutation(aborted.assignment, 800);
  assert.equal(aborted.cost, costOf(rows, aborted.assignment));
});

test('ebm lap and ebm logz: --time must be a number > 0 (exit 2, named)', () => {
  const lap = file('small.txt', '4 1 3\n2 0 5\n3 2 2\n');
  for (const bad of ['0', '-1']) {
    const r = runEbm(['lap', lap, '--time', bad, '--json']);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { error: `RangeError: Expected a number > 0 for --time but received ${Number(bad)}`, exitCode: 2 });
  }
  const model = file('m3.json', JSON.stringify(setModelToJson(setModel({ n: 3, unary: [1, 0, -1] }))));
  const r = runEbm(['logz', model, '--time', '0', '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /^RangeError: Expected a number > 0 for --time/);
  // A far budget changes nothing: the exact answer.
  const ok = runEbm(['logz', model, '--time', '60', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(Math.abs(JSON.parse(ok.stdout).logZ - Math.log((1 + Math.exp(-1)) * 2 * (1 + Math.E))) < 1e-12);
});

test('ebm logz --method exact --time on 2^24 states: TimeoutError, exit 1; Ctrl-C: AbortError, exit 130', async () => {
  const n = 24;
  const r = rng(4);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dense[i * n + j] = dense[j * n + i] = r() * 2 - 1;
  const path = file('dense24.json', JSON.stringify(setModelToJson(setModel({ n, dense, unary: Array.from({ length: n }, () => r() - 0.5) }))));
  const cut = timedEbm(['logz', path, '--method', 'exact', '--time', '0.2', '--json']);
  assert.equal(cut.code, 1, cut.stderr);
  assert.deepEqual(JSON.parse(cut.stdout), { error: 'TimeoutError: exact log Z did not finish within its time limit', exitCode: 1 });
  assert.match(cut.stderr, /^ebm logz: TimeoutError: exact log Z did not finish within its time limit$/m);
  // By 1.5 times the --time run's wall clock the command is enumerating (the 2^24 states take seconds more).
  const sigint = await interrupted(['logz', path, '--method', 'exact'], 1.5 * cut.ms);
  assert.equal(sigint.code, 130, `${sigint.signal} ${sigint.stderr}`);
  assert.match(sigint.stderr, /ebm logz: AbortError: exact log Z was aborted/);
  assert.equal(sigint.stdout, '');
});

test('queued lap and exact logz jobs (ebm submit): a bad --time is rejected before anything is queued', async () => {
  const model = JSON.stringify(setModelToJson(setModel({ n: 3, unary: [1, 0, -1] })));
  const bad = { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: /Expected a number > 0 for --time but received 0/ };
  await assert.rejects(prepareJob('lap', 'c.txt', '4 1 3\n2 0 5\n3 2 2\n', { time: 0 }), bad);
  await assert.rejects(prepareJob('logz', 'm.json', model, { method: 'exact', time: 0 }), bad);
  await assert.rejects(prepareJob('lap', 'c.txt', '1 2\n3\n', { time: 1 }), { code: 'EBM_INVALID_INPUT', message: /square/ });
  assert.equal((await prepareJob('lap', 'c.txt', '4 1 3\n2 0 5\n3 2 2\n', { time: 1 })).flags.time, 1);
  assert.equal((await prepareJob('logz', 'm.json', model, { method: 'exact', time: 1 })).flags.time, 1);
});
