/**
 * The queue (BullMQ on a local redis-server, real `ebm worker` processes): throughput of CPU-bound sampling jobs
 * on 2 workers vs 1 (each job one thread; identical counts checked), and the queue's overhead per small job
 * (tiny LAP jobs, one worker, one at a time and many queued). Writes bench/results/queue.json. Needs dist/
 * (node scripts/build.mjs) and redis-server.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { createQueueClient } from '../src/queue/index.ts';
import { assign } from '../src/solve/assign.ts';
import { Redis, startWorker, stopWorker } from '../test/queue/harness.ts';
import { costMatrix, SET_MODEL } from '../test/queue/models.ts';

const CPU_JOBS = 8;
const SMALL_JOBS = 400;
const ROUNDS = 3;

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<void> {
  const redis = await Redis.start();
  const client = await createQueueClient({ connection: redis.url });
  try {
    // CPU-bound: sampling jobs of about a third of a second each, one libuv thread per job, one job per worker at
    // a time. 1 and 2 workers alternate for ROUNDS rounds and each keeps its best time: other load on a shared
    // machine only ever slows a round down.
    const flags = { samples: 1_000_000, chains: 8 };
    const best = new Map<number, number>();
    const counts = new Map<number, string>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of [1, 2]) {
        const workers = await Promise.all(Array.from({ length: n }, () => startWorker(redis)));
        const t0 = performance.now();
        const jobs = await Promise.all(Array.from({ length: CPU_JOBS }, (_, i) => client.submit('sample', JSON.stringify(SET_MODEL), { flags: { ...flags, seed: i + 1 } })));
        const results = await Promise.all(jobs.map((j) => j.result()));
        best.set(n, Math.min(best.get(n) ?? Infinity, seconds(t0)));
        counts.set(n, JSON.stringify(results.map((r) => (r.json as { counts: unknown }).counts)));
        for (const w of workers) await stopWorker(w);
      }
    }
    const one = { seconds: best.get(1)!, counts: counts.get(1)! };
    const two = { seconds: best.get(2)!, counts: counts.get(2)! };
    const speedup = one.seconds / two.seconds;
    console.log(`${CPU_JOBS} sampling jobs (1e6 samples, 8 chains each), best of ${ROUNDS}: 1 worker ${one.seconds.toFixed(2)} s, 2 workers ${two.seconds.toFixed(2)} s, speedup ${speedup.toFixed(2)}x, identical ${one.counts === two.counts}`);

    // Overhead: tiny LAP jobs (3x3, microseconds to solve) through one worker.
    const worker = await startWorker(redis);
    const matrices = Array.from({ length: SMALL_JOBS }, (_, i) => costMatrix(3, i));
    const solveMs = timeMs(() => matrices.forEach((cost) => assign(cost))) / SMALL_JOBS;
    await (await client.submit('lap', JSON.stringify({ cost: matrices[0] }))).result(); // warm the worker's command module
    let t0 = performance.now();
    for (const cost of matrices.slice(0, 100)) await (await client.submit('lap', JSON.stringify({ cost }))).result();
    const latencyMs = (seconds(t0) * 1000) / 100;
    t0 = performance.now();
    const queued = await Promise.all(matrices.map((cost) => client.submit('lap', JSON.stringify({ cost }))));
    await Promise.all(queued.map((j) => j.result()));
    const perJobMs = (seconds(t0) * 1000) / SMALL_JOBS;
    await stopWorker(worker);
    console.log(`small LAP job (3x3): solve ${solveMs.toFixed(4)} ms in process; submit -> result one at a time ${latencyMs.toFixed(2)} ms; ${SMALL_JOBS} queued at once ${perJobMs.toFixed(2)} ms per job (1 worker, concurrency 1)`);

    mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    const out = {
      bench: 'queue',
      date: new Date().toISOString(),
      cores: availableParallelism(),
      loadAverage: loadavg(),
      cpuBound: { jobs: CPU_JOBS, flags, rounds: ROUNDS, seconds1: one.seconds, seconds2: two.seconds, speedup, identical: one.counts === two.counts },
      smallJobs: { jobs: SMALL_JOBS, solveMs, latencyMs, perJobMs },
    };
    writeFileSync(fileURLToPath(new URL('./results/queue.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
    console.log('wrote bench/results/queue.json');
  } finally {
    await client.close();
    await redis.stop();
  }
}

function timeMs(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}
