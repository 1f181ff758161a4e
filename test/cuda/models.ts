/**
 * Set models in the addon's layout for the device tests (test/cuda, test/gpu): sparse and dense, float and
 * integer couplings (float64, float32 and int16 lanes), cardinality and clamps, small (shared-memory plan)
 * and large (global-memory plan). A fixed linear congruential generator: the same models on every machine.
 */
import type { NativePermModel, NativeSetModel } from '../../src/native.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** CSR with both directions of each edge; about `degree` edges per item. */
export function sparseModel(n: number, degree: number, integer: boolean, seed: number, scale = 1): NativeSetModel {
  const r = lcg(seed);
  const adjacency = Array.from({ length: n }, () => new Map<number, number>());
  for (let i = 0; i < n; i++)
    for (let k = 0; k < degree; k++) {
      const j = Math.floor(r() * n);
      if (j === i) continue;
      const w = (integer ? Math.round(r() * 4 - 2) : r() * 2 - 1) * scale;
      adjacency[i]!.set(j, w);
      adjacency[j]!.set(i, w);
    }
  const rowPtr = new Int32Array(n + 1);
  const col: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const [j, w] of [...adjacency[i]!].sort((a, b) => a[0] - b[0])) {
      col.push(j);
      weight.push(w);
    }
    rowPtr[i + 1] = col.length;
  }
  const unary = Float64Array.from({ length: n }, () => (integer ? Math.round(r() * 2 - 1) : r() - 0.5));
  return { n, unary, rowPtr, col: Int32Array.from(col), weight: Float64Array.from(weight), cardinality: -1 };
}

export function denseModel(n: number, integer: boolean, seed: number): NativeSetModel {
  const r = lcg(seed);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) dense[i * n + j] = dense[j * n + i] = integer ? Math.round(r() * 4 - 2) : r() * 2 - 1;
  const unary = Float64Array.from({ length: n }, () => (integer ? Math.round(r() * 2 - 1) : r() - 0.5));
  return { n, unary, dense, cardinality: -1 };
}

function clamped(m: NativeSetModel, fixed: [number, 0 | 1][]): NativeSetModel {
  const clamp = new Int8Array(m.n).fill(-1);
  for (const [i, v] of fixed) clamp[i] = v;
  return { ...m, clamp };
}

/** [name, model, the lane type the CPU picks for it]. */
export function deviceCases(): [string, NativeSetModel, string][] {
  return [
    ['sparse float64', sparseModel(40, 3, false, 1), 'float64'],
    ['sparse int16 (|W| > 127: not int8)', sparseModel(50, 3, true, 2, 100), 'int16'],
    ['sparse float32', sparseModel(40, 6, true, 9, 3000), 'float32'],
    ['dense float64', denseModel(30, false, 3), 'float64'],
    ['dense int16 (lane-major on the CPU)', denseModel(220, true, 10), 'int16'],
    ['dense float64 n = 200', denseModel(200, false, 4), 'float64'],
    ['sparse float64 n = 600 (global-memory plan)', sparseModel(600, 3, false, 11), 'float64'],
    ['cardinality, sparse', { ...sparseModel(30, 3, false, 5), cardinality: 10 }, 'float64'],
    ['cardinality, dense', { ...denseModel(25, false, 6), cardinality: 7 }, 'float64'],
    ['clamps', clamped(sparseModel(30, 3, false, 7), [[3, 1], [8, 0]]), 'float64'],
    ['cardinality and clamps', { ...clamped(sparseModel(30, 3, false, 8), [[1, 1]]), cardinality: 9 }, 'float64'],
  ];
}

/** Permutation models in the addon's layout: linear, QAP (general and symmetric), clamps. */
export function permCases(): [string, NativePermModel][] {
  const matrix = (n: number, r: () => number, f: (x: number) => number) => Float64Array.from({ length: n * n }, () => f(r()));
  const r = lcg(21);
  const linear = { n: 9, linear: matrix(9, r, (x) => x) };
  const qap = { n: 11, linear: matrix(11, r, (x) => x), flow: matrix(11, r, (x) => Math.round(5 * x)), distance: matrix(11, r, (x) => Math.round(5 * x)) };
  const flow = matrix(12, r, (x) => Math.round(5 * x));
  for (let i = 0; i < 12; i++) for (let j = 0; j < i; j++) flow[i * 12 + j] = flow[j * 12 + i]!;
  const symmetric = { n: 12, flow, distance: matrix(12, r, (x) => Math.round(5 * x)) };
  const clamp = new Int32Array(10).fill(-1);
  clamp[2] = 5;
  const clamped = { n: 10, linear: matrix(10, r, (x) => x), clamp };
  return [['linear', linear], ['QAP', qap], ['QAP, symmetric flow', symmetric], ['linear, clamped', clamped]];
}
