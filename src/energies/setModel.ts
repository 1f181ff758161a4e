/**
 * Set models: y in {0,1}^n, E(y) = sum_i h_i y_i + sum_{i<j} W_ij y_i y_j, optionally |y| = k and clamped
 * items. Built from the JSON model file (format "ebm-model/1") or from typed arrays, validated field by field,
 * and laid out for the addon (CSR with both directions of every edge, or dense row-major).
 */
import type { EnergyModel } from './energy.ts';
import type { NativeSetModel } from '../native.ts';
import { describe, invalidParameterError, isFiniteNumber, isInteger, quote, rejectUnknownKeys, requireInteger, requireNumber, rangeError } from '../errors.ts';
import { clampItem, clampToJson } from './clamp.ts';
import { limits } from '../limits.ts';
import { isArrayLike, matrixRows, readMatrix } from './matrix.ts';


export type SetCouplings =
  | { kind: 'dense'; W: Float64Array } // n*n, symmetric, zero diagonal
  | { kind: 'sparse'; rowPtr: Int32Array; col: Int32Array; weight: Float64Array }; // both directions stored

export class SetModel implements EnergyModel<ArrayLike<number>> {
  readonly space = 'set' as const;
  constructor(
    readonly n: number,
    readonly beta: number,
    readonly unary: Float64Array,
    readonly couplings: SetCouplings,
    /** Required |y|, or null. */
    readonly cardinality: number | null,
    /** Per item: -1 free, 0 or 1 fixed; null when nothing is clamped. */
    readonly clamp: Int8Array | null,
  ) {}

  energy(y: ArrayLike<number>): number {
    let e = 0;
    for (let i = 0; i < this.n; i++) if (y[i]) e += this.unary[i]!;
    const c = this.couplings;
    if (c.kind === 'dense') {
      for (let i = 0; i < this.n; i++) {
        if (!y[i]) continue;
        for (let j = i + 1; j < this.n; j++) if (y[j]) e += c.W[i * this.n + j]!;
      }
    } else {
      for (let i = 0; i < this.n; i++) {
        if (!y[i]) continue;
        for (let p = c.rowPtr[i]!; p < c.rowPtr[i + 1]!; p++) if (c.col[p]! > i && y[c.col[p]!]) e += c.weight[p]!;
      }
    }
    return e;
  }

  admissible(y: ArrayLike<number>): boolean {
    if (y.length !== this.n) return false;
    let ones = 0;
    for (let i = 0; i < this.n; i++) {
      if (y[i] !== 0 && y[i] !== 1) return false;
      ones += y[i]!;
      if (this.clamp && this.clamp[i]! >= 0 && this.clamp[i] !== y[i]) return false;
    }
    return this.cardinality === null || ones === this.cardinality;
  }

  /** Number of admissible states, as a log (the beta = 0 end of a tempering ladder). */
  logAdmissibleCount(): number {
    let free = 0;
    let ones = 0;
    for (let i = 0; i < this.n; i++) {
      const c = this.clamp ? this.clamp[i]! : -1;
      if (c < 0) free++;
      else ones += c;
    }
    if (this.cardinality === null) return free * Math.LN2;
    return logChoose(free, this.cardinality - ones);
  }

  /** The addon's view (no copies). */
  toNative(): NativeSetModel {
    const base: NativeSetModel = { n: this.n, unary: this.unary, cardinality: this.cardinality ?? -1 };
    if (this.clamp) base.clamp = this.clamp;
    if (this.couplings.kind === 'dense') base.dense = this.couplings.W;
    else Object.assign(base, { rowPtr: this.couplings.rowPtr, col: this.couplings.col, weight: this.couplings.weight });
    return base;
  }
}

export function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

export interface SetModelArrays {
  n: number;
  beta?: number;
  unary?: ArrayLike<number>;
  /** Edges [i, j, w] (0-based, i != j); repeated pairs add up. */
  edges?: ArrayLike<readonly [number, number, number]>;
  /** Dense symmetric n x n couplings with zero diagonal, row-major or as rows. */
  dense?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  cardinality?: number | null;
  /** Item -> 0/1, as an object or a per-item array with -1 for free. */
  clamp?: Record<string, number> | ArrayLike<number>;
}

/**
 * Builds and validates a set model from arrays: E(y) = sum_i h_i y_i + sum_{i<j} W_ij y_i y_j over y in {0,1}^n,
 * optionally with |y| = cardinality and clamped items.
 * @param spec - `n`, and optionally `beta` (default 1), `unary` h, `edges` [i, j, w] or `dense` W, `cardinality`,
 * `clamp` (item -> 0/1).
 * @param name - the name error messages give the spec (default 'model').
 * @example
 * ```ts
 * import { setModel } from 'discrete-ebm';
 * const model = setModel({
 *   n: 4, unary: [0.5, -1, 0.2, 0], edges: [[0, 1, 1.5], [2, 3, -0.7]], cardinality: 2, clamp: { 3: 1 },
 * });
 * model.energy([0, 1, 0, 1]); // -1
 * model.admissible([1, 1, 0, 0]); // false: item 3 is clamped to 1
 * ```
 * @throws RangeError, code EBM_INVALID_INPUT, naming the field, e.g. "Expected finite number for model.unary[1]
 * but received NaN": n out of range, a non-finite weight, an edge endpoint out of range or a self-loop, a
 * non-symmetric dense matrix, both edges and dense, a cardinality the clamps make impossible.
 * @throws TypeError, code EBM_INVALID_INPUT, when a field has the wrong type (e.g. unary not an array).
 */
export function setModel(spec: SetModelArrays, name = 'model'): SetModel {
  if (typeof spec !== 'object' || spec === null) throw invalidParameterError(name, 'object', spec, 'type');
  const n = requireInteger(`${name}.n`, spec.n, 1, limits().setItems);
  const beta = spec.beta === undefined ? 1 : requireNumber(`${name}.beta`, spec.beta, 0);
  const unary = new Float64Array(n);
  if (spec.unary !== undefined) {
    if (!isArrayLike(spec.unary)) throw invalidParameterError(`${name}.unary`, `array of ${n} finite numbers`, spec.unary, 'type');
    if (spec.unary.length !== n) throw invalidParameterError(`${name}.unary`, `array of length ${n}`, spec.unary);
    for (let i = 0; i < n; i++) unary[i] = requireNumber(`${name}.unary[${i}]`, spec.unary[i]);
  }
  if (spec.edges !== undefined && spec.dense !== undefined) throw rangeError(`Expected either edges or dense for ${name}, not both`);
  const couplings = spec.dense !== undefined ? denseCouplings(spec.dense, n, `${name}.dense`) : sparseCouplings(spec.edges ?? [], n, `${name}.edges`);
  const clamp = spec.clamp === undefined ? null : readClamp(spec.clamp, n, `${name}.clamp`);
  let cardinality: number | null = null;
  if (spec.cardinality !== undefined && spec.cardinality !== null) {
    cardinality = requireInteger(`${name}.cardinality`, spec.cardinality, 0, n);
    let ones = 0;
    let free = 0;
    for (let i = 0; i < n; i++) {
      const c = clamp ? clamp[i]! : -1;
      if (c < 0) free++;
      else ones += c;
    }
    if (cardinality < ones || cardinality > ones + free)
      throw rangeError(`Expected cardinality in [${ones}, ${ones + free}] given the clamped items for ${name}.cardinality but received ${cardinality}`);
  }
  return new SetModel(n, beta, unary, couplings, cardinality, clamp);
}

function denseCouplings(dense: unknown, n: number, name: string): SetCouplings {
  if (n > limits().denseItems) throw invalidParameterError('n', `at most ${limits().denseItems} items with dense couplings`, n);
  const W = readMatrix(dense, n, name);
  for (let i = 0; i < n; i++) {
    if (W[i * n + i] !== 0) throw invalidParameterError(`${name}[${i}][${i}]`, 'zero diagonal', W[i * n + i]);
    for (let j = i + 1; j < n; j++)
      if (W[i * n + j] !== W[j * n + i])
        throw rangeError(`Expected symmetric matrix for ${name} but ${name}[${i}][${j}] = ${W[i * n + j]} and ${name}[${j}][${i}] = ${W[j * n + i]}`);
  }
  return { kind: 'dense', W };
}

function sparseCouplings(edges: unknown, n: number, name: string): SetCouplings {
  if (!isArrayLike(edges)) throw invalidParameterError(name, 'array of [i, j, w] edges', edges, 'type');
  // Sum repeated pairs, then store both directions in CSR.
  const merged = new Map<number, number>();
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e];
    if (!isArrayLike(edge) || edge.length !== 3) throw invalidParameterError(`${name}[${e}]`, '[i, j, w]', edge, 'type');
    const i = edge[0];
    const j = edge[1];
    if (!isInteger(i) || i < 0 || i >= n) throw invalidParameterError(`${name}[${e}][0]`, `integer in [0, ${n - 1}]`, i);
    if (!isInteger(j) || j < 0 || j >= n) throw invalidParameterError(`${name}[${e}][1]`, `integer in [0, ${n - 1}]`, j);
    if (i === j) throw invalidParameterError(`${name}[${e}]`, 'i != j (no self-loops)', `${i} = ${j}`);
    const w = edge[2];
    if (!isFiniteNumber(w)) throw invalidParameterError(`${name}[${e}][2]`, 'finite number', w, typeof w === 'number' ? 'range' : 'type');
    const key = Math.min(i, j) * n + Math.max(i, j);
    merged.set(key, (merged.get(key) ?? 0) + w);
  }
  const degree = new Int32Array(n);
  for (const key of merged.keys()) {
    degree[Math.floor(key / n)]!++;
    degree[key % n]!++;
  }
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + degree[i]!;
  const fill = rowPtr.slice(0, n);
  const col = new Int32Array(rowPtr[n]!);
  const weight = new Float64Array(rowPtr[n]!);
  for (const [key, w] of merged) {
    const i = Math.floor(key / n);
    const j = key % n;
    col[fill[i]!] = j;
    weight[fill[i]!++] = w;
    col[fill[j]!] = i;
    weight[fill[j]!++] = w;
  }
  return { kind: 'sparse', rowPtr, col, weight };
}

function readClamp(clamp: unknown, n: number, name: string): Int8Array {
  const out = new Int8Array(n).fill(-1);
  if (isArrayLike(clamp)) {
    if (clamp.length !== n) throw invalidParameterError(name, `array of length ${n}`, clamp);
    for (let i = 0; i < n; i++) {
      const v = clamp[i];
      if (v !== -1 && v !== 0 && v !== 1) throw invalidParameterError(`${name}[${i}]`, '-1 (free), 0 or 1', v);
      out[i] = v;
    }
    return out;
  }
  if (typeof clamp !== 'object' || clamp === null) throw invalidParameterError(name, 'object {item: 0|1}', clamp, 'type');
  for (const [key, v] of Object.entries(clamp)) {
    const i = clampItem(key, n, name);
    if (v !== 0 && v !== 1) throw invalidParameterError(`${name}[${quote(key)}]`, '0 or 1', v);
    out[i] = v;
  }
  return out;
}

/** The model-file form of a set model ("ebm-model/1"), validated including unknown keys. */
export function setModelFromJson(json: Record<string, unknown>, name = 'model'): SetModel {
  rejectUnknownKeys(name, json, ['format', 'space', 'n', 'beta', 'cardinality', 'unary', 'pairwise', 'clamp']);
  const spec: SetModelArrays = { n: json.n as number };
  if (json.beta !== undefined) spec.beta = json.beta as number;
  if (json.unary !== undefined) spec.unary = json.unary as number[];
  if (json.cardinality !== undefined) spec.cardinality = json.cardinality as number;
  if (json.clamp !== undefined) spec.clamp = json.clamp as Record<string, number>;
  if (json.pairwise !== undefined) {
    const p = json.pairwise;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalidParameterError(`${name}.pairwise`, '{ edges } or { dense }', p, 'type');
    rejectUnknownKeys(`${name}.pairwise`, p, ['edges', 'dense']);
    const q = p as { edges?: unknown; dense?: unknown };
    if (q.edges !== undefined) spec.edges = q.edges as [number, number, number][];
    if (q.dense !== undefined) spec.dense = q.dense as number[][];
    if (q.edges === undefined && q.dense === undefined) throw rangeError(`Expected edges or dense in ${name}.pairwise`);
  }
  return setModel(spec, name);
}

/** The model-file JSON of a set model (inverse of setModelFromJson). */
export function setModelToJson(m: SetModel): Record<string, unknown> {
  const out: Record<string, unknown> = { format: 'ebm-model/1', space: 'set', n: m.n, beta: m.beta };
  if (m.cardinality !== null) out.cardinality = m.cardinality;
  out.unary = Array.from(m.unary);
  const c = m.couplings;
  if (c.kind === 'dense') {
    out.pairwise = { dense: matrixRows(c.W, m.n) };
  } else {
    const edges: [number, number, number][] = [];
    for (let i = 0; i < m.n; i++) for (let p = c.rowPtr[i]!; p < c.rowPtr[i + 1]!; p++) if (c.col[p]! > i) edges.push([i, c.col[p]!, c.weight[p]!]);
    out.pairwise = { edges };
  }
  if (m.clamp) out.clamp = clampToJson(m.clamp);
  return out;
}
