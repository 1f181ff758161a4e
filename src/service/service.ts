/**
 * The state one server holds: its options, the body schemas built from its caps, the jobs, the saved models,
 * the metrics, and the count of synchronous solves in flight (which, with the jobs, make the queue depth that
 * --max-queue bounds).
 */
import { JobStore, type JobBackend } from './jobs.ts';
import { QueueJobs } from './queueJobs.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { ModelShelf } from './models.ts';
import type { Prepared } from './prepare.ts';
import { HttpError, errorReply } from './replies.ts';
import { bodySchemas, INPUT_FIELD, type Kind } from './schemas.ts';
import type { ResolvedOptions } from './options.ts';
import type { TSchema } from '@sinclair/typebox';

/** Seconds a client should wait after a 503: long enough for a short solve to finish. */
const RETRY_AFTER_SECONDS = 1;

export class Service {
  readonly bodies: Record<Kind, TSchema>;
  readonly jobs: JobBackend;
  readonly metrics: Metrics;
  readonly models: ModelShelf;
  private inFlight = 0;
  private readonly running = new Set<AbortController>();

  constructor(readonly options: ResolvedOptions) {
    this.bodies = bodySchemas(options.caps, options.workers);
    const describeError = (error: unknown, body: Record<string, unknown>, kind: Kind) => errorReply(error, body, INPUT_FIELD[kind], '/input').reply;
    // With Redis, jobs go on the queue for `ebm worker`s; the synchronous routes still run here.
    this.jobs =
      options.redis !== undefined
        ? new QueueJobs({ connection: options.redis, queue: options.queue, ttlMs: options.jobTtlMs, caps: options.caps, describeError })
        : new JobStore({
            concurrency: options.workers,
            ttlMs: options.jobTtlMs,
            describeError: (error, prepared) => describeError(error, prepared.body, prepared.kind),
            onFinished: (kind, status, seconds) => this.metrics.solveSeconds.observe({ kind, stopped: status }, seconds),
          });
    this.metrics = createMetrics(
      () => this.jobs.counts(),
      () => this.depth(),
    );
    this.models = new ModelShelf(options.modelsDir);
  }

  /** Jobs queued or running (with Redis: the queue's) plus this server's synchronous solves in flight. */
  async depth(): Promise<number> {
    return (await this.jobs.pending()) + this.inFlight;
  }

  /** Throws 503 (with Retry-After) when one more piece of work would pass --max-queue. */
  async admit(): Promise<void> {
    if ((await this.depth()) >= this.options.maxQueue) throw new HttpError(503, `The queue is full (${this.options.maxQueue} jobs and solves in flight); retry later`, undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }

  /** A synchronous route's solve: admitted, abortable by `signal` and by shutdown, timed. */
  async runNow(prepared: Prepared, signal: AbortSignal): Promise<Record<string, unknown>> {
    await this.admit();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.inFlight++;
    this.running.add(controller);
    const started = performance.now();
    try {
      const result = await prepared.run({ signal: controller.signal });
      if (controller.signal.aborted) this.metrics.aborted.inc({ kind: prepared.kind });
      this.metrics.solveSeconds.observe({ kind: prepared.kind, stopped: String(result.stopped ?? 'done') }, (performance.now() - started) / 1000);
      return result;
    } finally {
      this.inFlight--;
      this.running.delete(controller);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Shutdown: synchronous solves return their best-so-far, in-process jobs are cancelled keeping theirs. */
  async stopAll(waitMs: number): Promise<void> {
    for (const controller of this.running) controller.abort();
    await Promise.all([this.jobs.close(waitMs), this.models.close()]);
  }
}
