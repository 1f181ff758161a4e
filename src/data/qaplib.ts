/**
 * QAPLIB quadratic assignment instances (.dat) and solutions (.sln).
 *
 * Objective (QAPLIB convention): cost(sigma) = sum_ij A[i][j] * B[sigma(i)][sigma(j)], A the "flow" between
 * items, B the "distance" between locations, sigma[i] = location of item i (0-based here, 1-based in files).
 *
 * Traps handled (see shared/data/SOURCES.md): line breaks carry no meaning (CRLF endings, long rows wrapped,
 * blank lines) and ste36a.sln separates its permutation with commas, so files are read as a stream of numbers
 * split on whitespace and commas (src/data/numbers.ts, chunk by chunk: a .dat of n = 2000 is 30 MB). Some published .sln files store the inverse permutation or are 0-based;
 * `parseQaplibSln` takes `indexBase`, and `invertPermutation` converts the inverse convention. The header value
 * of a .sln is returned as written (it is not always the value of its own permutation: kra32.sln says 88900,
 * its permutation gives 88700).
 */
import { basename } from 'node:path';
import { quote, rangeError, typeError } from '../errors.ts';
import { checkDeclaredMemory, Column, maxTokens, readNumbers, readNumbersAsync, STREAM_CAPACITY, type NumberFormat, type Token } from './numbers.ts';
import { fileSize, maxInputBytes, readChunks } from './readText.ts';
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

/**
 * A number of either format: a token that is not a number is a TypeError; one that parses to a non-finite value
 * (`Infinity`, `1e999`, `NaN`) is a RangeError. `token` undefined: the file ended before it.
 */
function qapNumber(x: number, token: Token | undefined, field: string, source: string): number {
  if (token === undefined) throw rangeError(`Expected a number for ${field} in ${source} but received end of file`);
  // parseDecimal: Number('0x10') and Number('') are numbers but not QAPLIB notation; only decimal literals are.
  if (Number.isNaN(x)) {
    const text = token.text();
    if (/^[+-]?(Infinity|NaN)$/.test(text)) throw rangeError(`Expected a finite number for ${field} in ${source} but received ${text}`);
    throw typeError(`Expected a number for ${field} in ${source} but received ${quote(text)}`);
  }
  if (!Number.isFinite(x)) throw rangeError(`Expected a finite number for ${field} in ${source} but received ${token.text()}`);
  return x;
}

/** The first token of both formats: n, a positive integer. */
function requireN(x: number, token: Token, source: string): number {
  const n = qapNumber(x, token, 'n', source);
  if (!Number.isSafeInteger(n) || n < 1) throw rangeError(`Expected a positive integer for n in ${source} but received ${n}`);
  return n;
}

/**
 * A .dat as a stream of numbers: n, A, B. Errors come in the order the whole-text parser gave them: a bad n at
 * once, then a count other than 1 + 2 n^2, then the first bad entry (remembered until the count is known).
 */
class DatFormat implements NumberFormat<QapInstance> {
  readonly commas = true;
  private n = 0;
  /** The entries so far (sized by the header). */
  private flow = new Column((k) => new Float64Array(k), 0, 0);
  private distance = new Column((k) => new Float64Array(k), 0, 0);
  private failure: Error | undefined;

  /** @param size - the input's bytes when known (a file, a string), undefined for a stream. */
  constructor(private readonly source: string, private readonly size: number | undefined) {}

  token(k: number, x: number, token: Token): void {
    const { n, source } = this;
    if (k === 0) return this.header(requireN(x, token, source));
    const entry = k - 1;
    if (this.failure !== undefined || entry >= 2 * n * n) return;  // only counted
    if (Number.isFinite(x)) (entry < n * n ? this.flow : this.distance).push(x);
    else {
      // The field's name is built only for the message.
      const [matrix, e] = entry < n * n ? ['flow', entry] : ['distance', entry - n * n];
      try {
        qapNumber(x, token, `${matrix}[${Math.floor(e / n)}][${e % n}]`, source);
      } catch (error) {
        this.failure = error as Error;
      }
    }
  }

  private header(n: number): void {
    this.n = n;
    const size = n * n;
    // Room for the entries the input can hold (a stream: up to the size limit, allocated as it comes).
    const entries = maxTokens(this.size ?? maxInputBytes()) - 1;
    if (2 * size <= entries) checkDeclaredMemory('QAPLIB .dat', this.source, `n = ${n}`, 16 * size);
    const stream = this.size === undefined;
    this.flow = new Column((k) => new Float64Array(k), stream ? STREAM_CAPACITY : entries, size);
    this.distance = new Column((k) => new Float64Array(k), stream ? STREAM_CAPACITY : entries - size, size);
  }

  finish(count: number): QapInstance {
    const { n, source } = this;
    if (count === 0) qapNumber(NaN, undefined, 'n', source);
    if (count - 1 !== 2 * n * n) throw rangeError(`Expected ${2 * n * n} numbers after n in ${source} but received ${count - 1}`);
    if (this.failure !== undefined) throw this.failure;
    return { n, flow: this.flow.values(), distance: this.distance.values() };
  }
}

/** A .sln as a stream of numbers: n, the value, then sigma, checked at the end (a .sln is short). */
class SlnFormat implements NumberFormat<QapSolution> {
  readonly commas = true;
  private n = 0;
  private value = 0;
  private entries = new Column((k) => new Float64Array(k), 0, 0);
  /** The first entry that is not a number, and its error. */
  private failure: { at: number; error: Error } | undefined;

  constructor(private readonly source: string, private readonly base: 0 | 1) {}

  token(k: number, x: number, token: Token): void {
    if (k === 0) {
      this.n = requireN(x, token, this.source);
      this.entries = new Column((k) => new Float64Array(k), 0, this.n);  // grown as entries come
    } else if (k === 1) this.value = qapNumber(x, token, 'value', this.source);
    else if (this.failure === undefined && k - 2 < this.n) {
      try {
        this.entries.push(qapNumber(x, token, `permutation[${k - 2}]`, this.source));
      } catch (error) {
        this.failure = { at: k - 2, error: error as Error };
      }
    }
  }

  finish(count: number): QapSolution {
    const { n, base, source } = this;
    if (count < 2) qapNumber(NaN, undefined, count === 0 ? 'n' : 'value', source);
    if (count - 2 !== n) throw rangeError(`Expected ${n} numbers after n and value in ${source} but received ${count - 2}`);
    const range = base === 1 ? '1..n' : '0..n-1';
    const entries = this.entries.values();
    const permutation = new Int32Array(n);
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (i === this.failure?.at) throw this.failure.error;
      // Messages quote the file's own numbering so the offending value can be found in the file.
      const p = entries[i]!;
      if (!Number.isInteger(p)) throw rangeError(`Expected a permutation of ${range} in ${source} but value ${p} is not an integer`);
      const location = p - base;
      if (location < 0 || location >= n) throw rangeError(`Expected a permutation of ${range} in ${source} but value ${p} is outside ${base}..${n - 1 + base}`);
      if (seen[location]) throw rangeError(`Expected a permutation of ${range} in ${source} but value ${p} repeats`);
      seen[location] = 1;
      permutation[i] = location;
    }
    return { n, value: this.value, permutation };
  }
}

/** The bytes of a string, as one chunk. */
function textChunks(text: string): { chunks: Uint8Array[]; size: number } {
  const bytes = Buffer.from(text);
  return { chunks: [bytes], size: bytes.length };
}

/**
 * Parses a QAPLIB .dat: n, then A (n x n), then B (n x n).
 * @throws TypeError for a token that is not a number; RangeError for a bad n, a non-finite entry, or a token
 * count other than 1 + 2 n^2 (the message names the file and the field).
 */
export function parseQaplibDat(text: string, source = 'input.dat'): QapInstance {
  const { chunks, size } = textChunks(text);
  return parseQaplibDatChunks(chunks, source, size);
}

/** A .dat from chunks of its bytes (a file's, in tests cut anywhere); `size` is their total when known. */
export function parseQaplibDatChunks(chunks: Iterable<Uint8Array>, source: string, size?: number): QapInstance {
  return readNumbers(new DatFormat(source, size), chunks);
}

/** A .dat from a stream (stdin), chunk by chunk as it comes. */
export function parseQaplibDatStream(chunks: AsyncIterable<Uint8Array>, source: string): Promise<QapInstance> {
  return readNumbersAsync(new DatFormat(source, undefined), chunks);
}

/**
 * Parses a QAPLIB .sln: n, the objective value, then sigma(1..n) as locations numbered from `indexBase`.
 * Returns the permutation 0-based.
 * @throws TypeError for a token that is not a number; RangeError for a bad n or value, a token count other
 * than 2 + n, or a permutation entry that is not an integer in range or that repeats.
 */
export function parseQaplibSln(text: string, source = 'input.sln', options: SlnOptions = {}): QapSolution {
  return parseQaplibSlnChunks(textChunks(text).chunks, source, options);
}

function parseQaplibSlnChunks(chunks: Iterable<Uint8Array>, source: string, options: SlnOptions): QapSolution {
  const base = options.indexBase ?? 1;
  if (base !== 0 && base !== 1) throw rangeError(`Expected 0 or 1 for options.indexBase of ${source} but received ${String(base)}`);
  return readNumbers(new SlnFormat(source, base), chunks);
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
  return parseQaplibDatChunks(readChunks(path, 'QAPLIB .dat'), basename(path), fileSize(path));
}

/** Reads a QAPLIB .sln file; error messages name the file. */
export function readQaplibSln(path: string, options: SlnOptions = {}): QapSolution {
  return parseQaplibSlnChunks(readChunks(path, 'QAPLIB .sln'), basename(path), options);
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
