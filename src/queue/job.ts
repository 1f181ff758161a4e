/**
 * What a queued job is: data that any worker can run again (the command, the full text of its input file, its
 * flags with defaults applied, hence its seed), the size limit on that data and on results, and how a failure
 * crosses Redis (BullMQ keeps only a message, so the error's name and code travel inside it).
 */
import type { Flags } from '../cli/args.ts';
import { isInputError, rangeError, typeError, INPUT_ERROR_CODE } from '../errors.ts';
import type { JobKind } from './kinds.ts';
import type { ServiceCaps } from '../service/options.ts';
import type { Kind as ServiceKind } from '../service/schemas.ts';

/** A whole command: `ebm KIND FILE flags` run by a worker (BullMQ job name "run"). */
export interface RunData {
  kind: JobKind;
  /** The FILE operand as given: outputs and messages name it as the local command would. */
  file: string;
  /** The file's text (the file is on the submitting machine, not the worker's). */
  text: string;
  flags: Flags;
  /** Texts of the files its flags name (train's --train, --test, --xml, --data), by flag (kinds.ts FILE_FLAGS). */
  files?: Record<string, string>;
}

/** The parent of a split job (job name "merge"): the input, stored once; its children read it from here. */
export interface MergeData extends RunData {
  split: number;
}

/** One child of a split job (job name "part"): chains [chainBase, chainBase + chains) of the parent's input. */
export interface PartData {
  index: number;
  chainBase: number;
  chains: number;
}

/**
 * A job of `ebm serve --redis` (job name "service"): a /v1/jobs request body, run by the service's own
 * prepare (src/service/prepare.ts) under the caps of the server that accepted it.
 */
export interface ServiceJobData {
  kind: ServiceKind;
  body: Record<string, unknown>;
  caps: ServiceCaps;
}

/** What a service job returns: the route's answer, and whether a cancel stopped it (its best so far). */
export interface ServiceJobResult {
  result?: Record<string, unknown>;
  cancelled: boolean;
}

export const JOB_NAMES = { run: 'run', merge: 'merge', part: 'part', service: 'service' } as const;

/** Bytes of a job's input or result (JSON in Redis); beyond it, an error, never a truncation. */
export const DEFAULT_MAX_BYTES = 16 << 20;

/** Results (and failures) are kept this long in Redis, then removed by BullMQ. */
export const DEFAULT_RESULT_TTL_SECONDS = 24 * 3600;

/** Throws a RangeError (bad input) when `value` as JSON is over `maxBytes`. */
export function checkSize(what: 'input' | 'result', value: unknown, maxBytes: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > maxBytes) throw rangeError(`Expected a job ${what} of at most ${maxBytes} bytes but received ${bytes} bytes (the queue's size limit)`);
}

interface WireError {
  name: string;
  message: string;
  code?: string;
}

/** The message a failed job carries: its error's name, message and (bad input) code, as JSON. */
export function encodeError(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const wire: WireError = { name: e.name, message: e.message, ...(isInputError(e) && { code: INPUT_ERROR_CODE }) };
  return JSON.stringify(wire);
}

/** The error a failed job's message stands for: a RangeError or TypeError with its code stays bad input (exit 2). */
export function decodeError(reason: string | undefined): Error {
  let wire: WireError;
  try {
    wire = JSON.parse(reason ?? '') as WireError;
  } catch {
    // Failures BullMQ itself records (a job stalled too often, a lost lock) are plain messages.
    return new Error(reason ?? 'job failed');
  }
  if (wire.code === INPUT_ERROR_CODE) return wire.name === 'TypeError' ? typeError(wire.message) : rangeError(wire.message);
  const e = wire.name === 'TypeError' ? new TypeError(wire.message) : wire.name === 'RangeError' ? new RangeError(wire.message) : new Error(wire.message);
  if (!(e instanceof TypeError || e instanceof RangeError)) e.name = wire.name;
  return e;
}
