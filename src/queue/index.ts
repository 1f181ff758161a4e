/**
 * Jobs on BullMQ over Redis (README, "Queue"): the submitting client and the worker. Loaded on first use, so
 * that `import 'discrete-ebm'` does not pay for BullMQ and its Redis driver.
 */
import type { QueueClient, QueueClientOptions } from './client.ts';
import type { QueueWorker, QueueWorkerOptions } from './worker.ts';

export type { QueueClient, QueueJob, QueueClientOptions, SubmitOptions } from './client.ts';
export type { QueueWorker, QueueWorkerOptions } from './worker.ts';
export type { GivenFlags } from './flags.ts';
/** What a job returns: the local command's `--json` object and its text. */
export type { CommandResult } from '../cli/args.ts';
export { JOB_KINDS, type JobKind } from './kinds.ts';

/**
 * A client of the queue `queue` (default "ebm") on the Redis at `connection` (a URL or BullMQ's options).
 * @example
 * ```ts
 * const client = await createQueueClient({ connection: 'redis://127.0.0.1:6379' });
 * const job = await client.submit('sample', readFileSync('model.json', 'utf8'), { flags: { samples: 100_000, chains: 64 }, split: 4 });
 * job.on('progress', (p) => console.error(p.status));
 * const { json, text } = await job.result(); // what `ebm sample model.json --samples 100000 --chains 64` prints
 * await client.close();
 * ```
 * @throws (submit rejects) RangeError or TypeError, code EBM_INVALID_INPUT: the local command's error for bad
 * input, before anything is queued.
 */
export async function createQueueClient(options: QueueClientOptions): Promise<QueueClient> {
  const { QueueClient } = await import('./client.ts');
  return new QueueClient(options);
}

/** A worker taking jobs from the queue until `close()` (what `ebm worker` runs). */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  return (await import('./worker.ts')).startQueueWorker(options);
}
