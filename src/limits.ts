/**
 * The library's size limits, defined once in native/core/limits.hpp and read from the addon, so the TypeScript
 * checks and the addon's own checks never disagree. Read on first use (validation is the first thing any
 * operation does, and it needs the addon anyway).
 */
import { native, type Limits } from './native.ts';

export type { Limits };

let cached: Limits | undefined;

/** The limits (see native/core/limits.hpp for why each is what it is). */
export function limits(): Limits {
  cached ??= native().limits();
  return cached;
}
