/**
 * Named input errors, worded like sharp's `invalidParameterError`: what was expected, for which field, and what
 * was received. Every public entry point validates before touching native code and throws one of these.
 */

/** Short, stable rendering of a received value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  return typeof value;
}

/** `TypeError` when the value has the wrong type, `RangeError` when it is the right type but out of range. */
export function invalidParameterError(name: string, expected: string, actual: unknown, kind: 'type' | 'range' = 'range'): Error {
  const message = `Expected ${expected} for ${name} but received ${describe(actual)}`;
  return kind === 'type' ? new TypeError(message) : new RangeError(message);
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

/** Rejects keys of `obj` not in `allowed` (typos in options and model files fail loudly). */
export function rejectUnknownKeys(name: string, obj: object, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new RangeError(`Unknown key ${JSON.stringify(key)} in ${name} (expected one of ${allowed.join(', ')})`);
  }
}
