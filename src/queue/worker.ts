/**
 * The consuming side: a BullMQ Worker whose processor runs each job's command (run.ts), chain range (split.ts)
 * or merge. Every job carries its full input and seed, so a job whose worker died (its lock not renewed for
 * `lockSeconds`: BullMQ's stalled-job check) runs again elsewhere and, for fixed work, gives the same answer.
 * A job's failure (bad input included) fails that job, never the worker.
 */
import { Job, Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import type { CommandResult } from '../cli/args.ts';
import type { ProgressUpdate } from '../cli/progress.ts';
import { closePool, setPoolSize } from '../pool/pool.ts';
import { cancelRequested, watchCancel } from './cancel.ts';
import { connectionOf } from './client.ts';
import { checkSize, decodeError, DEFAULT_MAX_BYTES, encodeError, JOB_NAMES, type MergeData, type PartData, type RunData, type ServiceJobData, type ServiceJobResult } from './job.ts';
import { runCommand, type JobControl } from './run.ts';
import { mergeParts, runPart, type PartResult } from './split.ts';
import { describeConnection, reach } from './reach.ts';
import type { RunProgress } from '../service/prepare.ts';

export interface QueueWorkerOptions {
  connection: string | ConnectionOptions;
  /** Queue name (default "ebm"). */
  queue?: string;
  /** Jobs run at once by this process (default 1). */
  concurrency?: number;
  /**
   * Pool threads for sample and logz jobs that do not name their own --workers, and for split children (same
   * results for any number). Default: the pool's (the number of cores).
   */
  workers?: number;
  /** A job whose lock is not renewed for this long (its worker died) is run again by another worker (default 30). */
  lockSeconds?: number;
  /** Worker deaths a job survives before it fails (default 10). */
  maxStalls?: number;
  /** Largest result in bytes (JSON); larger fails the job with a RangeError (default 16 MiB). */
  maxBytes?: number;
  /** After each job, once its outcome is in Redis: for the worker's log. */
  onJob?: (event: { id: string; name: string; kind: string; ms: number; error?: string }) => void;
}

/** Progress is sent to Redis at most this often per job, and not before the first second (the bar's own rule). */
const PROGRESS_MS = 250;

export interface QueueWorker {
  worker: Worker;
  /** Stops taking jobs; waits for the running ones, or (force) hands them back to be run again elsewhere. */
  close(force?: boolean): Promise<void>;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const connection = connectionOf(options.connection);
  const name = options.queue ?? 'ebm';
  if (options.workers !== undefined) setPoolSize(options.workers);
  // For the cancel keys and a split child's parent (its input).
  const queue = new Queue(name, { connection });
  const lockDuration = (options.lockSeconds ?? 30) * 1000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  const processor = async (job: Job): Promise<unknown> => {
    const watch = watchCancel(queue, [job.id!, ...(job.parent?.id !== undefined ? [job.parent.id] : [])]);
    try {
      const { signal } = watch;
      // A service job's chart wants its first points too; a command's bar starts after a second.
      const result =
        job.name === JOB_NAMES.service ? await runServiceJob(job, signal, progressSender(job, 0), queue) : await runJob(job, { signal, onProgress: progressSender(job, 1) }, queue, options.workers);
      checkSize('result', result, maxBytes);
      return result;
    } catch (error) {
      // Deterministic: the same input fails the same way, so a failure is never retried (a stall is).
      throw new UnrecoverableError(encodeError(error));
    } finally {
      watch.stop();
    }
  };
  const worker = new Worker(name, processor, {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    // A dead worker's job is noticed within one interval after its lock expires.
    stalledInterval: lockDuration,
    maxStalledCount: options.maxStalls ?? 10,
  });
  // Reported once BullMQ has recorded the outcome in Redis (a job counts as done only then).
  const report = (job: Job | undefined, error?: Error) =>
    job && options.onJob?.({ id: job.id!, name: job.name, kind: kindOf(job), ms: (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now()), ...(error && { error: decodeError(error.message).message }) });
  worker.on('completed', (job) => report(job));
  worker.on('failed', (job, error) => report(job, error));
  // Connection errors are retried by the driver; without a listener they would be thrown as unhandled.
  worker.on('error', () => {});
  queue.on('error', () => {});
  try {
    await reach(worker.waitUntilReady(), describeConnection(options.connection));
  } catch (error) {
    await Promise.all([worker.close(true), queue.close()]).catch(() => {});
    throw error;
  }
  return {
    worker,
    close: async (force = false) => {
      await worker.close(force);
      await queue.close();
      await closePool();
    },
  };
}

async function runJob(job: Job, control: JobControl, queue: Queue, workers: number | undefined): Promise<CommandResult | PartResult> {
  if (job.name === JOB_NAMES.run) {
    const data = job.data as RunData;
    const threads = workers !== undefined && (data.kind === 'sample' || data.kind === 'logz') && data.flags.workers === undefined;
    return runCommand(threads ? { ...data, flags: { ...data.flags, workers } } : data, control);
  }
  if (job.name === JOB_NAMES.part) {
    const parent = job.parent?.id !== undefined ? await Job.fromId(queue, job.parent.id) : undefined;
    if (!parent) throw new Error(`Split job ${job.id} has lost its parent job (its input)`);
    return runPart(parent.data as RunData, job.data as PartData, control);
  }
  if (job.name === JOB_NAMES.merge) return mergeParts(job.data as MergeData, Object.values(await job.getChildrenValues<PartResult>()));
  throw new Error(`Unknown job name ${JSON.stringify(job.name)} (expected run, part or merge)`);
}

/**
 * A job of `ebm serve --redis`: the request body prepared and run as the service would in-process (its
 * answer, its RunProgress). One cancelled while queued ends at once, with no result, as in-process.
 */
async function runServiceJob(job: Job, signal: AbortSignal, onProgress: (p: RunProgress) => void, queue: Queue): Promise<ServiceJobResult> {
  if (await cancelRequested(queue, [job.id!])) return { cancelled: true };
  const { prepare } = await import('../service/prepare.ts');
  const data = job.data as ServiceJobData;
  try {
    const result = await prepare(data.kind, data.body, data.caps).run({ signal, onProgress });
    return { result, cancelled: signal.aborted };
  } catch (error) {
    // Cancelled with no partial answer (exact log Z throws AbortError): cancelled, as in-process, not failed.
    if (signal.aborted) return { cancelled: true };
    throw error;
  }
}

function kindOf(job: Job): string {
  return job.name === JOB_NAMES.part ? 'part' : String((job.data as { kind?: unknown }).kind);
}

/** Sends progress from `minSeconds` on, at most every PROGRESS_MS. */
function progressSender(job: Job, minSeconds: number): (p: ProgressUpdate | RunProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.seconds < minSeconds || now - last < PROGRESS_MS) return;
    last = now;
    job.updateProgress({ ...p }).catch(() => {});
  };
}
