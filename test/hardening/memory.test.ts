/**
 * Issue 11 item 2: small inputs that would exhaust memory are refused before anything is allocated, with a
 * RangeError naming maxMemoryMB and the memory the job would need; worker counts are capped per core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { maxCut, maxCutModel } from '../../src/solve/maxcut.ts';
import { minimize } from '../../src/solve/minimize.ts';
import { sample, sampleCounts } from '../../src/sample/sample.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { parseGset } from '../../src/data/gset.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { defaultMaxMemoryMB, estimateJobBytes } from '../../src/resources/memory.ts';
import { maxWorkers } from '../../src/pool/pool.ts';
import { train } from '../../src/learn/train.ts';
import { randomSetModel, runEbm } from '../helpers.ts';

const overLimit = { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: /maxMemoryMB = \d+ .*would need about [\d.]+ [GM]B/ };

test('a 22-byte Gset file declaring 2^24 vertices: its model is refused before allocating, the max-cut kernel answers in bounded memory', async () => {
  const g = parseGset('16777216 1\n1 2 1\n');
  // The model itself: 32 replicas x 2^24 items x 16 bytes = 8 GB of lanes, over a 4 GB limit, refused at once.
  // Refused before allocating: the process grows by far less than the lanes would take (a memory bound, not a
  // timing, so a busy machine cannot fail it; building the 2^24-item model in JS comes first, unmeasured).
  const big = maxCutModel(g);
  const before = process.memoryUsage().rss;
  await assert.rejects(minimize(big, { timeLimitMs: 1000, maxMemoryMB: 4096 }), overLimit);
  const grown = process.memoryUsage().rss - before;
  assert.ok(grown < 2 ** 30, `refused before any work: RSS grew by ${(grown / 2 ** 20).toFixed(0)} MB`);
  // maxCut first removes the isolated vertices (src/solve/cutKernel.ts, no map or record per vertex): two
  // vertices are left, so the CLI answers the cut under the same limit instead of refusing it.
  const r = runEbm(['maxcut', '-', '--time', '1', '--json'], { input: '16777216 1\n1 2 1\n', env: { EBM_MAX_MEMORY_MB: '4096' } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).cut, 1);
  // The estimate grows with the lanes: 32 replicas need about 4x what 8 do (SIMD groups of 8 lanes).
  const model = maxCutModel(g);
  const ratio = estimateJobBytes({ model, lanes: 32, rows: 0 }).total / estimateJobBytes({ model, lanes: 8, rows: 0 }).total;
  assert.ok(ratio > 3 && ratio < 4.01, `ratio ${ratio}`);
});

test('65536 chains x 1024 replicas, and samples x lanes over the limit, are refused', async () => {
  const m = randomSetModel({ n: 20, seed: 1 });
  await assert.rejects(minimize(m, { maxRounds: 1, chains: 65536, replicas: 1024 }), overLimit);
  await assert.rejects(minimize(m, { maxRounds: 1, chains: 65536, replicas: 1024, workers: 2 }), overLimit);
  await assert.rejects(sample(m, { samples: 10, method: 'pt', chains: 65536, replicas: 1024 }), overLimit);
  await assert.rejects(logPartition(m, { method: 'pt', chains: 65536, replicas: 1024 }), overLimit);
  // The rows a sampling run returns count: 1e8 samples of 20 items is 2 GB.
  await assert.rejects(sample(m, { samples: 1e8, maxMemoryMB: 1024 }), overLimit);
  // ... but tallied in workers they never exist as rows.
  const small = randomSetModel({ n: 8, seed: 2 });
  const r = await sampleCounts(small, { samples: 2000, workers: 2, maxMemoryMB: 64 });
  assert.equal(r.produced, 2000);
});

test('permutation tabu walks count their n x n tables', async () => {
  const n = 3000;
  const flow = new Float64Array(n * n);
  const m = permModel({ n, qap: { flow, distance: flow } });
  // 64 tabu walks x 3000^2 x 40 bytes = 23 GB.
  await assert.rejects(minimize(m, { method: 'tabu', maxRounds: 1, chains: 64, maxMemoryMB: 2048 }), overLimit);
});

test('maxMemoryMB is validated and the default is a quarter of the machine', async () => {
  const m = randomSetModel({ n: 5, seed: 1 });
  await assert.rejects(sample(m, { samples: 10, maxMemoryMB: 0 }), { name: 'RangeError', message: /for maxMemoryMB/ });
  await assert.rejects(sample(m, { samples: 10, maxMemoryMB: 'big' as unknown as number }), { name: 'TypeError', message: /for maxMemoryMB/ });
  const saved = process.env.EBM_MAX_MEMORY_MB;
  delete process.env.EBM_MAX_MEMORY_MB;
  try {
    const d = defaultMaxMemoryMB();
    assert.ok(d > 0 && d <= (await import('node:os')).totalmem() / 4 / 2 ** 20 + 1, `default ${d} MB`);
  } finally {
    if (saved !== undefined) process.env.EBM_MAX_MEMORY_MB = saved;
  }
});

test('workers are capped at 8 per core (1024 worker threads took 8.9 GB)', async () => {
  assert.equal(maxWorkers(), Math.min(1024, 8 * availableParallelism()));
  const m = randomSetModel({ n: 5, seed: 1 });
  await assert.rejects(sample(m, { samples: 10, workers: maxWorkers() + 1 }), { name: 'RangeError', message: new RegExp(`Expected integer in \\[1, ${maxWorkers()}\\] for workers`) });
  const r = runEbm(['maxcut', '-', '--time', '0.1', '--workers', '1024', '--json'], { input: '3 1\n1 2 1\n' });
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /--workers/);
});

test('the CLI takes --max-memory-mb (exit 2 with the estimate)', () => {
  const r = runEbm(['qap', 'data/nug12.dat', '--time', '1', '--chains', '4096', '--max-memory-mb', '4', '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /maxMemoryMB = 4 but this minimization of n = 12 items with 65536 lanes would need about/);
  const ok = runEbm(['qap', 'data/nug12.dat', '--time', '0.2', '--max-memory-mb', '64', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
});

test('a network too wide to train is refused before tfjs allocates it (train and the CLI)', async () => {
  const data = { x: [0, 1, 2, 3], y: [0, 1, 1, 0, 0, 1, 1, 0], rows: 4, d: 1, k: 2 };
  const started = Date.now();
  await assert.rejects(train(data, { model: 'unary', epochs: 1, hidden: [65535, 65535], validation: 0 }), {
    name: 'RangeError',
    code: 'EBM_INVALID_INPUT',
    message: /maxMemoryMB = \d+ but energy\.hidden gives layers 1 x 65535 x 65535 x 2 = 4\.30e\+9 parameters, about 80\.0 GB/,
  });
  assert.ok(Date.now() - started < 5000);
  const r = runEbm(['train', 'multilabel', '--train', 'data/emotions-train.arff', '--test', 'data/emotions-test.arff', '--xml', 'data/emotions.xml', '--epochs', '1', '--hidden', '65535,65535', '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /parameters, about [\d.]+ GB to train/);
});
