/**
 * Linear assignment (Birkhoff MAP): the permutation x minimizing sum_i C[i][x(i)] for a square cost matrix,
 * exactly (native Jonker-Volgenant shortest augmenting paths, dense float64; lap.hpp).
 *
 * Stopping (`signal`, `timeLimitMs`): the solver polls both inside its O(n^3) loops, so it stops within
 * milliseconds at any n, and returns the best it has rather than an error: its partial assignment (optimal on
 * the rows it holds) completed greedily, a permutation with its true cost, marked `stopped: 'aborted' |
 * 'deadline'`. Why not reject, as exact log Z does: an assignment cut short is still a feasible, usually good,
 * answer (a dispatcher with a deadline wants one), while a partial sum is no log Z at all; the library's rule is
 * that a stopped run returns its best-so-far and says so. Only `stopped: 'done'` is the proven optimum.
 */
import { native } from '../native.ts';
import { limits } from '../limits.ts';
import { readRows, requireFiniteEntries, type RowWording } from '../energies/matrix.ts';
import { invalidParameterError, rangeError, rejectUnknownKeys } from '../errors.ts';
import { cancelFlag, remainingSeconds, timeLimitSeconds, type Stopped } from '../cancel.ts';

export interface AssignOptions {
  /** Stop the solve; it returns at once with `stopped: 'aborted'` (assignAsync; assign runs on this thread). */
  signal?: AbortSignal;
  /** Wall-clock budget in milliseconds from the call; past it the solve returns with `stopped: 'deadline'`. */
  timeLimitMs?: number;
}

export interface AssignResult {
  /** sum_i C[i][assignment[i]], recomputed with compensated summation. */
  cost: number;
  /** Row i -> column. */
  assignment: Int32Array;
  /** 'done': the optimum. 'aborted' / 'deadline': stopped early, `assignment` is a greedy completion (not optimal). */
  stopped: Stopped;
  seconds: number;
}

const KEYS = ['signal', 'timeLimitMs'] as const;

/** Validates AssignOptions; the cancel flag wired to the signal, and the listener to remove afterwards. */
function stopOptions(options: AssignOptions): { cancel: Int32Array; dispose: () => void } {
  if (typeof options !== 'object' || options === null) throw invalidParameterError('options', 'object', options, 'type');
  rejectUnknownKeys('options', options, KEYS);
  timeLimitSeconds(options.timeLimitMs);
  const { flag, dispose } = cancelFlag(options.signal);
  return { cancel: flag, dispose };
}

/** assign's rows: any object with a length; a row of another length is a matrix that is not square. */
const SQUARE_ROWS: RowWording = {
  isRow: (row): row is ArrayLike<unknown> => row !== null && typeof row === 'object' && typeof (row as { length?: unknown }).length === 'number',
  wrongLength: (name, i, row, n) => rangeError(`Expected a square matrix for ${name} but row ${i} has ${row.length} entries for ${n} rows`),
};

/** A square matrix as row-major Float64Array: from rows (number[][]) or from { n, cost } already flat. */
export function squareCostMatrix(costMatrix: ArrayLike<ArrayLike<number>> | { n: number; cost: Float64Array }, name = 'cost'): { n: number; cost: Float64Array } {
  if (typeof costMatrix !== 'object' || costMatrix === null) throw invalidParameterError(name, 'square matrix (array of rows)', costMatrix, 'type');
  if ('cost' in costMatrix && costMatrix.cost instanceof Float64Array) {
    const { n, cost } = costMatrix;
    if (!Number.isInteger(n) || n < 1 || n > limits().permItems) throw invalidParameterError(`${name}.n`, `integer in [1, ${limits().permItems}]`, n);
    if (cost.length !== n * n) throw rangeError(`Expected a square matrix for ${name} but received ${cost.length} entries for n = ${n}`);
    requireFiniteEntries(cost, n, name);
    return { n, cost: requireFiniteCosts(cost, n, name) };
  }
  const rows = costMatrix as ArrayLike<ArrayLike<number>>;
  if (typeof rows.length !== 'number') throw invalidParameterError(name, 'square matrix (array of rows)', costMatrix, 'type');
  const n = rows.length;
  // An empty matrix has no assignment to report: it is almost always a file that lost its rows.
  if (n === 0) throw rangeError(`Expected a non-empty square matrix for ${name} but received 0 rows`);
  if (n > limits().permItems) throw invalidParameterError(`${name}.length`, `at most ${limits().permItems} rows`, n);
  return { n, cost: requireFiniteCosts(readRows(rows, n, name, SQUARE_ROWS), n, name) };
}

/**
 * Asserts every assignment's cost is finite: n * max |C| (twice, for the dual differences of the solver) within
 * Number.MAX_VALUE. Past it the sum overflows and the answer would print as cost null.
 */
function requireFiniteCosts(cost: Float64Array, n: number, name: string): Float64Array {
  let max = 0;
  for (let k = 0; k < cost.length; k++) max = Math.max(max, Math.abs(cost[k]!));
  if (!(2 * n * max <= Number.MAX_VALUE))
    throw rangeError(`Expected entries with 2 n max |C| <= ${Number.MAX_VALUE.toExponential(2)} for ${name} but max |C| = ${max} for n = ${n}: the assignment cost overflows`);
  return cost;
}

/**
 * Minimum-cost assignment of rows to columns (exact unless stopped), on the calling thread.
 * @param costMatrix - a square matrix: rows (number[][]) or `{ n, cost }` with cost a row-major Float64Array.
 * @param options - `timeLimitMs` (and `signal`, which can only stop it if already aborted: this thread is busy).
 * @returns `cost` = sum_i C[i][assignment[i]], `assignment` (row i -> column), `stopped` and `seconds`.
 * @example
 * ```ts
 * import { assign } from 'discrete-ebm';
 * const { cost, assignment } = assign([[4, 1, 3], [2, 0, 5], [3, 2, 2]]);
 * // cost 5 (1 + 2 + 2), assignment Int32Array [1, 0, 2]
 * ```
 * @throws RangeError, code EBM_INVALID_INPUT, when the matrix is empty or not square (a row of another length, or
 * cost.length !== n * n) or has a non-finite entry, e.g. "Expected a square matrix for cost but row 0 has 3
 * entries for 2 rows".
 * @throws TypeError, code EBM_INVALID_INPUT, when it is not an array of rows or an entry is not a number.
 */
export function assign(costMatrix: ArrayLike<ArrayLike<number>> | { n: number; cost: Float64Array }, options: AssignOptions = {}): AssignResult {
  const startedAt = performance.now();
  const { cancel, dispose } = stopOptions(options);
  try {
    const problem = squareCostMatrix(costMatrix);  // the deadline counts this check of n^2 entries too
    const r = native().lapSolveSync(problem, { cancel, timeLimit: remainingSeconds(options.timeLimitMs, startedAt) });
    return { cost: r.cost, assignment: r.assignment, stopped: r.stopped, seconds: r.seconds };
  } finally {
    dispose();
  }
}

/**
 * The same as `assign` on the libuv thread pool, for large matrices: the event loop stays free, and `signal`
 * stops the solve within milliseconds (it resolves with a greedy completion, `stopped: 'aborted'`).
 * @param costMatrix - a square matrix: rows (number[][]) or `{ n, cost }` with cost a row-major Float64Array.
 * @param options - `signal`, `timeLimitMs`.
 * @returns a Promise of `cost`, `assignment` (row i -> column), `stopped` and `seconds`.
 * @example
 * ```ts
 * import { assignAsync } from 'discrete-ebm';
 * const n = 1000;
 * const cost = Float64Array.from({ length: n * n }, () => Math.random()); // row-major
 * const r = await assignAsync({ n, cost }); // r.cost about 1.6 (random uniform costs: near zeta(2))
 * ```
 * @throws (the Promise rejects) RangeError, code EBM_INVALID_INPUT, when the matrix is empty or not square or has
 * a non-finite entry.
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when it is not an array of rows or an entry is
 * not a number.
 */
export async function assignAsync(costMatrix: ArrayLike<ArrayLike<number>> | { n: number; cost: Float64Array }, options: AssignOptions = {}): Promise<AssignResult> {
  const startedAt = performance.now();
  const { cancel, dispose } = stopOptions(options);
  try {
    const problem = squareCostMatrix(costMatrix);  // the deadline counts this check of n^2 entries too
    const r = await native().lapSolve(problem, { cancel, timeLimit: remainingSeconds(options.timeLimitMs, startedAt) });
    return { cost: r.cost, assignment: r.assignment, stopped: r.stopped, seconds: r.seconds };
  } finally {
    dispose();
  }
}
