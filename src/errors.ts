/**
 * Named input errors, worded like sharp's `invalidParameterError`: what was expected, for which field, and what
 * was received. Every public entry point validates before touching native code and throws one of these.
 */

/** Characters of a received string that a message echoes: a 50 MB token is not repeated back. */
export const ECHO_LIMIT = 40;

/** Longest message an input error carries: a safety net for text echoed without `quote` (paths, native messages). */
export const MESSAGE_LIMIT = 1000;

/** `text`, cut to `max` characters with "…" when longer. */
export function clip(text: string, max = ECHO_LIMIT): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

/** A received string as messages echo it: quoted, at most ECHO_LIMIT characters. */
export function quote(text: string): string {
  return JSON.stringify(clip(text));
}

/** Short, stable rendering of a received value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return quote(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  return typeof value;
}

/**
 * The `code` of every error that means "the caller's input is wrong" (the CLI exits 2, a service answers 400).
 * Errors without it are ours: a plain TypeError from a bug is not bad input. The addon's validation errors
 * carry the same code (native/addon/convert.hpp).
 */
export const INPUT_ERROR_CODE = 'EBM_INVALID_INPUT';

function markInput<E extends Error>(error: E): E {
  Object.defineProperty(error, 'code', { value: INPUT_ERROR_CODE, enumerable: true, writable: true, configurable: true });
  return error;
}

/** A `RangeError` marked as bad input: the value has the right type but is out of range or malformed. */
export function rangeError(message: string): RangeError {
  return markInput(new RangeError(clip(message, MESSAGE_LIMIT)));
}

/** A `TypeError` marked as bad input: the value has the wrong type. */
export function typeError(message: string): TypeError {
  return markInput(new TypeError(clip(message, MESSAGE_LIMIT)));
}

/** Whether `error` reports bad input (thrown by our validation, in JS or in the addon). */
export function isInputError(error: unknown): error is Error & { code: typeof INPUT_ERROR_CODE } {
  return error instanceof Error && (error as { code?: unknown }).code === INPUT_ERROR_CODE;
}

/** `TypeError` when the value has the wrong type, `RangeError` when it is the right type but out of range. */
export function invalidParameterError(name: string, expected: string, actual: unknown, kind: 'type' | 'range' = 'range'): Error {
  const message = `Expected ${expected} for ${name} but received ${describe(actual)}`;
  return kind === 'type' ? typeError(message) : rangeError(message);
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

export function isInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

/** Asserts an integer in [lo, hi]; returns it. */
export function requireInteger(name: string, value: unknown, lo: number, hi: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') throw invalidParameterError(name, `integer in [${lo}, ${hi}]`, value, 'type');
  if (!Number.isInteger(value) || value < lo || value > hi) throw invalidParameterError(name, `integer in [${lo}, ${hi}]`, value);
  return value;
}

/** Asserts a finite number in [lo, hi]; returns it. */
export function requireNumber(name: string, value: unknown, lo = -Infinity, hi = Infinity): number {
  if (typeof value !== 'number') throw invalidParameterError(name, 'finite number', value, 'type');
  if (!Number.isFinite(value)) throw invalidParameterError(name, 'finite number', value);
  if (value < lo || value > hi) throw invalidParameterError(name, `number in [${lo}, ${hi}]`, value);
  return value;
}

/**
 * Rejects keys of `obj` not in `allowed` (typos in options and model files fail loudly). With `suggest`, the
 * message ends with the closest allowed key when one is a typo away ("did you mean "epochs"?").
 */
export function rejectUnknownKeys(name: string, obj: object, allowed: readonly string[], suggest = false): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const near = suggest ? closest(key, allowed) : undefined;
    throw rangeError(`Unknown key ${quote(key)} in ${name} (expected one of ${allowed.join(', ')})${near === undefined ? '' : `; did you mean ${quote(near)}?`}`);
  }
}

/** The candidate within edit distance 2 of `word` (the nearest; none when the word is long: no quadratic work on 50 MB keys). */
function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Levenshtein distance (one row of the dynamic program). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * Asserts `value` is data a worker thread can receive (structured clone): numbers, strings, booleans, null,
 * typed arrays, and arrays and plain objects of these. A function or Symbol in a model would otherwise fail as a
 * DataCloneError naming nothing.
 */
export function requirePlainData(name: string, value: unknown, depth = 0): void {
  const kind = typeof value;
  if (value === null || kind === 'undefined' || kind === 'number' || kind === 'string' || kind === 'boolean' || ArrayBuffer.isView(value)) return;
  // Models are shallow; the depth bound keeps a cyclic object from recursing forever.
  if (kind === 'object' && depth < 8) {
    if (Array.isArray(value)) return value.forEach((v, i) => requirePlainData(`${name}[${i}]`, v, depth + 1));
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      for (const [key, v] of Object.entries(value as object)) requirePlainData(`${name}.${key}`, v, depth + 1);
      return;
    }
  }
  throw invalidParameterError(name, 'plain data (numbers, strings, typed arrays, arrays and objects of them)', value, 'type');
}

/** What a job that could not allocate reports (one wording, so mapping it twice gives the same error). */
const OUT_OF_MEMORY = 'Not enough memory for this job (std::bad_alloc): reduce its sizes (n, samples, chains, replicas) or workers';

/**
 * A failure of the addon as callers see it: std::bad_alloc (reported by the addon as "native error:
 * std::bad_alloc") becomes a RangeError marked as bad input that says memory; anything else is returned as is.
 */
export function nativeFailure(error: unknown): unknown {
  return error instanceof Error && error.message.includes('std::bad_alloc') ? rangeError(OUT_OF_MEMORY) : error;
}

/** Asserts an array of finite numbers (of `length` when given); returns it. */
export function requireNumberArray(name: string, value: unknown, length?: number): number[] {
  const expected = `array of ${length ?? 'finite'} ${length === undefined ? 'numbers' : 'finite numbers'}`;
  if (!Array.isArray(value)) throw invalidParameterError(name, expected, value, 'type');
  if (length !== undefined && value.length !== length) throw invalidParameterError(name, expected, value);
  for (let i = 0; i < value.length; i++) if (!isFiniteNumber(value[i])) requireNumber(`${name}[${i}]`, value[i]);
  return value as number[];
}
