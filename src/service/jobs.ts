/**
 * Jobs: long runs started by POST /v1/jobs. `JobBackend` is what the routes use; this file's JobStore runs them
 * in this process, at most `concurrency` at a time (the pool's size), in order; with `redis` they go on the
 * BullMQ queue instead (queueJobs.ts), so several replicas share the workers.
 * A job is data (kind, input, status, progress, result); its run is the same `Prepared` a synchronous route
 * runs. Cancelling aborts its signal: the native loop returns its best-so-far, kept as the job's result. A
 * finished job stays readable for `ttlMs`, then is dropped.
 */
import { randomUUID } from 'node:crypto';
import { isInputError } from '../errors.ts';
import type { Prepared, RunProgress } from './prepare.ts';
import type { Kind } from './schemas.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

/** What GET /v1/jobs/:id answers, and the data of the final SSE `result` event. */
export interface JobView {
  id: string;
  kind: Kind;
  status: JobStatus;
  progress: RunProgress;
  createdAt: string;
  result?: Record<string, unknown>;
  error?: { error: string; field?: string };
}

export type JobEvent = { type: 'progress'; data: RunProgress } | { type: 'result'; data: JobView };

/** Progress points a job keeps for late SSE subscribers (the chart's history); past it, every other is dropped. */
const HISTORY_LIMIT = 2000;

interface Job {
  view: JobView;
  prepared: Prepared;
  controller: AbortController;
  history: RunProgress[];
  listeners: Set<(event: JobEvent) => void>;
  /** Resolves when the job has finished (done, cancelled or failed). */
  finished: Promise<void>;
  finish: () => void;
}

/** Where jobs live: in this process (JobStore) or on the Redis queue (QueueJobs). Asynchronous for the latter. */
export interface JobBackend {
  /** Jobs queued or running (on Redis: in the whole queue, every replica's). */
  pending(): Promise<number>;
  counts(): Promise<Record<JobStatus, number>>;
  /** Queues a prepared run; answers the job as submitted. */
  submit(prepared: Prepared): Promise<JobView>;
  get(id: string): Promise<JobView | undefined>;
  /** Most recent first. */
  list(limit?: number): Promise<JobView[]>;
  /** Progress so far, every later event, then the result; the unsubscribe function, or undefined for an unknown job. */
  subscribe(id: string, listener: (event: JobEvent) => void): Promise<(() => void) | undefined>;
  /** Cancels a job and waits (at most `waitMs`) until it has stopped with its best-so-far; a queued job is cancelled at once. */
  cancel(id: string, waitMs?: number): Promise<JobView | undefined>;
  /** Shutdown: in-process jobs are cancelled keeping their best-so-far; jobs on Redis stay for the other replicas' workers. */
  close(waitMs: number): Promise<void>;
}

export interface JobStoreOptions {
  concurrency: number;
  ttlMs: number;
  /** Turns a failure of a run into the job's `error` (the field pointer under /input). */
  describeError: (error: unknown, prepared: Prepared) => { error: string; field?: string };
  /** Called when a run ends, with the kind, its seconds and how it ended (metrics). */
  onFinished?: (kind: Kind, status: JobStatus, seconds: number) => void;
}

export class JobStore implements JobBackend {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;

  constructor(private readonly options: JobStoreOptions) {}

  async pending(): Promise<number> {
    return this.queue.length + this.running;
  }

  async counts(): Promise<Record<JobStatus, number>> {
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, cancelled: 0, failed: 0 };
    for (const job of this.jobs.values()) counts[job.view.status]++;
    return counts;
  }

  async submit(prepared: Prepared): Promise<JobView> {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const job: Job = {
      view: { id: randomUUID(), kind: prepared.kind, status: 'queued', progress: { seconds: 0, rounds: 0 }, createdAt: new Date().toISOString() },
      prepared,
      controller: new AbortController(),
      history: [],
      listeners: new Set(),
      finished,
      finish,
    };
    this.jobs.set(job.view.id, job);
    this.queue.push(job);
    // The answer is the job as submitted: it may start running before the answer is sent.
    const submitted = { ...job.view };
    this.pump();
    return submitted;
  }

  async get(id: string): Promise<JobView | undefined> {
    return this.jobs.get(id)?.view;
  }

  async list(limit = 50): Promise<JobView[]> {
    return [...this.jobs.values()].map((j) => j.view).reverse().slice(0, limit);
  }

  /** A finished job gets its history and result at once. */
  async subscribe(id: string, listener: (event: JobEvent) => void): Promise<(() => void) | undefined> {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    for (const p of job.history) listener({ type: 'progress', data: p });
    if (isFinal(job.view.status)) {
      listener({ type: 'result', data: job.view });
      return () => {};
    }
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  async cancel(id: string, waitMs = 2000): Promise<JobView | undefined> {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (job.view.status === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.end(job, 'cancelled');
    } else if (job.view.status === 'running') {
      job.controller.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([job.finished, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    }
    return job.view;
  }

  /** Cancels every job: queued ones at once, running ones keep their best-so-far. */
  async close(waitMs = 2000): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((id) => this.cancel(id, waitMs)));
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) void this.start(this.queue.shift()!);
  }

  private async start(job: Job): Promise<void> {
    this.running++;
    job.view.status = 'running';
    const started = performance.now();
    const onProgress = (p: RunProgress) => {
      job.view.progress = p;
      job.history.push(p);
      if (job.history.length > HISTORY_LIMIT) job.history = job.history.filter((_, i) => i % 2 === 1);
      for (const listener of job.listeners) listener({ type: 'progress', data: p });
    };
    try {
      const result = await job.prepared.run({ signal: job.controller.signal, onProgress });
      job.view.result = result;
      this.end(job, job.controller.signal.aborted ? 'cancelled' : 'done');
    } catch (error) {
      job.view.error = this.options.describeError(error, job.prepared);
      // Bad input the library found late is the request's fault, not ours; either way the job failed.
      if (!isInputError(error)) job.view.error = { error: job.view.error.error };
      // A run the client cancelled that has no partial answer (exact log Z) throws AbortError: still cancelled.
      this.end(job, job.controller.signal.aborted ? 'cancelled' : 'failed');
    } finally {
      this.running--;
      this.options.onFinished?.(job.view.kind, job.view.status, (performance.now() - started) / 1000);
      this.pump();
    }
  }

  private end(job: Job, status: JobStatus): void {
    job.view.status = status;
    for (const listener of job.listeners) listener({ type: 'result', data: job.view });
    job.listeners.clear();
    job.finish();
    // Dropped after the TTL; unref'd, so a finished job never keeps the process alive.
    setTimeout(() => this.jobs.delete(job.view.id), this.options.ttlMs).unref();
  }
}

function isFinal(status: JobStatus): boolean {
  return status === 'done' || status === 'cancelled' || status === 'failed';
}
