/**
 * The verdict on counts of states against a model's exact distribution: impossible states, total-variation
 * distance against its sampling-noise bound, and a G-test. Shared by checkCounts and checkSampler.
 */
import { gTest } from './gtest.ts';
import { rowOf, keyOf, type CheckedModel } from './states.ts';

/** Default significance level of the G-test: 1e-3 keeps false alarms rare in a test suite of many checks. */
export const DEFAULT_ALPHA = 1e-3;
/** States listed in `worst`. */
const WORST = 10;

/** One state's expected and observed counts (expected 0: an impossible state). */
export interface StateDiff {
  state: string;
  expected: number;
  observed: number;
}

export interface CheckResult {
  /** No impossible state, tv <= bound and pValue >= alpha. */
  pass: boolean;
  /** Total-variation distance between the empirical and the exact distribution (impossible samples included). */
  tv: number;
  /** The acceptance bound of tv: 3 x the expected TV of iid samples + 0.001 (see checkCounts). */
  bound: number;
  /** Samples counted. */
  samples: number;
  /** Samples in states of probability 0: a clamp or the cardinality violated, not a permutation, wrong length. */
  impossibleStates: number;
  /** The G statistic over cells of expected count >= 5 (the small ones pooled), its degrees of freedom and p-value. */
  statistic: number;
  df: number;
  pValue: number;
  alpha: number;
  /** Why it failed, one sentence per reason (empty when it passed). */
  reasons: string[];
  /** The states of largest |observed - expected|, impossible states first. */
  worst: StateDiff[];
}

/**
 * Expected TV distance of N iid samples from p, each cell by its normal approximation:
 * E|p̂_k - p_k| = sqrt(2 p_k (1 - p_k) / (π N)), so E[TV] ≈ (1/2) sum_k sqrt(2 p_k (1 - p_k) / (π N)).
 */
export function iidTvNoise(p: ArrayLike<number>, N: number): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += Math.sqrt((2 * p[k]! * (1 - p[k]!)) / (Math.PI * N));
  return s / 2;
}

/** The TV acceptance bound at N samples: 3 x iidTvNoise(p, N) + 0.001 (the project's own tests use it too). */
export function tvBound(p: ArrayLike<number>, N: number): number {
  return 3 * iidTvNoise(p, N) + 0.001;
}

/** The verdict on `observed` (counts by probability index) plus samples outside the support (by key). */
export function verdict(model: CheckedModel, p: Float64Array, observed: Float64Array, outside: Map<string, number>, alpha: number): CheckResult {
  let inside = 0;
  let impossible = 0;
  for (let k = 0; k < p.length; k++) {
    // A counted state of probability 0 (a clamp or the cardinality violated) is impossible too.
    if (p[k] === 0 && observed[k]! > 0) {
      const key = keyOf(model, rowOf(model, k));
      outside.set(key, (outside.get(key) ?? 0) + observed[k]!);
    } else inside += observed[k]!;
  }
  for (const c of outside.values()) impossible += c;
  const samples = inside + impossible;
  let tv = impossible;
  for (let k = 0; k < p.length; k++) if (p[k]! > 0) tv += Math.abs(observed[k]! - p[k]! * samples);
  tv = samples > 0 ? tv / samples / 2 : 0;
  const bound = samples > 0 ? tvBound(p, samples) : 0;
  const g = inside > 0 ? gTest(observed, p, inside) : { statistic: 0, df: 0, pValue: 1 };
  const reasons: string[] = [];
  if (samples === 0) reasons.push('no samples');
  if (impossible > 0) reasons.push(`${impossible} samples in impossible states (probability 0 under the model)`);
  if (tv > bound) reasons.push(`TV distance ${tv.toPrecision(3)} is above the bound ${bound.toPrecision(3)}`);
  if (g.pValue < alpha) reasons.push(`G-test rejects: G = ${g.statistic.toFixed(1)} on ${g.df} df, p = ${g.pValue.toPrecision(3)} < alpha = ${alpha}`);
  return { pass: reasons.length === 0, tv, bound, samples, impossibleStates: impossible, statistic: g.statistic, df: g.df, pValue: g.pValue, alpha, reasons, worst: worstStates(model, p, observed, outside, samples) };
}

function worstStates(model: CheckedModel, p: Float64Array, observed: Float64Array, outside: Map<string, number>, samples: number): StateDiff[] {
  const bad = [...outside].sort((a, b) => b[1] - a[1]).map(([state, n]) => ({ state, expected: 0, observed: n }));
  const ranked: number[] = [];
  for (let k = 0; k < p.length; k++) if (p[k]! > 0) ranked.push(k);
  const gap = (k: number) => Math.abs(observed[k]! - p[k]! * samples);
  ranked.sort((a, b) => gap(b) - gap(a));
  const diffs = ranked.slice(0, WORST).map((k) => ({ state: keyOf(model, rowOf(model, k)), expected: p[k]! * samples, observed: observed[k]! }));
  return [...bad, ...diffs].slice(0, WORST);
}
