import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanCurve, multilabelRepeats } from '../../experiments/learning/protocol.ts';
import { THRESHOLDS, bestThreshold, thresholdCurve } from '../../experiments/learning/threshold.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';
import { train } from '../../src/learn/train.ts';

test('multilabel grid-v2 averages the validation curves of its splits epoch by epoch', () => {
  const h = (v: number[]) => v.map((validation, i) => ({ epoch: i + 1, validation }));
  assert.deepEqual(meanCurve([h([0.2, 0.4]), h([0.4, 0.8])]), [{ epoch: 1, validation: 0.30000000000000004 }, { epoch: 2, validation: 0.6000000000000001 }]);
});

test('multilabel grid-v2 repeats the choice on 3 splits only where one split holds under 100 rows', () => {
  assert.equal(multilabelRepeats(391), 3); // emotions: 59 validation rows
  assert.equal(multilabelRepeats(1211), 1); // scene: 182
});

test('the threshold of best mean F1 wins, ties going to the smaller |t|', () => {
  const curve = THRESHOLDS.map((t) => (t === -0.5 || t === 0.5 ? 1 : 0));
  assert.equal(bestThreshold([curve]), -0.5);
  const flat = THRESHOLDS.map(() => 0.5);
  assert.equal(bestThreshold([flat]), 0);
  assert.equal(bestThreshold([THRESHOLDS.map((t) => (t === 1 ? 1 : 0)), THRESHOLDS.map((t) => (t === -1 ? 0.9 : 0))]), 1);
});

test('the threshold is chosen on the rows train() held out: at t = 0 it scores the kept epoch\'s validation F1', async () => {
  const random = mulberry32(3);
  const rows = 120;
  const d = 4;
  const k = 3;
  const x = Float64Array.from({ length: rows * d }, () => random() * 2 - 1);
  const y = Uint8Array.from({ length: rows * k }, (_, t) => (x[Math.floor(t / k) * d + (t % k)]! + 0.3 * (random() - 0.5) > 0 ? 1 : 0));
  const data = { x, y, rows, d, k };
  const r = await train(data, { model: 'unary', epochs: 3, hidden: [8], seed: 5, validation: 0.15 });
  const curve = thresholdCurve(r.model, data, 5, 0.15);
  assert.equal(curve[THRESHOLDS.indexOf(0)], r.bestValidation);
  r.model.networks.dispose();
});
