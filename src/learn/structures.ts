/**
 * Output structures of a conditional EBM. Every energy here is linear in a feature map of the output:
 *
 *   g(x, y) = <theta(x), phi(y)>          (g = -E, the affinity; theta is the network's head output)
 *
 *   unary          sets y in {0,1}^k       phi(y) = y                                       m = k
 *   pairwise       sets                    phi(y) = [y, (y_i y_j)_{i<j}]                    m = k + k(k-1)/2
 *   permutahedron  rankings sigma in S_k   phi(sigma)_j = (k-1)/2 - sigma_j                 m = k
 *   birkhoff       assignments             phi(sigma) = vec(P_sigma), P[j][sigma_j] = 1      m = k^2
 *
 * so one loss harness serves all four: the network emits theta, the structure maps targets and prior samples
 * to phi in JS. Targets are Int32 rows: 0/1 per label for sets, the rank vector (sigma_j = 0-based position of
 * label j, 0 = best) for rankings. The base measure q is uniform (Bernoulli(1/2) per label; uniform
 * permutations), and log Z(x) = log E_q exp g(x, y), which is 0 when g = 0.
 */
import { setModel } from '../energies/setModel.ts';
import { native } from '../native.ts';
import { minimizeSync } from '../solve/minimize.ts';
import { assign } from '../solve/assign.ts';
import { writeRanks } from '../solve/rank.ts';
import { logFactorial } from '../energies/permModel.ts';
import { shuffleInPlace } from '../data/preprocess.ts';
import { describe, rangeError, requireInteger } from '../errors.ts';

export type StructureKind = 'unary' | 'pairwise' | 'permutahedron' | 'birkhoff';
export const STRUCTURE_KINDS: readonly StructureKind[] = ['unary', 'pairwise', 'permutahedron', 'birkhoff'];

export interface Structure {
  readonly kind: StructureKind;
  readonly space: 'set' | 'permutation';
  /** Labels (items). */
  readonly k: number;
  /** Size of phi (the head's output). */
  readonly m: number;
  /** Writes phi(y) for the target row y[offset .. offset + k) into out[outOffset ..). */
  features(y: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void;
  /** One draw from the uniform base measure q into out[offset .. offset + k). */
  samplePrior(random: () => number, out: Int32Array, offset: number): void;
  /** argmax_y g(x, y) for head output theta (length m), into out[offset ..). */
  map(theta: Float32Array, out: Int32Array, offset: number): void;
  /** Exact log E_q exp g, or null when the space is too large to enumerate. */
  exactLogZ(theta: Float32Array): number | null;
  /** All states, row-major (for exact MLE by enumeration), or null when there are too many. */
  allStates(limit: number): Int32Array | null;
}

/** log(sum exp(a_i)) without overflow. */
export function logSumExp(a: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! > max) max = a[i]!;
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.exp(a[i]! - max);
  return max + Math.log(s);
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}


/** Most labels of a structure (the head's outputs grow with k, k^2/2 or k^2; memory is checked separately). */
export const MAX_LABELS = 65536;

/** Largest k whose permutations we enumerate (8! = 40320). */
export const MAX_ENUMERATED_PERMUTATION = 8;
/** Largest label count for exact set log Z / argmax through the native enumerator. */
export const MAX_ENUMERATED_SET = 20;

class UnaryStructure implements Structure {
  readonly kind: StructureKind = 'unary';
  readonly space = 'set' as const;
  readonly m: number;
  constructor(readonly k: number) {
    this.m = k;
  }
  features(y: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void {
    for (let i = 0; i < this.k; i++) out[outOffset + i] = y[offset + i]!;
  }
  /**
   * Bernoulli(1/2) per label from the bits of one draw per 32 labels: random() * 2^32 is a uniform 32-bit
   * integer for mulberry32 (and the top 32 bits of a 53-bit generator), so each bit is a fair coin; one call
   * per label was most of the JS time of a min-min step (100 samples x 14 labels x 64 rows on yeast).
   */
  samplePrior(random: () => number, out: Int32Array, offset: number): void {
    for (let i = 0; i < this.k; i += 32) {
      let bits = (random() * 4294967296) >>> 0;
      const end = Math.min(this.k, i + 32);
      for (let j = i; j < end; j++, bits >>>= 1) out[offset + j] = bits & 1;
    }
  }
  map(theta: Float32Array, out: Int32Array, offset: number): void {
    for (let i = 0; i < this.k; i++) out[offset + i] = theta[i]! > 0 ? 1 : 0;
  }
  /** Independent labels: log E_q e^{u.y} = sum_i log((1 + e^{u_i}) / 2). */
  exactLogZ(theta: Float32Array): number | null {
    let s = 0;
    for (let i = 0; i < this.k; i++) s += softplus(theta[i]!) - Math.LN2;
    return s;
  }
  allStates(limit: number): Int32Array | null {
    if (this.k > 30 || 2 ** this.k > limit) return null;
    const count = 2 ** this.k;
    const out = new Int32Array(count * this.k);
    for (let s = 0; s < count; s++) for (let i = 0; i < this.k; i++) out[s * this.k + i] = (s >> i) & 1;
    return out;
  }
}

export class PairwiseStructure extends UnaryStructure {
  override readonly kind: StructureKind = 'pairwise';
  override readonly m: number;
  constructor(k: number) {
    super(k);
    this.m = k + (k * (k - 1)) / 2;
  }
  override features(y: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void {
    const k = this.k;
    let p = outOffset + k;
    for (let i = 0; i < k; i++) {
      const yi = y[offset + i]!;
      out[outOffset + i] = yi;
      for (let j = i + 1; j < k; j++) out[p++] = yi * y[offset + j]!;
    }
  }
  /** The energy E = -g as a set model: unary -u_i, dense W_ij = -U_ij (E sums W over i < j). */
  energyModel(theta: Float32Array) {
    const k = this.k;
    const W = new Float64Array(k * k);
    let p = k;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) W[i * k + j] = W[j * k + i] = -theta[p++]!;
    return setModel({ n: k, unary: Array.from(theta.subarray(0, k), (v) => -v), dense: W });
  }
  override map(theta: Float32Array, out: Int32Array, offset: number): void {
    const model = this.energyModel(theta);
    let state: Uint8Array;
    if (this.k <= MAX_ENUMERATED_SET) state = native().setExactSync(model.toNative(), {}).argmin;
    else state = minimizeSync(model, { seed: 1, maxRounds: 200 }).state;
    for (let i = 0; i < this.k; i++) out[offset + i] = state[i]!;
  }
  override exactLogZ(theta: Float32Array): number | null {
    if (this.k > MAX_ENUMERATED_SET) return null;
    return native().setExactSync(this.energyModel(theta).toNative(), {}).logZ - this.k * Math.LN2;
  }
}

/** Fisher-Yates: a uniform permutation written as a rank vector. */
function samplePermutation(random: () => number, k: number, out: Int32Array, offset: number): void {
  for (let i = 0; i < k; i++) out[offset + i] = i;
  shuffleInPlace(out, random, offset, k);
}

/** All permutations of 0..k-1 (Heap's algorithm), row-major. */
export function allPermutations(k: number): Int32Array {
  const perms: number[] = [];
  const a = Array.from({ length: k }, (_, i) => i);
  const c = new Array<number>(k).fill(0);
  perms.push(...a);
  let i = 0;
  while (i < k) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      [a[j], a[i]] = [a[i]!, a[j]!];
      perms.push(...a);
      c[i]!++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return Int32Array.from(perms);
}

abstract class PermutationStructure implements Structure {
  abstract readonly kind: StructureKind;
  readonly space = 'permutation' as const;
  abstract readonly m: number;
  constructor(readonly k: number) {}
  abstract features(y: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void;
  abstract map(theta: Float32Array, out: Int32Array, offset: number): void;
  samplePrior(random: () => number, out: Int32Array, offset: number): void {
    samplePermutation(random, this.k, out, offset);
  }
  allStates(limit: number): Int32Array | null {
    if (this.k > MAX_ENUMERATED_PERMUTATION || Math.exp(logFactorial(this.k)) > limit) return null;
    return allPermutations(this.k);
  }
  exactLogZ(theta: Float32Array): number | null {
    const states = this.allStates(Infinity);
    if (!states) return null;
    const count = states.length / this.k;
    const phi = new Float32Array(this.m);
    const g = new Float64Array(count);
    for (let s = 0; s < count; s++) {
      this.features(states, s * this.k, phi, 0);
      let v = 0;
      for (let t = 0; t < this.m; t++) v += theta[t]! * phi[t]!;
      g[s] = v;
    }
    return logSumExp(g) - Math.log(count);
  }
}

class PermutahedronStructure extends PermutationStructure {
  readonly kind: StructureKind = 'permutahedron';
  readonly m: number;
  constructor(k: number) {
    super(k);
    this.m = k;
  }
  features(y: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void {
    const c = (this.k - 1) / 2;
    for (let j = 0; j < this.k; j++) out[outOffset + j] = c - y[offset + j]!;
  }
  /** Rearrangement inequality: the largest theta_j gets position 0 (argsort, descending; ties by index). */
  map(theta: Float32Array, out: Int32Array, offset: number): void {
    writeRanks(theta, out, offset);
  }
}

class BirkhoffStructure extends PermutationStructure {
  readonly kind: StructureKind = 'birkhoff';
  readonly m: number;
  constructor(k: number) {
    super(k);
    this.m = k * k;
  }
  features(y: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void {
    out.fill(0, outOffset, outOffset + this.m);
    for (let j = 0; j < this.k; j++) out[outOffset + j * this.k + y[offset + j]!] = 1;
  }
  /** Linear assignment maximizing sum_j Theta[j][sigma_j]. */
  map(theta: Float32Array, out: Int32Array, offset: number): void {
    const cost = new Float64Array(this.m);
    for (let t = 0; t < this.m; t++) cost[t] = -theta[t]!;
    const sigma = assign({ n: this.k, cost }).assignment;
    for (let j = 0; j < this.k; j++) out[offset + j] = sigma[j]!;
  }
}

export function makeStructure(kind: StructureKind, k: number): Structure {
  requireInteger('k', k, 1, MAX_LABELS);
  switch (kind) {
    case 'unary':
      return new UnaryStructure(k);
    case 'pairwise':
      return new PairwiseStructure(k);
    case 'permutahedron':
      return new PermutahedronStructure(k);
    case 'birkhoff':
      return new BirkhoffStructure(k);
    default:
      throw rangeError(`Expected unary, pairwise, permutahedron or birkhoff for model but received ${describe(kind)}`);
  }
}
