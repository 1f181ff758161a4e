/**
 * Worker pool (piscina): worker threads each load the addon once and run synchronous native jobs, so long
 * sampling and solving never block the event loop and use every core. The pool starts lazily on first use
 * and `closePool()` ends it cleanly (the process can exit without it).
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { requireInteger } from '../errors.ts';
import { addonChoice } from '../native.ts';
import { limits } from '../limits.ts';

let pool: Piscina | undefined;
let poolSize = availableParallelism();


/**
 * The most worker threads a job may ask for: 8 per core, within the addon's limit. More threads add about
 * 9 MB each and no speed (a job is CPU-bound), and 1024 of them took 8.9 GB.
 */
export function maxWorkers(): number {
  return Math.min(limits().workers, 8 * availableParallelism());
}

/** The validated `workers` option: undefined (the libuv thread) or an integer in [1, maxWorkers()]. */
export function workersOption(value: unknown): number | undefined {
  return value === undefined ? undefined : requireInteger('workers', value, 1, maxWorkers());
}

/** Number of worker threads the pool uses (default: the number of cores); takes effect on the next pool start. */
export function setPoolSize(size: number): void {
  poolSize = requireInteger('poolSize', size, 1, maxWorkers());
}

export function getPoolSize(): number {
  return poolSize;
}

function getPool(warm = false): Piscina {
  if (!pool) {
    pool = new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      workerData: { addonPath: addonChoice().path },
      // warm: start every thread now (they load the addon while the caller reads its input).
      minThreads: warm ? poolSize : 0,
      maxThreads: poolSize,
      idleTimeout: 30_000,
      // A job is one long synchronous native call: one task at a time per thread.
      concurrentTasksPerWorker: 1,
    });
    // piscina unrefs idle workers itself, so an idle pool does not keep the process alive.
  }
  return pool;
}

/**
 * Runs a synchronous addon job (`fn` ends with "Sync") in a worker thread. Jobs beyond the pool size queue;
 * since results never depend on which thread runs a part, a call may split into more parts than threads.
 */
export function runInWorker<T>(fn: string, args: unknown[], extra: { countBase?: number } = {}): Promise<T> {
  return getPool().run({ fn, args, ...extra }) as Promise<T>;
}

/** Starts the pool's threads ahead of the first job (the CLI does this as soon as it knows --workers). */
export function warmPool(): void {
  getPool(true);
}

/** Ends the pool's threads. The next call starts a new pool. */
export async function closePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p) await p.destroy();
}

/**
 * Splits chains [0, chains) into at most `workers` contiguous ranges of near-equal size. Results depend only on
 * the chains, never on the split: each chain's random stream is keyed by its global id.
 */
export function splitChains(chains: number, workers: number): { chainBase: number; chains: number }[] {
  const parts = Math.max(1, Math.min(workers, chains));
  const out = [];
  for (let w = 0, base = 0; w < parts; w++) {
    const size = Math.floor(chains / parts) + (w < chains % parts ? 1 : 0);
    out.push({ chainBase: base, chains: size });
    base += size;
  }
  return out;
}
