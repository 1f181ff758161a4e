/**
 * What `createServer` takes: where models live, the token, and the caps every request is held to. The caps are
 * the service's own (the library's limits are larger): a public endpoint should not let one request hold a
 * worker for an hour or answer with a gigabyte of counts. They are reported in /openapi.json.
 */
import { availableParallelism } from 'node:os';

export interface ServiceCaps {
  /** Items of any problem: LAP/QAP side, max-cut vertices, model n (default 2000). */
  maxN: number;
  /** Edges of a max-cut graph (default 200 000). */
  maxEdges: number;
  /** `options.samples` of /v1/sample (default 1 000 000). */
  maxSamples: number;
  /** `options.timeLimitMs` of any run (default 600 000: 10 minutes). */
  maxTimeLimitMs: number;
  /** The budget of a solve that gives none (default 1000 ms): the library requires one. */
  defaultTimeLimitMs: number;
  /** Rows of `x` in /v1/predict (default 10 000). */
  maxPredictRows: number;
}

export interface CreateServerOptions {
  /** Worker threads of the library's pool (default: the number of cores); also how many jobs run at once. */
  workers?: number;
  /** A bearer token every route but /healthz (and the static dashboard files) requires; none: no auth. */
  token?: string;
  /** Folder of saved models (`ebm train --save DIR/NAME`) that /v1/predict loads by NAME; none: /v1/predict answers 404. */
  modelsDir?: string;
  /** Largest request body in bytes (default 10 MiB): 413 beyond it. */
  bodyLimit?: number;
  /** Jobs queued or running, plus synchronous solves in flight, beyond which requests get 503 (default 64). */
  maxQueue?: number;
  /** How long a finished job stays readable, in milliseconds (default 15 minutes). */
  jobTtlMs?: number;
  /** Caps on the size of the work a request may ask for. */
  caps?: Partial<ServiceCaps>;
  /** Fastify's logger option (default false: the CLI prints its own line). */
  logger?: boolean;
  /**
   * Redis (a URL such as "redis://host:6379"): /v1/jobs go on this BullMQ queue, run by `ebm worker`s, so that
   * several servers share the workers; the synchronous routes still run here. None: jobs run in this process.
   */
  redis?: string;
  /** The queue's name with `redis` (default "ebm"; the workers' --queue). */
  queue?: string;
}

export interface ResolvedOptions {
  workers: number;
  token: string | undefined;
  modelsDir: string | undefined;
  bodyLimit: number;
  maxQueue: number;
  jobTtlMs: number;
  caps: ServiceCaps;
  logger: boolean;
  redis: string | undefined;
  queue: string;
}

export const DEFAULT_CAPS: ServiceCaps = {
  maxN: 2000,
  maxEdges: 200_000,
  maxSamples: 1_000_000,
  maxTimeLimitMs: 600_000,
  defaultTimeLimitMs: 1000,
  maxPredictRows: 10_000,
};

export function resolveOptions(o: CreateServerOptions): ResolvedOptions {
  return {
    workers: o.workers ?? availableParallelism(),
    token: o.token,
    modelsDir: o.modelsDir,
    bodyLimit: o.bodyLimit ?? 10 * 1024 * 1024,
    maxQueue: o.maxQueue ?? 64,
    jobTtlMs: o.jobTtlMs ?? 15 * 60 * 1000,
    caps: { ...DEFAULT_CAPS, ...o.caps },
    logger: o.logger ?? false,
    redis: o.redis,
    queue: o.queue ?? 'ebm',
  };
}
