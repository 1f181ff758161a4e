/**
 * Power of checkSampler at its default sample size (200 000): the exact iid sampler passes, and the same
 * sampler at beta x 1.05, with one pairwise sign flipped, or ignoring the clamp once in 100 draws fails, for a
 * set and a permutation model. Then the smallest beta error each criterion detects at 1e5 and 1e6 samples
 * (the numbers documented in checkCounts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setModel } from '../../src/energies/setModel.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';
import { checkCounts, checkSampler, exactSampler, type CheckedModel } from '../../src/testing/index.ts';
import { permSpec, setSpec } from './models.ts';

interface Row {
  name: string;
  model: (beta?: number) => CheckedModel;
  flipped: () => CheckedModel;
  unclamped: () => CheckedModel;
}

const ROWS: Row[] = [
  {
    name: 'set',
    model: (beta = 1) => setModel({ ...setSpec(), beta }),
    flipped: () => {
      const s = setSpec();
      return setModel({ ...s, edges: s.edges.map(([i, j, w]) => [i, j, i === 0 && j === 1 ? -w : w] as [number, number, number]) });
    },
    unclamped: () => setModel({ ...setSpec(), clamp: {} }),
  },
  {
    name: 'permutation',
    model: (beta = 1) => permModel({ ...permSpec(), beta }),
    flipped: () => {
      const s = permSpec();
      s.qap.flow[0]![1] = -s.qap.flow[0]![1]!;
      return permModel(s);
    },
    unclamped: () => permModel({ ...permSpec(), clamp: {} }),
  },
];

/** A sampler that draws from `other` instead of the model. */
const drawsFrom = (other: CheckedModel) => (_: CheckedModel, o: { samples: number; seed: number }) => exactSampler(other, o);

for (const row of ROWS) {
  test(`${row.name}: the exact sampler passes; beta x 1.05, a flipped sign and a skipped clamp fail (200 000 samples)`, async () => {
    const model = row.model();
    const good = await checkSampler(model, exactSampler, { seed: 5 });
    assert.ok(good.pass, good.reasons.join('; '));
    const hot = await checkSampler(model, drawsFrom(row.model(1.05)), { seed: 5 });
    const sign = await checkSampler(model, drawsFrom(row.flipped()), { seed: 5 });
    // 1 draw in 100 from the model without its clamp.
    const skipped = await checkSampler(
      model,
      (m, o) => {
        const coin = mulberry32(o.seed + 1);
        const free = exactSampler(row.unclamped(), o);
        return exactSampler(m, o).map((y, s) => (coin() < 0.01 ? free[s]! : y));
      },
      { seed: 5 },
    );
    for (const [what, r] of [['beta x 1.05', hot], ['flipped sign', sign], ['skipped clamp', skipped]] as const) assert.equal(r.pass, false, `${what} passed: ${JSON.stringify(r)}`);
    assert.ok(skipped.impossibleStates > 0);
    console.log(`# ${row.name}: exact tv ${good.tv.toFixed(4)} / bound ${good.bound.toFixed(4)}, p ${good.pValue.toFixed(3)}; beta x 1.05 tv ${hot.tv.toFixed(4)} p ${hot.pValue.toExponential(1)}; flipped sign tv ${sign.tv.toFixed(4)} p ${sign.pValue.toExponential(1)}; skipped clamp ${skipped.impossibleStates} impossible`);
  });

  test(`${row.name}: the smallest beta error detected at 1e5 and 1e6 samples`, () => {
    const model = row.model();
    const detected: Record<string, { tv: number | null; g: number | null }> = {};
    for (const N of [1e5, 1e6]) {
      const found: { tv: number | null; g: number | null } = { tv: null, g: null };
      for (const e of [0.005, 0.01, 0.02, 0.03, 0.05]) {
        const r = checkCounts(model, exactSampler(row.model(1 + e), { samples: N, seed: 9 }));
        if (found.tv === null && r.tv > r.bound) found.tv = e;
        if (found.g === null && r.pValue < r.alpha) found.g = e;
      }
      detected[String(N)] = found;
    }
    console.log(`# ${row.name}: smallest detected beta error ${JSON.stringify(detected)}`);
    // Documented in checkCounts: the G-test sees 3% at 1e5 and 1% at 1e6; the TV bound 3% at 1e6.
    assert.ok(detected['100000']!.g !== null && detected['100000']!.g <= 0.03);
    assert.ok(detected['1000000']!.g !== null && detected['1000000']!.g <= 0.01);
    assert.ok(detected['1000000']!.tv !== null && detected['1000000']!.tv <= 0.03);
  });
}
