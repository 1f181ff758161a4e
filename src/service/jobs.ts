/**
 * Jobs: long runs started by POST /v1/jobs, run at most `concurrency` at a time (the pool's size), in order.
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

export interface JobStoreOptions {
  concurrency: number;
  ttlMs: number;
  /** Turns a failure of a run into the job's `error` (the field pointer under /input). */
  describeError: (error: unknown, prepared: Prepared) => { error: string; field?: string };
  /** Called when a run ends, with the kind, its seconds and how it ended (metrics). */
  onFinished?: (kind: Kind, status: JobStatus, seconds: number) => void;
}

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;

  constructor(private readonly options: JobStoreOptions) {}

  /** Jobs queued or running. */
  get pending(): number {
    return this.queue.length + this.running;
  }

  counts(): Record<JobStatus, number> {
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, cancelled: 0, failed: 0 };
    for (const job of this.jobs.values()) counts[job.view.status]++;
    return counts;
  }

  submit(prepared: Prepared): JobView {
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

  get(id: string): JobView | undefined {
    return this.jobs.get(id)?.view;
  }

  /** Most recent first. */
  list(limit = 50): JobView[] {
    return [...this.jobs.values()].map((j) => j.view).reverse().slice(0, limit);
  }

  /**
   * Progress so far and every later event until the result; returns the unsubscribe function. A finished job
   * gets its history and result at once.
   */
  subscribe(id: string, listener: (event: JobEvent) => void): (() => void) | undefined {
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

  /** Cancels a job and waits (at most `waitMs`) until it has stopped; a queued job is cancelled at once. */
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

  /** Cancels every job (shutdown): queued ones at once, running ones keep their best-so-far. */
  async cancelAll(waitMs = 2000): Promise<void> {
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
      this.end(job, 'failed');
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
