/** The permutation space: sigma (item -> slot, 0-based) with clamped items, rows in an Int32Array. */
import type { PermModel } from '../energies/permModel.ts';
import { limits } from '../limits.ts';
import type { Space } from './space.ts';

/** Lexicographic rank of sigma among the n! permutations (identity 0); the index of exact probabilities. */
export function permutationRank(sigma: ArrayLike<number>): number {
  const n = sigma.length;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = i + 1; j < n; j++) if (sigma[j]! < sigma[i]!) c++;
    rank = rank * (n - i) + c;
  }
  return rank;
}

export type PermMinimizeMethod = 'hybrid' | 'pt' | 'sa' | 'tabu';

export const permSpace: Space<PermModel, Int32Array, number[][], PermMinimizeMethod> = {
  name: 'permutation',
  Row: Int32Array,
  keySeparator: ' ',
  codeBase: (n) => n,
  probabilityIndex: permutationRank,
  // log((n - #clamped)!) (PermModel.logAdmissibleCount).
  logBaseMeasure: (model) => model.logAdmissibleCount(),
  marginals: (flat, n) => Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * n, (i + 1) * n))),
  // 'hybrid' (PT with robust tabu search alongside) first: it is the default.
  methods: { sample: ['gibbs', 'pt'], minimize: ['hybrid', 'pt', 'sa', 'tabu'], logZ: ['exact', 'pt'] },
  // One sweep is nFree transposition attempts; two keep the effective sample size near the sample count on small models.
  defaults: { thin: 2, minimizeReplicas: (method) => (method === 'tabu' ? 0 : 16) },
  // 13^13 < 2^53 < 14^14: codes base n are exact up to 13 items.
  limits: () => ({ items: limits().permItems, cells: limits().permSampleEntries, exactFreeItems: limits().exactPermItems, codeItems: 13 }),
  native: { sample: 'permSample', sampleSync: 'permSampleSync', minimize: 'permMinimize', minimizeSync: 'permMinimizeSync', logZ: 'permLogZ', logZSync: 'permLogZSync', exact: 'permExact', exactSync: 'permExactSync' },
};
