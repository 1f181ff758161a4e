/**
 * Warm start of a pairwise model from a unary one (pairwise min-min is unstable from scratch): the backbone,
 * the unary head and tau are copied, the pairwise outputs stay zero.
 */
import { EbmNetworks, networksOf } from './models.ts';
import type { Structure } from './structures.ts';
import type { LearnedModel } from './types.ts';
import { rangeError } from '../errors.ts';

/** Copies a unary model's backbone, unary head and tau into fresh networks (pairwise outputs stay zero). */
export function copyWarmStart(from: LearnedModel, to: EbmNetworks, structure: Structure): void {
  const src = networksOf(from);
  if (from.structure.kind !== 'unary' || from.structure.k !== structure.k || from.d !== to.config.inputs || JSON.stringify(src.config.hidden) !== JSON.stringify(to.config.hidden) || JSON.stringify(src.config.tauHidden) !== JSON.stringify(to.config.tauHidden))
    throw rangeError('Expected warmStart to be a unary model with the same labels, features and hidden widths');
  const last = to.energy.layers.length - 1;
  to.energy.layers.forEach((layer, l) => {
    const s = src.energy.layers[l]!;
    if (l < last) {
      layer.W.set(s.W);
      layer.b.set(s.b);
      return;
    }
    // Output layer: columns 0..k-1 are the unary part of phi in both structures; the pairwise columns are zero.
    const k = structure.k;
    const m = structure.m;
    layer.W.fill(0);
    layer.b.fill(0);
    for (let i = 0; i < layer.inputs; i++) for (let j = 0; j < k; j++) layer.W[i * m + j] = s.W[i * k + j]!;
    layer.b.set(s.b.subarray(0, k));
  });
  if ((src.config.tauInput ?? 'x') !== (to.config.tauInput ?? 'x')) throw rangeError('Expected warmStart to have the same tauInput');
  to.tau.layers.forEach((layer, l) => {
    layer.b.set(src.tau.layers[l]!.b);
    // A tau of theta reads the unary part first (rows 0..k-1 of its first layer); the pairwise rows start at zero.
    if (l > 0 || to.config.tauInput !== 'theta') return layer.W.set(src.tau.layers[l]!.W);
    layer.W.fill(0);
    layer.W.set(src.tau.layers[0]!.W);
  });
}
