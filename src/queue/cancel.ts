/**
 * Cancellation across machines: `job.cancel()` sets a Redis key; the worker running the job (or about to run
 * it) polls the keys of the job and of its parent (a split job's children stop with it) and aborts the signal
 * it gave the command, which returns its best so far (stopped: "aborted"). A key, not a pub/sub message, so
 * that a cancel sent before the job started, or while the worker was reconnecting, is not lost.
 */
import type { Queue, RedisClient, RedisQueueBackend } from 'bullmq';

/** How often a running job's cancel keys are read. */
const POLL_MS = 250;

export function cancelKey(queue: string, jobId: string): string {
  return `ebm:cancel:${queue}:${jobId}`;
}

/** The queue's own Redis connection (BullMQ's driver-neutral client), for the cancel keys. */
export function redisOf(queue: Queue): Promise<RedisClient> {
  return (queue.backend as unknown as RedisQueueBackend).client;
}

export async function requestCancel(queue: Queue, jobIds: string[], ttlSeconds: number): Promise<void> {
  const client = await redisOf(queue);
  await Promise.all(jobIds.map((id) => client.set(cancelKey(queue.name, id), '1', { EX: ttlSeconds })));
}

/** Whether any of the jobs' cancel keys is set (a job cancelled before a worker took it). */
export async function cancelRequested(queue: Queue, jobIds: string[]): Promise<boolean> {
  const client = await redisOf(queue);
  const values = await Promise.all(jobIds.map((id) => client.get(cancelKey(queue.name, id))));
  return values.some((v) => v !== null);
}

/** A signal aborted once any of the jobs' cancel keys is set; `stop` ends the polling. */
export function watchCancel(queue: Queue, jobIds: string[]): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  let stopped = false;
  const poll = async () => {
    if (stopped || controller.signal.aborted) return;
    try {
      if (await cancelRequested(queue, jobIds)) controller.abort();
    } catch {
      // Redis unreachable for a moment: the next poll asks again (the job itself keeps running).
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), POLL_MS);
  return {
    signal: controller.signal,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
