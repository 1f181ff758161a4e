/**
 * gewekeTest: a correct Metropolis step on theta passes, a wrong one (the likelihood's sign flipped) fails.
 * Leaving the likelihood out would not be caught: that chain leaves the prior, the joint's theta marginal,
 * invariant. theta ~ N(0, 1) is the unary field of a one-item set model, y | theta ~ p(y) ∝ exp(-theta y)
 * by the model's own exactDistribution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setModel } from '../../src/energies/setModel.ts';
import { exactDistribution } from '../../src/sample/logz.ts';
import { gewekeTest } from '../../src/testing/index.ts';
import { isInputError } from '../../src/errors.ts';

/** P(y = 1 | theta) from the library's enumeration (one item: 1 / (1 + e^theta)). */
const pOne = (theta: number) => exactDistribution(setModel({ n: 1, unary: [theta] })).probabilities[1]!;
const logLik = (theta: number, y: number) => Math.log(y ? pOne(theta) : 1 - pOne(theta));
const normal = (u: () => number) => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

function run(sign: 1 | -1) {
  return gewekeTest<number, number>({
    prior: normal,
    simulate: (t, u) => (u() < pOne(t) ? 1 : 0),
    step: (t, y, u) => {
      const s = t + (u() - 0.5) * 3;
      const delta = (t * t - s * s) / 2 + sign * (logLik(s, y) - logLik(t, y));
      return Math.log(u()) < delta ? s : t;
    },
    statistics: (t, y) => [t, t * t, t * y],
    draws: 20_000,
    seed: 7,
  });
}

test("gewekeTest: a correct posterior step passes, one with the likelihood's sign flipped fails", () => {
  const good = run(1);
  assert.ok(good.pass, JSON.stringify(good));
  const bad = run(-1);
  assert.equal(bad.pass, false, JSON.stringify(bad));
  console.log(`# geweke z: correct ${good.z.map((z) => z.toFixed(2)).join(', ')}; broken ${bad.z.map((z) => z.toFixed(2)).join(', ')}`);
});

test('gewekeTest: bad options are named input errors', () => {
  assert.throws(() => gewekeTest({} as never), isInputError);
  assert.throws(() => gewekeTest({ prior: normal, simulate: () => 0, step: (t: number) => t, statistics: () => [0], draws: 3 }), isInputError);
});
