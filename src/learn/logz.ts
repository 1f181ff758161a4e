/**
 * Log-partition check: on held-out points, compare the learned tau(x) with the exact normalizer of the learned
 * energy. For the KL (logistic) and likelihood losses that normalizer is log Z(x) = log E_q exp g(x, .); for
 * min-min sparsemax, tau estimates the sparsemax threshold instead (E_q [g - tau]_+ = 1), so that is what it is
 * compared against. Exact values come from the closed form (unary) or enumeration (pairwise k <= 20 through the
 * native enumerator; permutations k <= 8).
 */
import type { LearnedModel } from './types.ts';
import { tauOf, thetaOf } from './predict.ts';
import { pearson } from '../metrics/correlation.ts';

export interface LogZCheck {
  /** Mean |tau(x) - exact(x)| over the checked points. */
  mae: number;
  /** Pearson correlation of tau(x) and exact(x) (NaN when either is constant). */
  corr: number;
  /** Fraction of the checked points with |tau(x) - exact(x)| <= LOGZ_TOLERANCE (0.1 nats). */
  within: number;
  /** What tau was compared against. */
  target: 'logZ' | 'sparsemax-threshold';
  points: number;
  /** The checked points: tau(x) and the exact value, row by row (for a chart of one against the other). */
  tau: Float64Array;
  exact: Float64Array;
}

/** The error (nats) under which tau(x) counts as trustworthy at a point (issue 16: 0.1). */
export const LOGZ_TOLERANCE = 0.1;

/** tau with mean_s [g_s - tau]_+ = 1 over N equally weighted states (sorted-prefix formula, exact). */
export function sparsemaxThreshold(g: Float64Array): number {
  const s = Float64Array.from(g).sort().reverse();
  const n = s.length;
  let prefix = 0;
  for (let t = 1; t <= n; t++) {
    prefix += s[t - 1]!;
    const tau = (prefix - n) / t;
    if (t === n || (s[t - 1]! > tau && tau >= s[t]!)) return tau;
  }
  return (prefix - n) / n;
}

/**
 * @param z - standardized feature rows (as returned by `predict`)
 * @param maxPoints - check at most this many rows (enumeration is the cost)
 * @returns null when the exact normalizer is out of reach (too many states)
 */
export function checkLogPartition(model: LearnedModel, z: Float32Array, rows: number, maxPoints = 1000): LogZCheck | null {
  const n = Math.min(rows, maxPoints);
  const zs = z.subarray(0, n * model.d);
  const theta = thetaOf(model, zs, n);
  const tau = tauOf(model, zs, n);
  const { structure } = model;
  const m = structure.m;
  const exact = new Float64Array(n);
  if (model.loss === 'minmin-sparsemax') {
    const states = structure.allStates(1 << 16);
    if (!states) return null;
    const count = states.length / structure.k;
    const phi = new Float32Array(count * m);
    for (let s = 0; s < count; s++) structure.features(states, s * structure.k, phi, s * m);
    const g = new Float64Array(count);
    for (let r = 0; r < n; r++) {
      for (let s = 0; s < count; s++) {
        let v = 0;
        for (let t = 0; t < m; t++) v += theta[r * m + t]! * phi[s * m + t]!;
        g[s] = v;
      }
      exact[r] = sparsemaxThreshold(g);
    }
  } else {
    for (let r = 0; r < n; r++) {
      const v = structure.exactLogZ(theta.subarray(r * m, (r + 1) * m));
      if (v === null) return null;
      exact[r] = v;
    }
  }
  let mae = 0;
  let within = 0;
  for (let r = 0; r < n; r++) {
    const error = Math.abs(tau[r]! - exact[r]!);
    mae += error / n;
    if (error <= LOGZ_TOLERANCE) within += 1 / n;
  }
  return { mae, corr: pearson(tau, exact), within, target: model.loss === 'minmin-sparsemax' ? 'sparsemax-threshold' : 'logZ', points: n, tau: Float64Array.from(tau.subarray(0, n)), exact };
}
