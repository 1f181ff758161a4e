/** Jobs on BullMQ over Redis: the submitting client and the worker (see README, "Queue"). */
export { createQueueClient, QueueClient, QueueJob, type QueueClientOptions, type SubmitOptions } from './client.ts';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './worker.ts';
export { JOB_KINDS, type JobKind } from './kinds.ts';
export type { GivenFlags } from './flags.ts';
