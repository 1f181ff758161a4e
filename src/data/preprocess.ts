/**
 * Preprocessing for learning: feature standardisation fit on training rows only, seeded k-fold splits, and row
 * selection. Matrices are row-major typed arrays (x[i * d + j]), as produced by the data loaders.
 */
import { requireInteger, rangeError } from '../errors.ts';

export interface Standardizer {
  /** Per-feature mean over the training rows (missing values, NaN, ignored). */
  mean: Float64Array;
  /** Per-feature population standard deviation; 1 where it is 0 (a constant feature is left centred, not blown up). */
  std: Float64Array;
}

function checkMatrix(name: string, x: ArrayLike<number>, rows: number, d: number): void {
  requireInteger('rows', rows, 0);
  requireInteger('d', d, 0);
  if (x.length !== rows * d) throw rangeError(`Expected ${name} of length rows * d = ${rows * d} but received length ${x.length}`);
}

/**
 * Fits z = (x - mean) / std per feature. Call it on the training rows only, then apply the same transform to
 * the test rows, so no test statistics leak into training.
 *
 * mean_j = (1/m_j) sum_i x_ij and std_j = sqrt((1/m_j) sum_i (x_ij - mean_j)^2) over the m_j rows where x_ij is
 * not NaN (population std, as scikit-learn's StandardScaler); a feature with std 0 or no values gets std 1
 * (and mean 0 when it has no values at all).
 *
 * @throws RangeError when x.length !== rows * d or x holds an infinite value
 */
export function fitStandardizer(x: ArrayLike<number>, rows: number, d: number): Standardizer {
  checkMatrix('x', x, rows, d);
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  const count = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) throw rangeError(`Expected a finite value in x at row ${i}, feature ${j} but received ${v}`);
      mean[j]! += v;
      count[j]! += 1;
    }
  }
  for (let j = 0; j < d; j++) mean[j] = count[j]! > 0 ? mean[j]! / count[j]! : 0;
  // Two passes (sum of squared deviations) rather than E[x^2] - E[x]^2, which cancels badly for large means.
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      if (!Number.isNaN(v)) std[j]! += (v - mean[j]!) ** 2;
    }
  }
  for (let j = 0; j < d; j++) {
    const s = count[j]! > 0 ? Math.sqrt(std[j]! / count[j]!) : 0;
    std[j] = s > 0 ? s : 1;
  }
  return { mean, std };
}

/**
 * Returns a new matrix z_ij = (x_ij - mean_j) / std_j. A missing value (NaN) becomes 0, i.e. it is imputed with
 * the training mean, so downstream networks never see NaN.
 */
export function applyStandardizer(x: ArrayLike<number>, rows: number, d: number, standardizer: Standardizer): Float64Array {
  checkMatrix('x', x, rows, d);
  const { mean, std } = standardizer;
  if (mean.length !== d || std.length !== d) throw rangeError(`Expected a standardizer for d = ${d} features but received mean/std of length ${mean.length}/${std.length}`);
  const z = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      z[i * d + j] = Number.isNaN(v) ? 0 : (v - mean[j]!) / std[j]!;
    }
  }
  return z;
}

/**
 * mulberry32: a 32-bit seeded PRNG (Tommy Ettinger's, public domain), returning floats in [0, 1). Small and fast;
 * plenty for shuffling rows, not for Monte Carlo (the native samplers use Philox).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fisher-Yates shuffle of a[offset .. offset + length) in place: j = floor(random() * (i + 1)) for i from the
 * last position down to 1.
 */
export function shuffleInPlace(a: Int32Array, random: () => number, offset = 0, length = a.length - offset): void {
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[offset + i]!;
    a[offset + i] = a[offset + j]!;
    a[offset + j] = t;
  }
}

export interface Fold {
  /** Training row indices, ascending. */
  train: Int32Array;
  /** Test row indices, ascending. */
  test: Int32Array;
}

/**
 * Seeded k-fold cross-validation split. Rows are shuffled by Fisher-Yates driven by mulberry32(seed), then cut
 * into k consecutive blocks; the first rows % k folds get one extra row, so fold sizes differ by at most 1. Every
 * row is in exactly one test fold. Same (rows, k, seed) -> same folds on every platform.
 *
 * @param rows - number of examples (>= k)
 * @param k - number of folds (>= 2)
 * @param seed - integer seed (taken modulo 2^32)
 */
export function kFold(rows: number, k: number, seed: number): Fold[] {
  requireInteger('k', k, 2);
  requireInteger('rows', rows, k);
  requireInteger('seed', seed, Number.MIN_SAFE_INTEGER);
  const random = mulberry32(seed);
  const perm = new Int32Array(rows);
  for (let i = 0; i < rows; i++) perm[i] = i;
  shuffleInPlace(perm, random);
  const folds: Fold[] = [];
  const base = Math.floor(rows / k);
  const extra = rows % k;
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    const test = perm.slice(start, start + size).sort();
    const train = new Int32Array(rows - size);
    train.set(perm.subarray(0, start));
    train.set(perm.subarray(start + size), start);
    folds.push({ test, train: train.sort() });
    start += size;
  }
  return folds;
}

/**
 * Gathers rows of a row-major matrix: out[r * width + c] = data[indices[r] * width + c]. Works for x (Float64Array),
 * y (Uint8Array) and rankings (Int32Array); the result has the input's type.
 */
export function takeRows<T extends Float64Array | Int32Array | Uint8Array>(data: T, width: number, indices: ArrayLike<number>): T {
  requireInteger('width', width, 0);
  const rows = width === 0 ? 0 : data.length / width;
  if (!Number.isInteger(rows)) throw rangeError(`Expected data length to be a multiple of width ${width} but received ${data.length}`);
  const out = new (data.constructor as new (n: number) => T)(indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    // Width 0 (no features) holds no rows to count: any index selects an empty row.
    if (!Number.isInteger(i) || i < 0 || (width > 0 && i >= rows)) throw rangeError(`Expected row indices in [0, ${rows - 1}] but received ${i} at position ${r}`);
    out.set(data.subarray(i * width, (i + 1) * width), r * width);
  }
  return out;
}
