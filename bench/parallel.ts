/**
 * Parallel throughput: the same work with 1 and 2 workers (identical results, checked), as a ratio, and the
 * event-loop delay while a solve runs. Writes bench/results/parallel.json.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { sample, sampleCounts } from '../src/sample/sample.ts';
import { minimize } from '../src/solve/minimize.ts';
import { maxCutModel } from '../src/solve/maxcut.ts';
import { readGset } from '../src/data/gset.ts';
import { closePool } from '../src/pool/pool.ts';
import { randomSetModel } from '../test/helpers.ts';

async function timed<T>(f: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { seconds: (performance.now() - t0) / 1000, value };
}

export async function run(): Promise<void> {
  const rows = [];
  const m8 = randomSetModel({ n: 8, seed: 5, dense: true });
  const g1 = maxCutModel(readGset(fileURLToPath(new URL('../data/G1.txt', import.meta.url))));
  const jobs = [
    { name: 'sample PT n=8, 4e6 samples, 64 chains (rows)', run: (w: number) => sample(m8, { samples: 4_000_000, method: 'pt', seed: 5, workers: w }), key: (r: { samples: Uint8Array }) => r.samples },
    {
      name: 'sampleCounts PT n=8, 4e6 samples, 64 chains',
      run: (w: number) => sampleCounts(m8, { samples: 4_000_000, method: 'pt', seed: 5, workers: w }),
      key: (r: { counts: Map<string, number> }) => Buffer.from(JSON.stringify([...r.counts].sort())),
    },
    { name: 'sample Gibbs n=8, 4e6 samples, 64 chains', run: (w: number) => sample(m8, { samples: 4_000_000, method: 'gibbs', seed: 5, workers: w }), key: (r: { samples: Uint8Array }) => r.samples },
    { name: 'minimize G1, 2 chains x 32 replicas, 3000 rounds', run: (w: number) => minimize(g1, { maxRounds: 3000, chains: 2, seed: 1, workers: w }), key: (r: { state: Uint8Array }) => r.state },
  ] as const;
  for (const job of jobs) {
    await (job.run as (w: number) => Promise<unknown>)(2); // warm the pool (thread start, addon load)
    const one = await timed(() => (job.run as (w: number) => Promise<never>)(1));
    const two = await timed(() => (job.run as (w: number) => Promise<never>)(2));
    const same = Buffer.compare(Buffer.from((job.key as (r: never) => Uint8Array)(one.value)), Buffer.from((job.key as (r: never) => Uint8Array)(two.value))) === 0;
    rows.push({ job: job.name, seconds1: one.seconds, seconds2: two.seconds, speedup: one.seconds / two.seconds, identical: same });
    console.log(`${job.name.padEnd(52)} 1 worker ${one.seconds.toFixed(2)} s   2 workers ${two.seconds.toFixed(2)} s   speedup ${(one.seconds / two.seconds).toFixed(2)}x   identical ${same}`);
  }
  const delays = [];
  for (const workers of [undefined, 1, 2]) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    await minimize(g1, { timeLimitMs: 5000, chains: 2, seed: 3, ...(workers && { workers }) });
    h.disable();
    const d = { workers: workers ?? 'libuv thread', p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
    delays.push(d);
    console.log(`event-loop delay during a 5 s solve (workers: ${d.workers}): p50 ${d.p50.toFixed(2)} ms, p99 ${d.p99.toFixed(2)} ms, max ${d.max.toFixed(2)} ms`);
  }
  await closePool();
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(
    fileURLToPath(new URL('./results/parallel.json', import.meta.url)),
    JSON.stringify({ bench: 'parallel', date: new Date().toISOString(), cores: availableParallelism(), rows, delays }, null, 2) + '\n',
  );
  console.log('wrote bench/results/parallel.json');
}
