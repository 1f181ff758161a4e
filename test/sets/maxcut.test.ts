/** Max-cut: Gset loading, the cut recomputed from the partition, and solution quality on the embedded G1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { cutValue, parseGset, readGset } from '../../src/data/gset.ts';
import { maxCut, maxCutChains, maxCutModel } from '../../src/solve/maxcut.ts';

test('parseGset reads n, m and 1-based edges; errors name the file and field', () => {
  const g = parseGset('3 2 \n1 2 1\n2 3 -1\n', 'tiny.txt');
  assert.equal(g.n, 3);
  assert.deepEqual(Array.from(g.u), [0, 1]);
  assert.deepEqual(Array.from(g.v), [1, 2]);
  assert.deepEqual(Array.from(g.w), [1, -1]);
  assert.throws(() => parseGset('3 2\n1 2 1\n', 'bad.txt'), { name: 'RangeError', message: 'Expected 6 numbers after "n m" in bad.txt but received 3' });
  assert.throws(() => parseGset('3 1\n1 4 1\n', 'bad.txt'), { name: 'RangeError', message: 'Expected vertex in [1, 3] other than 1 for edge 1 in bad.txt but received 4' });
  assert.throws(() => parseGset('x 1\n', 'bad.txt'), { name: 'RangeError', message: 'Expected a number for n in bad.txt but received "x"' });
});

test('the max-cut energy is minus the cut', () => {
  const g = parseGset('4 5\n1 2 1\n2 3 1\n3 4 -1\n4 1 1\n1 3 1\n');
  const m = maxCutModel(g);
  for (let mask = 0; mask < 16; mask++) {
    const y = [0, 1, 2, 3].map((i) => (mask >> i) & 1);
    assert.equal(m.energy(y) + 0, -cutValue(g, y) + 0); // + 0 folds -0 into 0
  }
});

test('G1 (embedded): reaches at least 99.9% of the best-known cut 11624 in 2 s, cut recomputed', async () => {
  const g = readGset(fileURLToPath(new URL('../../data/G1.txt', import.meta.url)));
  const r = await maxCut(g, { timeLimitMs: 2000, seed: 1, targetCut: 11624 });
  assert.equal(r.cut, cutValue(g, r.partition));
  assert.ok(r.cut >= 0.999 * 11624, `cut ${r.cut}`);
  assert.ok(r.partition.every((x) => x === 0 || x === 1));
});

test('abort returns the best-so-far quickly', async () => {
  const g = readGset(fileURLToPath(new URL('../../data/G1.txt', import.meta.url)));
  const ac = new AbortController();
  // Abort once the run has reported a best cut (not at a fixed time: on a busy machine the job may start late),
  // then it must end long before its 20 s budget. Settle times are measured by bench/cancel.ts, not here.
  let abortedAt = 0;
  const r = await maxCut(g, {
    timeLimitMs: 20000,
    seed: 2,
    signal: ac.signal,
    onProgress: (p) => {
      if (abortedAt === 0 && p.bestEnergy !== undefined && -p.bestEnergy > 11000) {
        abortedAt = performance.now();
        ac.abort();
      }
    },
  });
  const elapsed = performance.now() - abortedAt;
  assert.ok(abortedAt > 0, 'a best cut above 11000 was reported');
  assert.equal(r.stopped, 'aborted');
  assert.ok(elapsed < 5000, `returned ${elapsed} ms after the abort, of a 20 s budget`);
  assert.equal(r.cut, cutValue(g, r.partition));
  assert.ok(r.cut > 11000);
});

test('maxCutChains: two PT ladders per worker in byte lanes, one when a second would cost its own lanes', async () => {
  const g = readGset(fileURLToPath(new URL('../../data/G1.txt', import.meta.url)));
  assert.equal(maxCutChains(g, 1), 2);
  assert.equal(maxCutChains(g, 2), 4);
  assert.equal(maxCutChains(g, 1, 'hybrid'), 1); // a tabu walk per chain costs per chain
  assert.equal(maxCutChains(g, 1, 'pt', 64), 1); // one ladder fills the 64 byte lanes
  assert.equal(maxCutChains({ ...g, w: g.w.map((w) => w * 0.5) }, 1), 1); // real weights: float lanes
  assert.equal(maxCutChains({ ...g, w: g.w.map((w) => w * 100) }, 1), 1); // fields beyond int8
  // The addon agrees: G1's model runs in int8 lanes, the heavy weights' in wider ones.
  assert.equal((await maxCut(g, { maxRounds: 2, seed: 1, chains: 2 })).precision, 'int8');
  assert.notEqual((await maxCut({ ...g, w: g.w.map((w) => w * 100) }, { maxRounds: 2, seed: 1 })).precision, 'int8');
});
