/**
 * QAPLIB quadratic assignment instances (.dat) and solutions (.sln).
 *
 * Objective (QAPLIB convention): cost(sigma) = sum_ij A[i][j] * B[sigma(i)][sigma(j)], A the "flow" between
 * items, B the "distance" between locations, sigma[i] = location of item i (0-based here, 1-based in files).
 *
 * Traps handled (see shared/data/SOURCES.md): line breaks carry no meaning (CRLF endings, long rows wrapped,
 * blank lines) and ste36a.sln separates its permutation with commas, so files are read as a stream of tokens
 * split on whitespace and commas. Some published .sln files store the inverse permutation or are 0-based;
 * `parseQaplibSln` takes `indexBase`, and `invertPermutation` converts the inverse convention. The header value
 * of a .sln is returned as written (it is not always the value of its own permutation: kra32.sln says 88900,
 * its permutation gives 88700).
 */
import { basename } from 'node:path';
import { quote, rangeError, typeError } from '../errors.ts';
import { parseDecimal } from './decimal.ts';
import { readTextFile } from './readText.ts';
import { requireSquareEntries } from '../energies/matrix.ts';

export interface QapInstance {
  n: number;
  /** A, row-major n x n: flow[i * n + j]. */
  flow: Float64Array;
  /** B, row-major n x n: distance[k * n + l]. */
  distance: Float64Array;
}

export interface QapSolution {
  n: number;
  /** The objective value stated in the file's header. */
  value: number;
  /** sigma, 0-based: permutation[i] = location of item i. */
  permutation: Int32Array;
}

export interface SlnOptions {
  /** Whether the file numbers locations from 1 (QAPLIB, the default) or from 0 (a few copies do). */
  indexBase?: 0 | 1;
}

/** Tokens separated by whitespace or commas (ste36a.sln lists its permutation comma-separated). */
function tokenize(text: string): string[] {
  return text.split(/[\s,]+/).filter((t) => t.length > 0);
}

/**
 * Parses token k as a number. A token that is not a number is a TypeError; one that parses to a non-finite
 * value (`Infinity`, `1e999`, `NaN`) is a RangeError.
 */
function numberAt(tokens: readonly string[], k: number, field: string, source: string): number {
  const token = tokens[k];
  if (token === undefined) throw rangeError(`Expected a number for ${field} in ${source} but received end of file`);
  // Number('0x10') and Number('') are numbers but not QAPLIB notation; only decimal literals are accepted.
  const x = parseDecimal(token);
  if (Number.isNaN(x)) {
    if (/^[+-]?(Infinity|NaN)$/.test(token)) throw rangeError(`Expected a finite number for ${field} in ${source} but received ${token}`);
    throw typeError(`Expected a number for ${field} in ${source} but received ${quote(token)}`);
  }
  if (!Number.isFinite(x)) throw rangeError(`Expected a finite number for ${field} in ${source} but received ${token}`);
  return x;
}

/** The first token of both formats: n, a positive integer. */
function sizeAt(tokens: readonly string[], source: string): number {
  const n = numberAt(tokens, 0, 'n', source);
  if (!Number.isSafeInteger(n) || n < 1) throw rangeError(`Expected a positive integer for n in ${source} but received ${n}`);
  return n;
}

/**
 * Parses a QAPLIB .dat: n, then A (n x n), then B (n x n).
 * @throws TypeError for a token that is not a number; RangeError for a bad n, a non-finite entry, or a token
 * count other than 1 + 2 n^2 (the message names the file and the field).
 */
export function parseQaplibDat(text: string, source = 'input.dat'): QapInstance {
  const tokens = tokenize(text);
  const n = sizeAt(tokens, source);
  const size = n * n;
  // Checked before allocating, so a corrupt n cannot ask for a huge matrix.
  if (tokens.length - 1 !== 2 * size) throw rangeError(`Expected ${2 * size} numbers after n in ${source} but received ${tokens.length - 1}`);
  const flow = new Float64Array(size);
  const distance = new Float64Array(size);
  for (let k = 0; k < size; k++) flow[k] = numberAt(tokens, 1 + k, `flow[${Math.floor(k / n)}][${k % n}]`, source);
  for (let k = 0; k < size; k++) distance[k] = numberAt(tokens, 1 + size + k, `distance[${Math.floor(k / n)}][${k % n}]`, source);
  return { n, flow, distance };
}

/**
 * Parses a QAPLIB .sln: n, the objective value, then sigma(1..n) as locations numbered from `indexBase`.
 * Returns the permutation 0-based.
 * @throws TypeError for a token that is not a number; RangeError for a bad n or value, a token count other
 * than 2 + n, or a permutation entry that is not an integer in range or that repeats.
 */
export function parseQaplibSln(text: string, source = 'input.sln', options: SlnOptions = {}): QapSolution {
  const base = options.indexBase ?? 1;
  if (base !== 0 && base !== 1) throw rangeError(`Expected 0 or 1 for options.indexBase of ${source} but received ${String(base)}`);
  const tokens = tokenize(text);
  const n = sizeAt(tokens, source);
  const value = numberAt(tokens, 1, 'value', source);
  if (tokens.length - 2 !== n) throw rangeError(`Expected ${n} numbers after n and value in ${source} but received ${tokens.length - 2}`);
  const range = base === 1 ? '1..n' : '0..n-1';
  const permutation = new Int32Array(n);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Messages quote the file's own numbering so the offending value can be found in the file.
    const p = numberAt(tokens, 2 + i, `permutation[${i}]`, source);
    if (!Number.isInteger(p)) throw rangeError(`Expected a permutation of ${range} in ${source} but value ${p} is not an integer`);
    const location = p - base;
    if (location < 0 || location >= n) throw rangeError(`Expected a permutation of ${range} in ${source} but value ${p} is outside ${base}..${n - 1 + base}`);
    if (seen[location]) throw rangeError(`Expected a permutation of ${range} in ${source} but value ${p} repeats`);
    seen[location] = 1;
    permutation[i] = location;
  }
  return { n, value, permutation };
}

/**
 * Reads a QAPLIB .dat file: n, then the flow matrix A (n x n), then the distance matrix B (n x n).
 * @param path - the file; error messages name it.
 * @returns n and A, B as row-major Float64Arrays, ready for `solveQap` or `qapModel`.
 * @example
 * ```ts
 * import { readQaplibDat } from 'discrete-ebm';
 * const { n, flow, distance } = readQaplibDat('data/nug12.dat'); // n 12, flow.length 144
 * ```
 * @throws TypeError, code EBM_INVALID_INPUT, for a token that is not a number.
 * @throws RangeError, code EBM_INVALID_INPUT, for a bad n, a non-finite entry or a token count other than 1 + 2n^2
 * (the message names the file and the field).
 * @throws RangeError, code EBM_INVALID_INPUT, when the file cannot be read ("Cannot read QAPLIB .dat file ...").
 */
export function readQaplibDat(path: string): QapInstance {
  return parseQaplibDat(readTextFile(path, 'QAPLIB .dat'), basename(path));
}

/** Reads a QAPLIB .sln file; error messages name the file. */
export function readQaplibSln(path: string, options: SlnOptions = {}): QapSolution {
  return parseQaplibSln(readTextFile(path, 'QAPLIB .sln'), basename(path), options);
}

/** Checks that sigma is a permutation of 0..n-1 (an out-of-range index would silently read undefined). */
function requirePermutation(name: string, sigma: Int32Array, n: number): void {
  if (!(sigma instanceof Int32Array)) throw typeError(`Expected an Int32Array for ${name} but received ${typeof sigma}`);
  if (sigma.length !== n) throw rangeError(`Expected ${n} entries for ${name} but received ${sigma.length}`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = sigma[i]!;
    if (s < 0 || s >= n) throw rangeError(`Expected a permutation of 0..n-1 for ${name} but value ${s} is outside 0..${n - 1}`);
    if (seen[s]) throw rangeError(`Expected a permutation of 0..n-1 for ${name} but value ${s} repeats`);
    seen[s] = 1;
  }
}

/**
 * QAP objective: sum_ij flow[i][j] * distance[sigma[i]][sigma[j]], O(n^2).
 * @throws RangeError when the matrices are not n x n or sigma is not a permutation of 0..n-1.
 */
export function qapCost(flow: Float64Array, distance: Float64Array, n: number, sigma: Int32Array): number {
  if (!Number.isSafeInteger(n) || n < 1) throw rangeError(`Expected a positive integer for n but received ${n}`);
  requireSquareEntries(flow, n, 'flow');
  requireSquareEntries(distance, n, 'distance');
  requirePermutation('sigma', sigma, n);
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const flowRow = i * n;
    const distanceRow = sigma[i]! * n;  // row of B for item i's location
    for (let j = 0; j < n; j++) cost += flow[flowRow + j]! * distance[distanceRow + sigma[j]!]!;
  }
  return cost;
}

/** The inverse permutation: inverse[sigma[i]] = i (for .sln files that store sigma^-1). */
export function invertPermutation(sigma: Int32Array): Int32Array {
  requirePermutation('sigma', sigma, sigma.length);
  const inverse = new Int32Array(sigma.length);
  for (let i = 0; i < sigma.length; i++) inverse[sigma[i]!] = i;
  return inverse;
}
