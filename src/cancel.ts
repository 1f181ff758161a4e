/**
 * Run control: cooperative cancellation (native loops poll an Int32Array on a SharedArrayBuffer, nonzero = stop,
 * and a deadline, and return their best-so-far with `stopped: "aborted" | "deadline" | "done"`), and the one
 * progress shape every long run reports.
 */
import type { NativeProgress } from './native.ts';
import { invalidParameterError, requireNumber } from './errors.ts';

export interface RunControl {
  /** Abort the run; it returns its best-so-far with stopped = "aborted". */
  signal?: AbortSignal;
  /** Wall-clock budget in milliseconds; the run returns with stopped = "deadline". */
  timeLimitMs?: number;
  /**
   * Memory the run may take, in MB (default: a quarter of the machine's memory, or env EBM_MAX_MEMORY_MB). The
   * estimate from the job's sizes is checked before anything is allocated (src/resources/memory.ts); over the
   * limit, a RangeError (code EBM_INVALID_INPUT) says how much it would need.
   */
  maxMemoryMB?: number;
  /**
   * Where the lanes run (src/device.ts): 'cpu', 'cuda' (a CUDA GPU; the same chains as the CPU for a seed) or 'auto' (default: the CPU unless a GPU is present and the job has >= 4096 lanes, chains x
   * replicas, and no workers). 'cuda' without a usable GPU throws a RangeError that says why.
   */
  device?: 'cpu' | 'cuda' | 'auto';
}

/** What a long run reports to `onProgress` about every 200 ms. */
export interface Progress {
  /** Elapsed seconds. */
  seconds: number;
  /** Rounds done (sampling and log Z: per chain; minimization: over all parts). */
  rounds: number;
  /** sample, sampleCounts: samples kept so far. */
  produced?: number;
  /** minimize: the best energy found so far. */
  bestEnergy?: number;
}

/**
 * The addon's progress (seconds, best = the operation's value, rounds) as the `Progress` of an operation:
 * samples kept (sampling), the best energy (minimization), nothing more (log Z). The options check its type.
 */
export function progressOf(operation: 'sample' | 'minimize' | 'logZ', onProgress: ((p: Progress) => void) | undefined): ((p: NativeProgress) => void) | undefined {
  if (onProgress === undefined) return undefined;
  if (operation === 'sample') return (p) => onProgress({ seconds: p.seconds, produced: p.best, rounds: p.rounds });
  if (operation === 'minimize') return (p) => onProgress({ seconds: p.seconds, bestEnergy: p.best, rounds: p.rounds });
  return (p) => onProgress({ seconds: p.seconds, rounds: p.rounds });
}

/** A shared flag wired to the signal; `dispose` removes the listener. */
export function cancelFlag(signal: AbortSignal | undefined): { flag: Int32Array; dispose: () => void } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  if (!signal) return { flag, dispose: () => {} };
  if (!(signal instanceof AbortSignal)) throw invalidParameterError('signal', 'AbortSignal', signal, 'type');
  const onAbort = () => Atomics.store(flag, 0, 1);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  return { flag, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** Milliseconds -> seconds for the addon (0 = no deadline). */
export function timeLimitSeconds(ms: number | undefined): number {
  if (ms === undefined) return 0;
  return requireNumber('timeLimitMs', ms, 0) / 1000;
}

/**
 * The addon's deadline (seconds, 0 = none) for a call that began at `startedAt` (performance.now()): what is left
 * of timeLimitMs after the work done here before the job is submitted (validating and packing a large input takes
 * a while), never 0 once something was asked for (the addon reads 0 as no deadline).
 */
export function remainingSeconds(ms: number | undefined, startedAt: number): number {
  const limit = timeLimitSeconds(ms);
  if (limit === 0) return 0;
  return Math.max(1e-6, limit - (performance.now() - startedAt) / 1000);
}

/** Why a run stopped early; 'done' = it ran to the end. */
export type Stopped = 'done' | 'deadline' | 'aborted';

/**
 * The error of a stopped run that has no partial answer (exact enumeration: a sum over every state cannot be
 * cut short): on abort an `AbortError` (code `ABORT_ERR`, as Node's own APIs; `cause` = the signal's reason), at
 * the deadline a `TimeoutError` (code `EBM_TIMEOUT`). Neither is an input error: the input was fine.
 */
export function stoppedError(what: string, stopped: 'deadline' | 'aborted', signal?: AbortSignal): Error {
  const aborted = stopped === 'aborted';
  const error = aborted
    ? new Error(`${what} was aborted`, { cause: signal?.reason })
    : new Error(`${what} did not finish within its time limit`);
  Object.defineProperty(error, 'name', { value: aborted ? 'AbortError' : 'TimeoutError', enumerable: false, writable: true, configurable: true });
  Object.defineProperty(error, 'code', { value: aborted ? 'ABORT_ERR' : 'EBM_TIMEOUT', enumerable: true, writable: true, configurable: true });
  return error;
}

/**
 * `error` as the caller should see it: the addon's stop of a run without a partial answer (an Error carrying
 * `stopped`, native/addon/job_options.hpp) becomes `stoppedError`; any other error is returned unchanged.
 */
export function fromNativeStop(error: unknown, what: string, signal?: AbortSignal): unknown {
  const stopped = error instanceof Error ? (error as { stopped?: unknown }).stopped : undefined;
  return stopped === 'aborted' || stopped === 'deadline' ? stoppedError(what, stopped, signal) : error;
}
