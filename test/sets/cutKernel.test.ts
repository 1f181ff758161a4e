/**
 * The max-cut kernel (src/solve/cutKernel.ts): the eliminated vertices' edges add exactly `constant` to every
 * kernel cut, and maxCut through the kernel finds the brute-force maximum of small sparse graphs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutValue, type Graph } from '../../src/data/gset.ts';
import { cutKernel, expandCut } from '../../src/solve/cutKernel.ts';
import { maxCut } from '../../src/solve/maxcut.ts';
import { rng } from '../helpers.ts';

/** A sparse random graph: a random tree plus `extra` random edges, weights from `weights`. */
function sparseGraph(n: number, extra: number, seed: number, weights: number[]): Graph {
  const r = rng(seed);
  const u: number[] = [], v: number[] = [], w: number[] = [];
  const pick = () => weights[Math.floor(r() * weights.length)]!;
  for (let x = 1; x < n; x++) u.push(Math.floor(r() * x)), v.push(x), w.push(pick());
  for (let e = 0; e < extra; e++) {
    const a = Math.floor(r() * n), b = Math.floor(r() * n);
    if (a !== b) u.push(a), v.push(b), w.push(pick());
  }
  return { n, u: Int32Array.from(u), v: Int32Array.from(v), w: Float64Array.from(w) };
}

function bruteMaxCut(g: Graph): number {
  let best = -Infinity;
  for (let mask = 0; mask < 2 ** (g.n - 1); mask++) best = Math.max(best, cutValue(g, Array.from({ length: g.n }, (_, i) => (mask >> i) & 1)));
  return best;
}

test('cut kernel: cut(expand(y)) = kernel cut(y) + constant, for unit, +-1 and real weights', () => {
  const r = rng(5);
  for (const [k, weights] of [[1], [-1, 1], [0.5, -1.25, 2]].entries()) {
    for (let seed = 1; seed <= 4; seed++) {
      const g = sparseGraph(300, 120 + 40 * seed, 10 * k + seed, weights);
      const kernel = cutKernel(g);
      assert.ok(kernel, `weights ${weights}: nothing removed`);
      assert.ok(kernel.graph.n < g.n);
      for (let t = 0; t < 5; t++) {
        const y = Uint8Array.from({ length: kernel.graph.n }, () => (r() < 0.5 ? 1 : 0));
        const full = expandCut(kernel, y);
        assert.ok(Math.abs(cutValue(g, full) - (cutValue(kernel.graph, y) + kernel.constant)) < 1e-9, `weights ${weights}, seed ${seed}`);
        kernel.kept.forEach((x, i) => assert.equal(full[x], y[i]));
      }
    }
  }
});

test('cut kernel: none for graphs with every degree >= 3; maxCut there runs on the graph itself', () => {
  // K4: every vertex has degree 3.
  const g: Graph = { n: 4, u: Int32Array.from([0, 0, 0, 1, 1, 2]), v: Int32Array.from([1, 2, 3, 2, 3, 3]), w: new Float64Array(6).fill(1) };
  assert.equal(cutKernel(g), undefined);
});

test('maxCut through the kernel reaches the brute-force maximum of small sparse graphs', async () => {
  for (let seed = 1; seed <= 4; seed++) {
    const g = sparseGraph(16, 6, 100 + seed, seed % 2 ? [1] : [-1, 1, 2]);
    const best = bruteMaxCut(g);
    const r = await maxCut(g, { maxRounds: 300, seed });
    assert.equal(r.cut, best, `seed ${seed}`);
    assert.equal(cutValue(g, r.partition), r.cut);
    // targetCut counts the eliminated edges too: the run stops at once when the target is the maximum.
    const t = await maxCut(g, { maxRounds: 100000, seed, targetCut: best });
    assert.equal(t.cut, best);
    assert.ok(t.rounds < 100000, `seed ${seed}: target not seen (${t.rounds} rounds)`);
  }
});
