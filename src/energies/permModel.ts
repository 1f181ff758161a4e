/**
 * Permutation models: sigma in S_n with sigma[i] = slot (position, location) of item i, 0-based, and
 *   E(sigma) = sum_i C[i][sigma(i)]                      linear (Birkhoff; permutahedron: C[i][j] = -theta_i w_j)
 *            + sum_ij A[i][j] * B[sigma(i)][sigma(j)]    quadratic assignment (QAPLIB convention)
 * with either part optional and clamped items (item -> fixed slot). Built from the JSON model file (format
 * "ebm-model/1", "space": "permutation") or from arrays, validated field by field, laid out row-major for the
 * addon.
 */
import type { EnergyModel } from './energy.ts';
import type { NativePermModel } from '../native.ts';
import { describe, invalidParameterError, quote, rejectUnknownKeys, requireInteger, requireNumber, rangeError } from '../errors.ts';
import { clampItem, clampToJson } from './clamp.ts';
import { isArrayLike, matrixRows, readMatrix } from './matrix.ts';

// readMatrix was first exported from here; it stays importable from this module.
export { readMatrix } from './matrix.ts';
import { limits } from '../limits.ts';


export class PermModel implements EnergyModel<ArrayLike<number>> {
  readonly space = 'permutation' as const;
  constructor(
    readonly n: number,
    readonly beta: number,
    /** C, n*n row-major (item, slot), or null. */
    readonly linear: Float64Array | null,
    /** A (flow, item x item) and B (distance, slot x slot), n*n row-major, or null. */
    readonly flow: Float64Array | null,
    readonly distance: Float64Array | null,
    /** Per item: fixed slot or -1; null when nothing is clamped. */
    readonly clamp: Int32Array | null,
  ) {}

  energy(sigma: ArrayLike<number>): number {
    const n = this.n;
    let e = 0;
    if (this.linear) for (let i = 0; i < n; i++) e += this.linear[i * n + sigma[i]!]!;
    if (this.flow && this.distance) {
      for (let i = 0; i < n; i++) {
        const row = sigma[i]! * n;
        for (let j = 0; j < n; j++) e += this.flow[i * n + j]! * this.distance[row + sigma[j]!]!;
      }
    }
    return e;
  }

  admissible(sigma: ArrayLike<number>): boolean {
    if (sigma.length !== this.n) return false;
    const seen = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const s = sigma[i]!;
      if (!Number.isInteger(s) || s < 0 || s >= this.n || seen[s]) return false;
      seen[s] = 1;
      if (this.clamp && this.clamp[i]! >= 0 && this.clamp[i] !== s) return false;
    }
    return true;
  }

  /** Items that may move. */
  freeCount(): number {
    if (!this.clamp) return this.n;
    let free = 0;
    for (const c of this.clamp) if (c < 0) free++;
    return free;
  }

  /** log of the number of admissible permutations, log((n - #clamped)!): the beta = 0 end of a ladder. */
  logAdmissibleCount(): number {
    return logFactorial(this.freeCount());
  }

  /** The addon's view (no copies). */
  toNative(): NativePermModel {
    const out: NativePermModel = { n: this.n };
    if (this.linear) out.linear = this.linear;
    if (this.flow && this.distance) {
      out.flow = this.flow;
      out.distance = this.distance;
    }
    if (this.clamp) out.clamp = this.clamp;
    return out;
  }
}

export interface PermModelArrays {
  n: number;
  beta?: number;
  /** C: n x n, as rows or row-major; E += sum_i C[i][sigma(i)]. */
  linear?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** A (flow between items) and B (distance between slots), both n x n; E += sum_ij A[i][j] B[sigma i][sigma j]. */
  qap?: { flow: ArrayLike<number> | ArrayLike<ArrayLike<number>>; distance: ArrayLike<number> | ArrayLike<ArrayLike<number>> };
  /** Item -> slot, as an object {"2": 4} or a per-item array with -1 for free. */
  clamp?: Record<string, number> | ArrayLike<number>;
}

/** log(k!) = sum_{i=2..k} log i (k! is the number of permutations of k items). */
export function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/**
 * Builds and validates a permutation model over sigma (item -> slot, 0-based): E(sigma) = sum_i C[i][sigma(i)]
 * + sum_ij A[i][j] B[sigma(i)][sigma(j)], either part optional, with clamped items.
 * @param spec - `n`, and optionally `beta` (default 1), `linear` C, `qap` { flow A, distance B } (n x n, as rows
 * or row-major), `clamp` (item -> slot).
 * @param name - the name error messages give the spec (default 'model').
 * @example
 * ```ts
 * import { permModel } from 'discrete-ebm';
 * const model = permModel({ n: 3, linear: [[0, 1, 2], [1, 0, 1], [2, 1, 0]], clamp: { 2: 2 } });
 * model.energy([1, 0, 2]); // C[0][1] + C[1][0] + C[2][2] = 2
 * model.admissible([2, 1, 0]); // false: item 2 is clamped to slot 2
 * ```
 * @throws RangeError, code EBM_INVALID_INPUT, naming the field: n out of range, a matrix that is not n x n, a
 * non-finite entry, qap without both flow and distance, a clamp slot out of range or used twice.
 * @throws TypeError, code EBM_INVALID_INPUT, when a field has the wrong type (e.g. linear not an array).
 */
export function permModel(spec: PermModelArrays, name = 'model'): PermModel {
  if (typeof spec !== 'object' || spec === null) throw invalidParameterError(name, 'object', spec, 'type');
  const n = requireInteger(`${name}.n`, spec.n, 1, limits().permItems);
  const beta = spec.beta === undefined ? 1 : requireNumber(`${name}.beta`, spec.beta, 0);
  const linear = spec.linear === undefined ? null : readMatrix(spec.linear, n, `${name}.linear`);
  let flow: Float64Array | null = null;
  let distance: Float64Array | null = null;
  if (spec.qap !== undefined) {
    const q = spec.qap as unknown;
    if (typeof q !== 'object' || q === null || Array.isArray(q)) throw invalidParameterError(`${name}.qap`, '{ flow, distance }', q, 'type');
    rejectUnknownKeys(`${name}.qap`, q, ['flow', 'distance']);
    const { flow: f, distance: d } = q as { flow?: unknown; distance?: unknown };
    if (f === undefined || d === undefined) throw rangeError(`Expected both flow and distance in ${name}.qap`);
    flow = readMatrix(f, n, `${name}.qap.flow`);
    distance = readMatrix(d, n, `${name}.qap.distance`);
  }
  const clamp = spec.clamp === undefined ? null : readClamp(spec.clamp, n, `${name}.clamp`);
  return new PermModel(n, beta, linear, flow, distance, clamp);
}

/**
 * The permutahedron energy of a ranking: E(sigma) = -sum_i theta_i w_{sigma(i)}, a linear model with
 * C[i][j] = -theta_i w_j. Position weights w default to n-1, ..., 1, 0 (position 0 is the top), so the MAP
 * ranking sorts theta in decreasing order (`rank(theta)`).
 */
export function permutahedronModel(theta: ArrayLike<number>, options: { weights?: ArrayLike<number>; beta?: number } = {}): PermModel {
  if (!isArrayLike(theta)) throw invalidParameterError('theta', 'array of finite numbers', theta, 'type');
  const n = requireInteger('theta.length', theta.length, 1, limits().permItems);
  const w = options.weights ?? Array.from({ length: n }, (_, j) => n - 1 - j);
  if (!isArrayLike(w)) throw invalidParameterError('weights', `array of ${n} finite numbers`, w, 'type');
  if (w.length !== n) throw invalidParameterError('weights', `array of length ${n}`, w);
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const t = requireNumber(`theta[${i}]`, theta[i]);
    for (let j = 0; j < n; j++) C[i * n + j] = -t * requireNumber(`weights[${j}]`, w[j]);
  }
  return permModel({ n, linear: C, ...(options.beta !== undefined && { beta: options.beta }) });
}

function readClamp(clamp: unknown, n: number, name: string): Int32Array {
  const out = new Int32Array(n).fill(-1);
  const owner = new Int32Array(n).fill(-1);
  const place = (i: number, slot: unknown, field: string) => {
    if (!Number.isInteger(slot) || (slot as number) < -1 || (slot as number) >= n)
      throw invalidParameterError(field, `-1 (free) or a slot in [0, ${n - 1}]`, slot, typeof slot === 'number' ? 'range' : 'type');
    const s = slot as number;
    if (s < 0) return;
    if (owner[s]! >= 0) throw rangeError(`Expected distinct slots in ${name} but items ${owner[s]} and ${i} are both clamped to slot ${s}`);
    owner[s] = i;
    out[i] = s;
  };
  if (isArrayLike(clamp)) {
    if (clamp.length !== n) throw invalidParameterError(name, `array of length ${n}`, clamp);
    for (let i = 0; i < n; i++) place(i, clamp[i], `${name}[${i}]`);
    return out;
  }
  if (typeof clamp !== 'object' || clamp === null) throw invalidParameterError(name, 'object {item: slot}', clamp, 'type');
  for (const [key, v] of Object.entries(clamp)) {
    const i = clampItem(key, n, name);
    place(i, v, `${name}[${quote(key)}]`);
  }
  return out;
}

/** The model-file form ("ebm-model/1", "space": "permutation"), validated including unknown keys. */
export function permModelFromJson(json: Record<string, unknown>, name = 'model'): PermModel {
  rejectUnknownKeys(name, json, ['format', 'space', 'n', 'beta', 'linear', 'qap', 'clamp']);
  const spec: PermModelArrays = { n: json.n as number };
  if (json.beta !== undefined) spec.beta = json.beta as number;
  if (json.linear !== undefined) spec.linear = json.linear as number[][];
  if (json.qap !== undefined) spec.qap = json.qap as PermModelArrays['qap'] & object;
  if (json.clamp !== undefined) spec.clamp = json.clamp as Record<string, number>;
  return permModel(spec, name);
}

/** The model-file JSON of a permutation model (inverse of permModelFromJson). */
export function permModelToJson(m: PermModel): Record<string, unknown> {
  const out: Record<string, unknown> = { format: 'ebm-model/1', space: 'permutation', n: m.n, beta: m.beta };
  if (m.linear) out.linear = matrixRows(m.linear, m.n);
  if (m.flow && m.distance) out.qap = { flow: matrixRows(m.flow, m.n), distance: matrixRows(m.distance, m.n) };
  if (m.clamp) out.clamp = clampToJson(m.clamp);
  return out;
}
