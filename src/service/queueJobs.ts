/**
 * Jobs on the BullMQ queue (`ebm serve --redis URL`): POST /v1/jobs queues the request body as a "service"
 * job that any `ebm worker` on the queue runs with the service's own prepare (src/queue/worker.ts), so several
 * service replicas share the workers and any replica answers for any job. The job's view is read from Redis:
 * its state, its progress (the worker's RunProgress) and its return value; cancelling sets the job's cancel key
 * (src/queue/cancel.ts), which the worker turns into the run's abort (its best-so-far is kept). Finished jobs
 * are removed by BullMQ after the TTL.
 */
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { QueueClient } from '../queue/client.ts';
import { createQueueClient } from '../queue/index.ts';
import { cancelRequested, requestCancel } from '../queue/cancel.ts';
import { decodeError, JOB_NAMES, type ServiceJobData, type ServiceJobResult } from '../queue/job.ts';
import { isInputError } from '../errors.ts';
import type { JobBackend, JobEvent, JobStatus, JobView } from './jobs.ts';
import type { Prepared, RunProgress } from './prepare.ts';
import type { ServiceCaps } from './options.ts';
import { HttpError } from './replies.ts';
import type { Kind } from './schemas.ts';

export interface QueueJobsOptions {
  /** Redis URL and queue name: the same as the workers'. */
  connection: string;
  queue: string;
  ttlMs: number;
  /** The caps the workers apply when they prepare a job again (this server's). */
  caps: ServiceCaps;
  /** A job's failure as its `error` (the field pointer under /input), as in-process. */
  describeError: (error: unknown, body: Record<string, unknown>, kind: Kind) => { error: string; field?: string };
}

/** A subscriber reads the job's state again this often: events can be missed across a Redis restart. */
const POLL_MS = 1000;

const QUEUED_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

export class QueueJobs implements JobBackend {
  private readonly client: Promise<QueueClient>;

  constructor(private readonly options: QueueJobsOptions) {
    this.client = createQueueClient({ connection: options.connection, queue: options.queue, resultTtlSeconds: Math.ceil(options.ttlMs / 1000) });
    // A failed connection is reported by the calls that need it, not as an unhandled rejection.
    this.client.catch(() => {});
  }

  async pending(): Promise<number> {
    const c = await this.counts();
    return c.queued + c.running;
  }

  /** Counts of the whole queue (the jobs of `ebm submit` too); a cancelled job counts as done. */
  async counts(): Promise<Record<JobStatus, number>> {
    const { queue } = await this.client;
    const c = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed');
    return { queued: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0), running: c.active ?? 0, done: c.completed ?? 0, cancelled: 0, failed: c.failed ?? 0 };
  }

  async submit(prepared: Prepared): Promise<JobView> {
    const client = await this.client;
    const data: ServiceJobData = { kind: prepared.kind, body: prepared.body, caps: this.options.caps };
    const age = Math.ceil(this.options.ttlMs / 1000);
    let job: Job;
    try {
      job = await client.queue.add(JOB_NAMES.service, data, { jobId: randomUUID(), removeOnComplete: { age }, removeOnFail: { age } });
    } catch (error) {
      throw new HttpError(503, `Cannot queue the job on Redis: ${(error as Error).message}`, undefined, { 'retry-after': '1' });
    }
    return { id: job.id!, kind: prepared.kind, status: 'queued', progress: { seconds: 0, rounds: 0 }, createdAt: new Date(job.timestamp).toISOString() };
  }

  async get(id: string): Promise<JobView | undefined> {
    const client = await this.client;
    const job = await client.queue.getJob(id);
    return job && job.name === JOB_NAMES.service ? this.view(client, job) : undefined;
  }

  async list(limit = 50): Promise<JobView[]> {
    const client = await this.client;
    // The most recent of each state (the queue may also hold many `ebm submit` jobs, which are left out).
    const jobs = await client.queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed'], 0, 4 * limit);
    const recent = jobs.filter((j) => j?.name === JOB_NAMES.service).sort((a, b) => b.timestamp - a.timestamp).slice(0, limit);
    return Promise.all(recent.map((j) => this.view(client, j)));
  }

  async subscribe(id: string, listener: (event: JobEvent) => void): Promise<(() => void) | undefined> {
    const client = await this.client;
    const first = await this.get(id);
    if (!first) return undefined;
    let ended = false;
    const end = (view: JobView) => {
      if (ended) return;
      ended = true;
      stop();
      listener({ type: 'result', data: view });
    };
    // The progress so far: the latest point (the worker keeps no history of it).
    if (first.status === 'running' && first.progress.seconds > 0) listener({ type: 'progress', data: first.progress });
    if (isFinal(first.status)) {
      listener({ type: 'result', data: first });
      return () => {};
    }
    const check = async () => {
      const view = await this.get(id).catch(() => undefined);
      if (view && isFinal(view.status)) end(view);
    };
    const unlisten = await client.listen([id], (event, _jobId, data) => {
      if (ended) return;
      if (event === 'progress' && typeof data === 'object' && data !== null) listener({ type: 'progress', data: data as RunProgress });
      else if (event === 'finished') void check();
    });
    const timer = setInterval(() => void check(), POLL_MS);
    const stop = () => {
      clearInterval(timer);
      unlisten();
    };
    // It may have finished between the first read and the listening.
    void check();
    return () => {
      ended = true;
      stop();
    };
  }

  async cancel(id: string, waitMs = 2000): Promise<JobView | undefined> {
    const client = await this.client;
    const view = await this.get(id);
    if (!view || isFinal(view.status)) return view;
    await requestCancel(client.queue, [id], Math.ceil(this.options.ttlMs / 1000));
    // The worker polls the key about every 250 ms and returns its best so far.
    const end = Date.now() + waitMs;
    for (;;) {
      const now = await this.get(id);
      if (!now || isFinal(now.status) || Date.now() > end) return now;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The jobs stay on Redis for the workers; only this server's connections close. */
  async close(): Promise<void> {
    await (await this.client.catch(() => undefined))?.close();
  }

  private async view(client: QueueClient, read: Job): Promise<JobView> {
    const state = await read.getState();
    // Read before it finished, its return value or failure was not there yet: read it again.
    const job = (state === 'completed' || state === 'failed') && read.finishedOn === undefined ? ((await client.queue.getJob(read.id!)) ?? read) : read;
    const data = job.data as ServiceJobData;
    const base = { id: job.id!, kind: data.kind, createdAt: new Date(job.timestamp).toISOString() };
    const progress = typeof job.progress === 'object' && job.progress !== null ? (job.progress as unknown as RunProgress) : { seconds: 0, rounds: 0 };
    if (QUEUED_STATES.has(state)) {
      // Cancelled before a worker took it: it will end at once, with no result, when one does.
      const cancelled = await cancelRequested(client.queue, [job.id!]);
      return { ...base, status: cancelled ? 'cancelled' : 'queued', progress };
    }
    if (state === 'active') return { ...base, status: 'running', progress };
    if (state === 'completed') {
      const r = (job.returnvalue ?? { cancelled: false }) as ServiceJobResult;
      return { ...base, status: r.cancelled ? 'cancelled' : 'done', progress, ...(r.result !== undefined && { result: r.result }) };
    }
    const error = decodeError(job.failedReason);
    const described = this.options.describeError(error, data.body, data.kind);
    // Bad input the library found late is the request's fault, not ours; either way the job failed.
    return { ...base, status: 'failed', progress, error: isInputError(error) ? described : { error: described.error } };
  }
}

function isFinal(status: JobStatus): boolean {
  return status === 'done' || status === 'cancelled' || status === 'failed';
}
