/**
 * n x n matrices of finite numbers, row-major: the one validator behind model files (linear, qap, dense
 * couplings), the assignment front door and the QAP readers. An entry is always named `${name}[i][j]`; a
 * caller whose wording of a wrong row differs passes its own `RowWording` (tests assert exact messages).
 */
import { invalidParameterError, rangeError, requireNumber } from '../errors.ts';

export function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** One finite matrix entry; the entry's name is built only for the error (n^2 calls per matrix). */
function entry(v: unknown, name: string, i: number, j: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : requireNumber(`${name}[${i}][${j}]`, v);
}

/** What counts as a row, and the error for a row of another length. */
export interface RowWording {
  isRow(row: unknown): row is ArrayLike<unknown>;
  wrongLength(name: string, i: number, row: ArrayLike<unknown>, n: number): Error;
}

/** Model-file fields: rows are arrays or typed arrays, a short row is a wrong field value. */
const FIELD_ROWS: RowWording = {
  isRow: isArrayLike,
  wrongLength: (name, i, row, n) => invalidParameterError(`${name}[${i}]`, `row of ${n} numbers`, row),
};

/** n rows of n finite numbers, copied row-major. */
export function readRows(rows: ArrayLike<unknown>, n: number, name: string, wording: RowWording = FIELD_ROWS): Float64Array {
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!wording.isRow(row)) throw invalidParameterError(`${name}[${i}]`, `row of ${n} numbers`, row, 'type');
    if (row.length !== n) throw wording.wrongLength(name, i, row, n);
    for (let j = 0; j < n; j++) M[i * n + j] = entry(row[j], name, i, j);
  }
  return M;
}

/** An n x n matrix given as n rows or n*n row-major numbers, all finite. */
export function readMatrix(value: unknown, n: number, name: string): Float64Array {
  if (!isArrayLike(value)) throw invalidParameterError(name, `${n} x ${n} matrix`, value, 'type');
  if (value.length === n * n && (n === 1 || !isArrayLike(value[0]))) {
    const M = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) M[k] = entry(value[k], name, Math.floor(k / n), k % n);
    return M;
  }
  if (value.length !== n) throw invalidParameterError(name, `${n} rows`, value);
  return readRows(value, n, name);
}

/** Asserts a flat row-major matrix holds n * n entries. */
export function requireSquareEntries(M: ArrayLike<number>, n: number, name: string): void {
  if (M.length !== n * n) throw rangeError(`Expected ${n * n} entries for ${name} but received ${M.length}`);
}

/** Asserts every entry of a flat row-major n x n matrix is finite (no copy). */
export function requireFiniteEntries(M: ArrayLike<number>, n: number, name: string): void {
  for (let k = 0; k < M.length; k++) if (!Number.isFinite(M[k]!)) throw invalidParameterError(`${name}[${Math.floor(k / n)}][${k % n}]`, 'finite number', M[k]);
}

/** The rows of a row-major n x n matrix (the model-file form). */
export function matrixRows(M: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(M.subarray(i * n, (i + 1) * n)));
}
