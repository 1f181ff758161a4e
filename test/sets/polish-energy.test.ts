/**
 * The energy a minimize answer reports is its state's energy: exactly (===) for integer models, whose narrow
 * lanes (int8, int16, float32) keep exact energies and whose polish returns the lane energy when it changed
 * nothing (native/core/descent.hpp, knownEnergy), and within rounding for real-valued float64 models. Checked
 * for full runs and for runs stopped by a deadline (where the polish is cut short), with and without a
 * cardinality, against model.energy(state) computed in JS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimize } from '../../src/solve/minimize.ts';
import { randomSetModel } from '../helpers.ts';

const cases = [
  { name: 'int8 (small integers)', scale: 1, integer: true, precision: 'int8' },
  { name: 'int16 (integers to 300)', scale: 300, integer: true, precision: 'int16' },
  { name: 'float32 (integers to 1e5)', scale: 1e5, integer: true, precision: 'float32' },
  { name: 'float64 (real weights)', scale: 1, integer: false, precision: 'float64' },
];

for (const c of cases)
  for (const cardinality of [null, 12]) {
    test(`${c.name}${cardinality === null ? '' : ', cardinality 12'}: the reported energy is the state's`, async () => {
      for (let seed = 1; seed <= 4; seed++) {
        const model = randomSetModel({ n: 40, seed, scale: c.scale, integer: c.integer, cardinality, clampCount: 3 });
        for (const options of [{ maxRounds: 20, seed }, { timeLimitMs: 1, seed }]) {
          const r = await minimize(model, options);
          if (cardinality === null) assert.equal(r.precision, c.precision, `seed ${seed}`);
          const e = model.energy(r.state);
          if (c.integer) assert.equal(r.energy, e, `seed ${seed} ${JSON.stringify(options)}`);
          else assert.ok(Math.abs(r.energy - e) <= 1e-9 * (1 + Math.abs(e)), `seed ${seed}: ${r.energy} vs ${e}`);
        }
      }
    });
  }
