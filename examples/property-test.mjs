// Property-testing a sampler: a hand-written Metropolis sampler for a small set model is checked against the
// exact distribution with discrete-ebm/testing, then a broken one (half the temperature's effect) is caught.
import assert from 'node:assert/strict';
import { setModel } from 'discrete-ebm';
import { checkSampler, formatResult } from 'discrete-ebm/testing';

const model = setModel({ n: 5, unary: [0.5, -1, 0.3, 0.8, -0.2], edges: [[0, 1, 1.2], [1, 2, -0.7], [3, 4, 0.9], [0, 4, -0.5]] });

// Single-site Metropolis: flip a random item, accept with min(1, exp(-beta dE)); keep every `thin`-th state.
function metropolis(betaFactor) {
  return (m, { samples, seed }) => {
    let s = seed >>> 0;
    const random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32); // an LCG is plenty here
    const y = new Array(m.n).fill(0);
    const out = [];
    const thin = 4 * m.n; // four sweeps between kept states: close to independent on 5 items
    for (let t = 0; out.length < samples; t++) {
      const i = Math.floor(random() * m.n);
      const before = m.energy(y);
      y[i] ^= 1;
      if (random() >= Math.exp(-m.beta * betaFactor * (m.energy(y) - before))) y[i] ^= 1; // rejected: undo
      if (t >= 1000 && t % thin === 0) out.push(y.slice());
    }
    return out;
  };
}

const good = await checkSampler(model, metropolis(1), { samples: 100_000, seed: 1 });
console.log('correct Metropolis:', formatResult(good).split('\n')[0]);
assert.equal(good.pass, true, formatResult(good));

const broken = await checkSampler(model, metropolis(0.5), { samples: 100_000, seed: 1 });
console.log('broken Metropolis (beta halved):\n' + formatResult(broken));
assert.equal(broken.pass, false);
