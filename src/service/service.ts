/**
 * The state one server holds: its options, the body schemas built from its caps, the jobs, the saved models,
 * the metrics, and the count of synchronous solves in flight (which, with the jobs, make the queue depth that
 * --max-queue bounds).
 */
import { JobStore } from './jobs.ts';
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
  readonly jobs: JobStore;
  readonly metrics: Metrics;
  readonly models: ModelShelf;
  private inFlight = 0;
  private readonly running = new Set<AbortController>();

  constructor(readonly options: ResolvedOptions) {
    this.bodies = bodySchemas(options.caps, options.workers);
    this.jobs = new JobStore({
      concurrency: options.workers,
      ttlMs: options.jobTtlMs,
      describeError: (error, prepared) => errorReply(error, prepared.body, INPUT_FIELD[prepared.kind], '/input').reply,
      onFinished: (kind, status, seconds) => this.metrics.solveSeconds.observe({ kind, stopped: status }, seconds),
    });
    this.metrics = createMetrics(
      () => this.jobs.counts(),
      () => this.depth,
    );
    this.models = new ModelShelf(options.modelsDir);
  }

  /** Jobs queued or running plus synchronous solves in flight. */
  get depth(): number {
    return this.jobs.pending + this.inFlight;
  }

  /** Throws 503 (with Retry-After) when one more piece of work would pass --max-queue. */
  admit(): void {
    if (this.depth >= this.options.maxQueue) throw new HttpError(503, `The queue is full (${this.options.maxQueue} jobs and solves in flight); retry later`, undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }

  /** A synchronous route's solve: admitted, abortable by `signal` and by shutdown, timed. */
  async runNow(prepared: Prepared, signal: AbortSignal): Promise<Record<string, unknown>> {
    this.admit();
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

  /** Shutdown: synchronous solves return their best-so-far, jobs are cancelled keeping theirs. */
  async stopAll(waitMs: number): Promise<void> {
    for (const controller of this.running) controller.abort();
    await this.jobs.cancelAll(waitMs);
  }
}
