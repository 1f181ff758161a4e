/**
 * The submitting side: `await createQueueClient({ connection, queue })` (index.ts), then `submit(kind, input,
 * options)` validates the job (prepare.ts), queues it (a BullMQ flow of child jobs with `split`) and returns a QueueJob:
 * `await job.result()` (what the local command returns: its JSON and text), `job.on('progress', ...)`,
 * `job.cancel()`.
 */
import { EventEmitter } from 'node:events';
import { FlowProducer, Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import type { CommandResult } from '../cli/args.ts';
import type { ProgressUpdate } from '../cli/progress.ts';
import { requestCancel } from './cancel.ts';
import type { GivenFlags } from './flags.ts';
import { checkSize, decodeError, DEFAULT_MAX_BYTES, DEFAULT_RESULT_TTL_SECONDS, JOB_NAMES, type MergeData } from './job.ts';
import { FILE_FLAGS } from './kinds.ts';
import { prepareJob } from './prepare.ts';
import { describeConnection, reach } from './reach.ts';
import { splitOf } from './split.ts';

export interface QueueClientOptions {
  /** Redis: a URL ("redis://host:6379") or BullMQ's connection options. */
  connection: string | ConnectionOptions;
  /** Queue name (default "ebm"); workers must consume the same one. */
  queue?: string;
  /** Seconds results and failures are kept in Redis (default one day). */
  resultTtlSeconds?: number;
  /** Largest job input in bytes (JSON); larger is a RangeError at submit (default 16 MiB). */
  maxBytes?: number;
}

export interface SubmitOptions {
  /** The name of the input in outputs and messages (the local command's FILE operand; default "input"). */
  file?: string;
  /** Flags of the matching `ebm` command by name ("burn-in", not "burnIn"), as CLI text or numbers. */
  flags?: GivenFlags;
  /** sample, logz --method pt: split the chains (--chains) over this many child jobs; the result is the same. */
  split?: number;
  /**
   * train: texts of the files its flags name (--train, --test, --xml, --data), by flag; a file flag without
   * one here is read from this machine's disk.
   */
  files?: Readonly<Record<string, string>>;
}

type Listener = (event: 'progress' | 'finished', jobId: string, data: unknown) => void;

/** While a job is unfinished, its state is read again this often (events can be missed across a Redis restart). */
const POLL_MS = 1000;

/** How long result() waits for an unreachable Redis before it gives up. */
const REDIS_PATIENCE_MS = 60_000;

/** A kind whose operand is a word and whose files are named by flags (train). */
function isFileFlagKind(kind: string): boolean {
  return Object.hasOwn(FILE_FLAGS, kind);
}

export function connectionOf(connection: string | ConnectionOptions): ConnectionOptions {
  return typeof connection === 'string' ? ({ url: connection } as ConnectionOptions) : connection;
}

export class QueueClient {
  readonly queue: Queue;
  private readonly flow: FlowProducer;
  private events: Promise<QueueEvents> | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly ttl: number;
  private readonly maxBytes: number;

  constructor(private readonly options: QueueClientOptions) {
    const connection = connectionOf(options.connection);
    this.queue = new Queue(options.queue ?? 'ebm', { connection });
    this.flow = new FlowProducer({ connection });
    // Connection errors are retried by the driver (a Redis restart is survived); unheard, they would be thrown.
    this.queue.on('error', () => {});
    this.flow.on('error', () => {});
    this.ttl = options.resultTtlSeconds ?? DEFAULT_RESULT_TTL_SECONDS;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /**
   * Validates and queues a job: `kind` is an `ebm` command (lap, qap, maxcut, minimize, sample, logz, train),
   * `input` the text of its FILE (train: its TASK, multilabel or ranking; its files are named by flags). Bad
   * input throws (rejects) the local command's named error, code EBM_INVALID_INPUT, and queues nothing.
   */
  async submit(kind: string, input: string, options: SubmitOptions = {}): Promise<QueueJob> {
    const operandIsText = !isFileFlagKind(kind);
    const data = await prepareJob(kind, operandIsText ? (options.file ?? 'input') : input, operandIsText ? input : '', options.flags ?? {}, options.files);
    checkSize('input', data, this.maxBytes);
    const parts = options.split === undefined ? undefined : splitOf(data, options.split);
    // Bad input is reported first, Redis being unreachable second.
    await reach(this.queue.waitUntilReady(), describeConnection(this.options.connection));
    const opts = { removeOnComplete: { age: this.ttl }, removeOnFail: { age: this.ttl } };
    if (parts === undefined) {
      const job = await this.queue.add(JOB_NAMES.run, data, opts);
      return new QueueJob(this, job.id!, []);
    }
    const merge: MergeData = { ...data, split: parts.length };
    // The input is stored once, in the parent; each child carries only its chain range.
    const node = await this.flow.add({
      name: JOB_NAMES.merge,
      queueName: this.queue.name,
      data: merge,
      opts,
      children: parts.map((part) => ({ name: JOB_NAMES.part, queueName: this.queue.name, data: part, opts: { ...opts, failParentOnFailure: true } })),
    });
    return new QueueJob(this, node.job.id!, (node.children ?? []).map((c) => c.job.id!));
  }

  /** A job submitted earlier (by id), to wait for or cancel. */
  job(id: string): QueueJob {
    return new QueueJob(this, id, []);
  }

  async close(): Promise<void> {
    const events = this.events;
    this.events = undefined;
    // A QueueEvents that never connected has nothing to close.
    await Promise.all([this.queue.close(), this.flow.close(), events?.then((e) => e.close()).catch(() => {})]);
  }

  /** @internal Calls `on` with the job's progress and with completed/failed, until the returned function is called. */
  async listen(ids: string[], on: Listener): Promise<() => void> {
    await this.queueEvents();
    for (const id of ids) {
      if (!this.listeners.has(id)) this.listeners.set(id, new Set());
      this.listeners.get(id)!.add(on);
    }
    return () => ids.forEach((id) => this.listeners.get(id)?.delete(on) && this.listeners.get(id)!.size === 0 && this.listeners.delete(id));
  }

  /** @internal */
  get cancelTtl(): number {
    return this.ttl;
  }

  private queueEvents(): Promise<QueueEvents> {
    this.events ??= (async () => {
      const events = new QueueEvents(this.queue.name, { connection: connectionOf(this.options.connection) });
      events.on('error', () => {});
      const dispatch = (event: 'progress' | 'finished', jobId: string, data: unknown) => this.listeners.get(jobId)?.forEach((on) => on(event, jobId, data));
      events.on('progress', ({ jobId, data }) => dispatch('progress', jobId, data));
      events.on('completed', ({ jobId }) => dispatch('finished', jobId, undefined));
      events.on('failed', ({ jobId }) => dispatch('finished', jobId, undefined));
      await reach(events.waitUntilReady(), describeConnection(this.options.connection));
      return events;
    })().catch((error: unknown) => {
      // Not kept: the next result() tries to connect again.
      this.events = undefined;
      throw error;
    });
    return this.events;
  }
}

/** A queued job. Emits 'progress' with the local command's progress (a split job: its children's, summed). */
export class QueueJob extends EventEmitter<{ progress: [ProgressUpdate] }> {
  private readonly partProgress = new Map<string, ProgressUpdate>();

  constructor(
    private readonly client: QueueClient,
    readonly id: string,
    /** The children of a split job. */
    readonly partIds: string[],
  ) {
    super();
  }

  /**
   * What the local command returns ({ json, text }). Rejects with the job's error (bad input keeps its name and
   * code EBM_INVALID_INPUT), or when the job is no longer in Redis (its result expired).
   */
  async result(): Promise<CommandResult> {
    let wake: () => void = () => {};
    // Counted, so that an event arriving while the state is being read is not slept through.
    let finishedEvents = 0;
    const onEvent: Listener = (event, jobId, data) => {
      if (event === 'progress') return this.onProgress(jobId, data);
      finishedEvents++;
      wake();
    };
    const stop = await this.client.listen([this.id, ...this.partIds], onEvent);
    try {
      let reachedAt = Date.now();
      for (;;) {
        const seen = finishedEvents;
        const finished = await this.finished().then(
          (f) => ((reachedAt = Date.now()), f),
          (error: unknown) => {
            // Redis away (restarting): ask again, unless it has been gone for too long.
            if (Date.now() - reachedAt > REDIS_PATIENCE_MS) throw error;
            return undefined;
          },
        );
        if (finished) return finished();
        if (finishedEvents !== seen) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      stop();
    }
  }

  /** A function giving the result (or throwing the job's error) once the job has finished; undefined before. */
  private async finished(): Promise<(() => CommandResult) | undefined> {
    // The state first, then the job: a job read before it completed would have no return value yet.
    const state = await this.client.queue.getJobState(this.id);
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return undefined;
    const job = state === 'unknown' ? undefined : await Job.fromId(this.client.queue, this.id);
    // Returned, not thrown: only a Redis error rejects (and is retried).
    if (job === undefined)
      return () => {
        throw new Error(`Job ${this.id} is not in queue ${this.client.queue.name} (its result expired, or it never existed)`);
      };
    if (state === 'completed') return () => job.returnvalue as CommandResult;
    return () => {
      throw decodeError(job.failedReason);
    };
  }

  /** Asks the worker running the job (and its children) to stop; the job then completes with its best so far. */
  cancel(): Promise<void> {
    return requestCancel(this.client.queue, [this.id, ...this.partIds], this.client.cancelTtl);
  }

  private onProgress(jobId: string, data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const p = data as ProgressUpdate;
    if (this.partIds.length === 0) {
      this.emit('progress', p);
      return;
    }
    // A split job: the sum of its children's work, over the time of the slowest.
    this.partProgress.set(jobId, p);
    const all = [...this.partProgress.values()];
    const total = all.every((q) => q.total !== undefined) ? all.reduce((s, q) => s + q.total!, 0) : undefined;
    const done = all.reduce((s, q) => s + (q.done ?? 0), 0);
    this.emit('progress', {
      seconds: Math.max(...all.map((q) => q.seconds)),
      ...(total !== undefined && { done, total }),
      status: `${all.length} of ${this.partIds.length} parts running${total !== undefined ? `, ${done} done` : ''}`,
    });
  }
}
