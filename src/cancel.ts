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
