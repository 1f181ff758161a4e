/**
 * Cooperative cancellation: native loops poll an Int32Array on a SharedArrayBuffer (nonzero = stop) and a
 * deadline, and return their best-so-far with `stopped: "aborted" | "deadline" | "done"`.
 */
import { invalidParameterError, requireNumber } from './errors.ts';

export interface RunControl {
  /** Abort the run; it returns its best-so-far with stopped = "aborted". */
  signal?: AbortSignal;
  /** Wall-clock budget in milliseconds; the run returns with stopped = "deadline". */
  timeLimitMs?: number;
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
