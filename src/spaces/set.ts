/** The set space: y in {0,1}^n (optionally |y| = k, clamped items), rows of 0/1 in a Uint8Array. */
import type { SetModel } from '../energies/setModel.ts';
import { limits } from '../limits.ts';
import type { Space } from './space.ts';

/** Minimization methods for sets: PT (default), SA, PT with a tabu walk per chain ('hybrid'), tabu walks alone. */
export type SetMinimizeMethod = 'pt' | 'sa' | 'hybrid' | 'tabu';

export const setSpace: Space<SetModel, Uint8Array, number[], SetMinimizeMethod> = {
  name: 'set',
  Row: Uint8Array,
  keySeparator: '',
  codeBase: () => 2,
  probabilityIndex(y) {
    let mask = 0;
    for (let i = y.length - 1; i >= 0; i--) mask = mask * 2 + y[i]!;
    return mask;
  },
  // n log 2 or log C(free, k - ones), clamps counted out (SetModel.logAdmissibleCount).
  logBaseMeasure: (model) => model.logAdmissibleCount(),
  marginals: (flat) => Array.from(flat),
  methods: { sample: ['gibbs', 'pt'], minimize: ['pt', 'sa', 'hybrid', 'tabu'], logZ: ['exact', 'pt'] },
  // One sweep of n heat-bath flips mixes small models enough to keep the effective sample size near the count.
  defaults: { thin: 1, minimizeReplicas: (method) => (method === 'sa' ? 16 : 32) },
  limits: () => ({ items: limits().setItems, cells: limits().setSampleEntries, exactFreeItems: limits().exactSetFreeItems, codeItems: 52 }),
  native: { sample: 'setSample', sampleSync: 'setSampleSync', minimize: 'setMinimize', minimizeSync: 'setMinimizeSync', logZ: 'setLogZ', logZSync: 'setLogZSync', exact: 'setExact', exactSync: 'setExactSync' },
};
