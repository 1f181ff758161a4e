/**
 * The reference sampler: iid draws from the exact distribution (inverse CDF by binary search, seeded
 * mulberry32). A correct sampler's verdict should look like this one's; the power tests perturb its model.
 */
import { exactDistribution } from '../sample/logz.ts';
import { mulberry32 } from '../data/preprocess.ts';
import { requireInteger } from '../errors.ts';
import { rowOf, type CheckedModel } from './states.ts';
import { requireModel } from '../energies/modelFile.ts';

/**
 * Draws `samples` iid states of `model` at its beta (rows: 0/1 for sets, item -> slot for permutations).
 * @example
 * ```ts
 * import { setModel } from 'discrete-ebm';
 * import { exactSampler, checkSampler } from 'discrete-ebm/testing';
 * const model = setModel({ n: 4, unary: [1, -1, 0.5, 0] });
 * const r = await checkSampler(model, exactSampler, { seed: 3 }); // r.pass true
 * ```
 * @throws RangeError, code EBM_INVALID_INPUT: a model too large to enumerate, samples or seed not an integer >= 0.
 */
export function exactSampler(model: CheckedModel, options: { samples: number; seed?: number }): number[][] {
  const m = requireModel(model);
  const samples = requireInteger('samples', options.samples, 0);
  const random = mulberry32(requireInteger('seed', options.seed ?? 1, 0));
  const p = exactDistribution(m).probabilities;
  const cdf = new Float64Array(p.length);
  for (let k = 0, s = 0; k < p.length; k++) cdf[k] = s += p[k]!;
  const rows = new Map<number, number[]>();
  const out: number[][] = [];
  for (let s = 0; s < samples; s++) {
    // u scaled by the last entry: the CDF's round-off never leaves u past the end.
    const u = random() * cdf[cdf.length - 1]!;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    // Zero-probability cells have the CDF of their predecessor: the search never lands on them.
    let row = rows.get(lo);
    if (!row) rows.set(lo, (row = rowOf(m, lo)));
    out.push(row);
  }
  return out;
}
