/** The set space: y in {0,1}^n (optionally |y| = k, clamped items), rows of 0/1 in a Uint8Array. */
import { native } from '../native.ts';
import { MAX_SET_ITEMS, type SetModel } from '../energies/setModel.ts';
import type { Space } from './space.ts';

export const setSpace: Space<SetModel, Uint8Array, number[], 'pt' | 'sa'> = {
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
  methods: { sample: ['gibbs', 'pt'], minimize: ['pt', 'sa'], logZ: ['exact', 'pt'] },
  // One sweep of n heat-bath flips mixes small models enough to keep the effective sample size near the count.
  defaults: { thin: 1 },
  limits: { items: MAX_SET_ITEMS, cells: 4e9, exactFreeItems: 24, codeItems: 52 },
  native: {
    sample: (m, o, onProgress) => native().setSample(m.toNative(), o, onProgress),
    sampleSync: (m, o) => native().setSampleSync(m.toNative(), o),
    minimize: (m, o, onProgress) => native().setMinimize(m.toNative(), o, onProgress),
    minimizeSync: (m, o) => native().setMinimizeSync(m.toNative(), o),
    logZ: (m, o, onProgress) => native().setLogZ(m.toNative(), o, onProgress),
    exact: (m, o) => native().setExact(m.toNative(), o),
    exactSync: (m, o) => native().setExactSync(m.toNative(), o),
  },
  workerEntry: { sample: 'setSampleSync', minimize: 'setMinimizeSync', logZ: 'setLogZSync' },
};
