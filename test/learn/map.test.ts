/** MAP oracles (threshold, native exact argmin, argsort, Hungarian) against enumeration of g over all states. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStructure, type StructureKind } from '../../src/learn/structures.ts';
import { assign } from './hungarian.ts';
import { assign as nativeAssign } from '../../src/solve/assign.ts';
import { mulberry32 } from '../../src/data/preprocess.ts';

function bruteForce(kind: StructureKind, k: number, theta: Float32Array): number {
  const s = makeStructure(kind, k);
  const states = s.allStates(1 << 20)!;
  const phi = new Float32Array(s.m);
  let best = -Infinity;
  for (let i = 0; i < states.length / k; i++) {
    s.features(states, i * k, phi, 0);
    let g = 0;
    for (let t = 0; t < s.m; t++) g += theta[t]! * phi[t]!;
    best = Math.max(best, g);
  }
  return best;
}

for (const [kind, k] of [['unary', 7], ['pairwise', 7], ['permutahedron', 6], ['birkhoff', 6]] as const) {
  test(`${kind} MAP (k = ${k}) reaches the enumerated maximum of g`, () => {
    const s = makeStructure(kind, k);
    const random = mulberry32(k * 31 + s.m);
    const out = new Int32Array(k);
    const phi = new Float32Array(s.m);
    for (let trial = 0; trial < 25; trial++) {
      const theta = Float32Array.from({ length: s.m }, () => (random() * 2 - 1) * 2);
      s.map(theta, out, 0);
      if (s.space === 'permutation') assert.deepEqual([...out].sort((a, b) => a - b), Array.from({ length: k }, (_, i) => i));
      s.features(out, 0, phi, 0);
      let g = 0;
      for (let t = 0; t < s.m; t++) g += theta[t]! * phi[t]!;
      const best = bruteForce(kind, k, theta);
      assert.ok(Math.abs(g - best) <= 1e-5 * (1 + Math.abs(best)), `trial ${trial}: MAP g ${g} vs enumerated ${best}`);
    }
  });
}

test('TS Hungarian oracle and native LAP: optimal on random 7 x 7 costs (enumeration) and on a known instance', () => {
  assert.deepEqual(Array.from(assign([4, 1, 3, 2, 0, 5, 3, 2, 2], 3)), [1, 0, 2]);
  const random = mulberry32(9);
  const s = makeStructure('birkhoff', 7);
  for (let trial = 0; trial < 10; trial++) {
    const cost = Float64Array.from({ length: 49 }, () => Math.floor(random() * 20));
    const sigma = assign(cost, 7);
    const c = Array.from(sigma).reduce((a, col, row) => a + cost[row * 7 + col]!, 0);
    const best = -bruteForce('birkhoff', 7, Float32Array.from(cost, (v) => -v));
    assert.equal(c, best);
    assert.equal(nativeAssign({ n: 7, cost }).cost, best);
    assert.equal(s.k, 7);
  }
});

test('exact log Z of a pairwise structure matches brute-force enumeration (q uniform)', () => {
  const k = 5;
  const s = makeStructure('pairwise', k);
  const random = mulberry32(3);
  const theta = Float32Array.from({ length: s.m }, () => random() * 2 - 1);
  const states = s.allStates(1 << 10)!;
  const phi = new Float32Array(s.m);
  let z = 0;
  for (let i = 0; i < 32; i++) {
    s.features(states, i * k, phi, 0);
    z += Math.exp(phi.reduce((a, v, t) => a + v * theta[t]!, 0)) / 32;
  }
  assert.ok(Math.abs(s.exactLogZ(theta)! - Math.log(z)) < 1e-6);
  const p = makeStructure('permutahedron', 4);
  const tp = Float32Array.from([0.3, -0.2, 1, 0]);
  const perms = p.allStates(100)!;
  let zp = 0;
  const phip = new Float32Array(4);
  for (let i = 0; i < 24; i++) {
    p.features(perms, i * 4, phip, 0);
    zp += Math.exp(phip.reduce((a, v, t) => a + v * tp[t]!, 0)) / 24;
  }
  assert.ok(Math.abs(p.exactLogZ(tp)! - Math.log(zp)) < 1e-6);
});
