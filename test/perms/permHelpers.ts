/** Test helpers for permutation models: seeded random models. */
import { permModel, type PermModel } from '../../src/energies/permModel.ts';
import { randomValue, rng } from '../helpers.ts';

export interface RandomPermSpec {
  n: number;
  seed: number;
  linear?: boolean;
  qap?: boolean;
  /** Make A and B symmetric (the halved delta formula) instead of general. */
  symmetric?: boolean;
  clampCount?: number;
  scale?: number;
  integer?: boolean;
}

/** A random permutation model: roughly Gaussian linear costs and QAP matrices (asymmetric unless asked). */
export function randomPermModel(spec: RandomPermSpec): PermModel {
  const r = rng(spec.seed);
  const value = randomValue(r, spec.scale ?? 1, spec.integer ?? false);
  const n = spec.n;
  const matrix = (symmetric: boolean) => {
    const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i]![j] = symmetric && j < i ? M[j]![i]! : value();
    return M;
  };
  const linear = spec.linear ?? true;
  const qap = spec.qap ?? true;
  const clamp: Record<string, number> = {};
  const usedSlots = new Set<number>();
  for (let c = 0; c < (spec.clampCount ?? 0); c++) {
    const item = Math.floor(r() * n);
    const slot = Math.floor(r() * n);
    if (String(item) in clamp || usedSlots.has(slot)) continue;
    clamp[String(item)] = slot;
    usedSlots.add(slot);
  }
  // QAP values are sums of n^2 products; scale them down so linear and quadratic parts are comparable.
  const qapScale = (M: number[][]) => M.map((row) => row.map((x) => (spec.integer ? x : x / Math.sqrt(n))));
  return permModel({
    n,
    ...(linear && { linear: matrix(false) }),
    ...(qap && { qap: { flow: qapScale(matrix(Boolean(spec.symmetric))), distance: qapScale(matrix(Boolean(spec.symmetric))) } }),
    ...(Object.keys(clamp).length > 0 && { clamp }),
  });
}
