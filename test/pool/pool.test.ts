/**
 * The worker pool and the async API (1, 2, 4 workers giving identical results for every space:
 * test/spaces/conformance.test.ts): persistent chains split over workers,
 * cooperative abort within 100 ms with a valid best-so-far, no cross-talk between 100 concurrent solves,
 * named errors for bad options, and a free event loop during a long solve.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sample, sampleCounts } from '../../src/sample/sample.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { minimize } from '../../src/solve/minimize.ts';
import { maxCut } from '../../src/solve/maxcut.ts';
import { cutValue, readGset } from '../../src/data/gset.ts';
import { closePool, maxWorkers } from '../../src/pool/pool.ts';
import { randomSetModel } from '../helpers.ts';

after(() => closePool());

const g1 = readGset(fileURLToPath(new URL('../../data/G1.txt', import.meta.url)));

test('sets: persistent chains (initial) split over workers give the same samples as one process', async () => {
  const model = randomSetModel({ n: 10, seed: 23, cardinality: 4 });
  const chains = 7;
  const initial = new Uint8Array(chains * 10);
  for (let c = 0; c < chains; c++) for (let j = 0; j < 4; j++) initial[c * 10 + ((c + j) % 10)] = 1;
  const runs = await Promise.all([undefined, 1, 2, 4].map((workers) => sample(model, { samples: 701, seed: 9, chains, burnIn: 0, initial, ...(workers && { workers }) })));
  for (const r of runs.slice(1)) assert.deepEqual(r.samples, runs[0]!.samples);
});

test('abort mid-solve returns within 100 ms with a valid best-so-far; the pool still answers', async (t) => {
  for (const workers of [undefined, 2]) {
    const ac = new AbortController();
    const started = maxCut(g1, { timeLimitMs: 30_000, seed: 4, chains: 2, signal: ac.signal, ...(workers && { workers }) });
    await new Promise((r) => setTimeout(r, 400));
    const t0 = performance.now();
    ac.abort();
    const r = await started;
    const latency = performance.now() - t0;
    assert.equal(r.stopped, 'aborted');
    t.diagnostic(`abort latency ${latency.toFixed(1)} ms (workers: ${workers ?? 'libuv thread'})`);
    assert.ok(latency < 100, `abort took ${latency.toFixed(1)} ms (workers ${workers})`);
    assert.equal(r.cut, cutValue(g1, r.partition));
    assert.ok(r.cut > 11000);
    const again = await maxCut(g1, { maxRounds: 50, seed: 4, ...(workers && { workers }) });
    assert.equal(again.stopped, 'done');
  }
});

test('100 concurrent small solves equal sequential runs (no cross-talk)', async () => {
  const models = Array.from({ length: 100 }, (_, k) => randomSetModel({ n: 20, seed: 100 + k }));
  const concurrent = await Promise.all(models.map((m, k) => minimize(m, { maxRounds: 60, seed: k, workers: 2, chains: 2 })));
  for (let k = 0; k < 100; k += 7) {
    const sequential = await minimize(models[k]!, { maxRounds: 60, seed: k, chains: 2 });
    assert.deepEqual(concurrent[k]!.state, sequential.state, `model ${k}`);
    assert.equal(concurrent[k]!.energy, sequential.energy);
  }
});

test('invalid options give named errors', async () => {
  const m = randomSetModel({ n: 5, seed: 1 });
  await assert.rejects(sample(m, { samples: 10, workers: 0 }), { name: 'RangeError', message: `Expected integer in [1, ${maxWorkers()}] for workers but received 0` });
  await assert.rejects(minimize(m, { timeLimitMs: -1 }), { name: 'RangeError', message: 'Expected number in [0, Infinity] for timeLimitMs but received -1' });
  await assert.rejects(minimize(m, { maxRounds: 5, seed: 1.5 }), { name: 'RangeError', message: 'Expected integer in [0, 9007199254740991] for seed but received 1.5' });
  await assert.rejects(logPartition(m, { method: 'pt', workers: 2.5 }), { name: 'RangeError', message: `Expected integer in [1, ${maxWorkers()}] for workers but received 2.5` });
});

// Timing belongs in `npm run bench -- parallel` (event-loop delay percentiles); this test only proves the solve
// does not run on the event loop: a synchronous 5 s solve would block it for the whole 5 s, so the bound of 1 s
// on the longest stall (and a 100 ms timer that keeps ticking) cannot fail from machine noise alone.
test('the event loop is never blocked during a 5 s solve (longest stall < 1 s, a timer keeps ticking)', async (t) => {
  for (const workers of [undefined, 1, 2]) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 100);
    const r = await maxCut(g1, { timeLimitMs: 5000, seed: 7, chains: 2, ...(workers && { workers }) });
    clearInterval(timer);
    h.disable();
    const max = h.max / 1e6;
    t.diagnostic(`event-loop delay p99 ${(h.percentile(99) / 1e6).toFixed(2)} ms, max ${max.toFixed(2)} ms, ${ticks} ticks (workers: ${workers ?? 'libuv thread'})`);
    assert.equal(r.stopped, 'deadline');
    assert.ok(max < 1000, `event loop stalled ${max.toFixed(0)} ms (workers ${workers})`);
    assert.ok(ticks >= 10, `a 100 ms timer ticked only ${ticks} times in 5 s (workers ${workers})`);
  }
});

test('onProgress reports during sample, logPartition and minimize (libuv thread and workers)', async () => {
  const m = randomSetModel({ n: 10, seed: 41, dense: true });
  for (const workers of [undefined, 2]) {
    const seen: number[] = [];
    await sample(m, { samples: 3_000_000, method: 'pt', seed: 1, onProgress: (p) => seen.push(p.produced!), ...(workers && { workers }) });
    assert.ok(seen.length >= 1, `no sample progress (workers ${workers})`);
    assert.ok(seen.every((x, k) => k === 0 || x >= seen[k - 1]!), 'produced must not decrease');
    const rounds: number[] = [];
    await logPartition(m, { method: 'pt', rounds: 400_000, onProgress: (p) => rounds.push(p.rounds), ...(workers && { workers }) });
    assert.ok(rounds.length >= 1, `no log Z progress (workers ${workers})`);
    const best: number[] = [];
    await minimize(m, { timeLimitMs: 700, onProgress: (p) => best.push(p.bestEnergy!), ...(workers && { workers }) });
    assert.ok(best.length >= 1, `no minimize progress (workers ${workers})`);
  }
});

test('sampleCounts reports PT swap acceptance per ladder pair, with and without workers; none for Gibbs', async () => {
  const m = randomSetModel({ n: 6, seed: 3 });
  const alone = await sampleCounts(m, { samples: 2000, method: 'pt', replicas: 4, chains: 4, seed: 1 });
  const split = await sampleCounts(m, { samples: 2000, method: 'pt', replicas: 4, chains: 4, seed: 1, workers: 2 });
  for (const r of [alone, split]) {
    assert.equal(r.swapAcceptance?.length, 3);
    for (const a of r.swapAcceptance!) assert.ok(a >= 0 && a <= 1, `acceptance ${a}`);
  }
  assert.deepEqual((await sampleCounts(m, { samples: 200, seed: 1 })).swapAcceptance, []);
});
