/**
 * Persistent permutation chains (`initial`): chains start where they are told, the states are validated, the
 * stationary distribution is still exact from a single starting state (Gibbs and PT, whose swaps read the
 * cached energies that setState fills), and splitting the chains over workers gives the same samples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { permModel } from '../../src/energies/permModel.ts';
import { samplePermutations, samplePermutationsSync } from '../../src/sample/permSample.ts';
import { exactPermutationDistribution } from '../../src/sample/permLogz.ts';
import { closePool } from '../../src/pool/pool.ts';
import { checkCounts } from '../../src/testing/index.ts';
import { formatResult } from '../../src/testing/format.ts';
import { rowsOf } from '../helpers.ts';
import { randomPermModel } from './permHelpers.ts';
import { permutationRank } from '../../src/sample/permSample.ts';

/** Linear costs 0 at slot target[i] and 100 elsewhere: any transposition from target costs +200. */
function pinned(target: number[]) {
  const n = target.length;
  return permModel({ n, linear: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === target[i] ? 0 : 100))) });
}

test('initial: every chain (and every PT replica) starts from its given permutation', () => {
  const a = [2, 0, 1, 4, 3, 5];
  const b = [5, 4, 3, 2, 1, 0];
  for (const method of ['gibbs', 'pt'] as const) {
    const initial = Int32Array.from([...a, ...b]);
    // Chain 0 starts at a, the minimum of model A; chain 1 at b, 200 above it, and falls toward a.
    const r = samplePermutationsSync(pinned(a), { samples: 2, chains: 2, burnIn: 0, thin: 1, seed: 3, method, initial });
    assert.deepEqual(Array.from(r.samples.subarray(0, 6)), a, method);
    const stay = samplePermutationsSync(pinned(b), { samples: 4, chains: 2, burnIn: 0, thin: 1, seed: 3, method, initial: Int32Array.from([...b, ...b]) });
    for (let s = 0; s < 4; s++) assert.deepEqual(Array.from(stay.samples.subarray(s * 6, (s + 1) * 6)), b, `${method} sample ${s}`);
  }
  // Without initial the chains start at random permutations: after one sweep not all of 64 chains sit at b.
  const fresh = samplePermutationsSync(pinned(b), { samples: 64, chains: 64, burnIn: 0, thin: 1, seed: 3 });
  let atB = 0;
  for (let s = 0; s < 64; s++) if (fresh.samples.subarray(s * 6, (s + 1) * 6).every((v, i) => v === b[i])) atB++;
  assert.ok(atB < 64, `${atB} of 64 fresh chains at the minimum after one sweep`);
});

test('initial: named errors for a bad shape, a slot out of range, a repeated slot, a moved clamped item', () => {
  const m = permModel({ n: 3, linear: [[0, 1, 2], [1, 0, 2], [2, 1, 0]], clamp: { 2: 2 } });
  const run = (initial: unknown, chains = 1) => samplePermutationsSync(m, { samples: 1, chains, initial: initial as Int32Array });
  assert.throws(() => run(new Uint8Array(3)), { name: 'TypeError', message: 'Expected Int32Array of chains * n = 3 values for initial but received Uint8Array of length 3' });
  assert.throws(() => run(new Int32Array(3), 2), { name: 'RangeError', message: 'Expected Int32Array of chains * n = 6 values for initial but received Int32Array of length 3' });
  assert.throws(() => run(Int32Array.from([0, 3, 2])), { name: 'RangeError', message: 'Expected a slot in [0, 2] for initial[1] (chain 0)' });
  assert.throws(() => run(Int32Array.from([0, 1, 2, 1, 1, 2]), 2), { name: 'RangeError', message: 'Expected a permutation in the initial state of chain 1 but slot 1 repeats' });
  assert.throws(() => run(Int32Array.from([0, 2, 1])), { name: 'RangeError', message: 'Expected the clamped slot for initial[2] (chain 0)' });
  assert.equal(run(Int32Array.from([1, 0, 2])).samples[2], 2);
});

/** The permutation of lexicographic rank `rank` (inverse of permutationRank). */
function unrank(rank: number, n: number): number[] {
  const unused = Array.from({ length: n }, (_, i) => i);
  const sigma: number[] = [];
  let f = 1;
  for (let k = 2; k < n; k++) f *= k;
  for (let i = 0; i < n; i++) {
    const digit = Math.floor(rank / f);
    rank -= digit * f;
    if (i < n - 1) f /= n - 1 - i;
    sigma.push(unused.splice(digit, 1)[0]!);
  }
  return sigma;
}

test('initial: all chains from one state still sample the exact distribution (gibbs and pt, n = 5)', () => {
  for (const method of ['gibbs', 'pt'] as const) {
    const model = randomPermModel({ n: 5, seed: 17, scale: 1.5 });
    const exact = exactPermutationDistribution(model);
    const chains = 64;
    // The least likely permutation: the worst start for the chains.
    let worst = 0;
    for (let k = 1; k < exact.probabilities.length; k++) if (exact.probabilities[k]! < exact.probabilities[worst]!) worst = k;
    const start = unrank(worst, 5);
    assert.equal(permutationRank(start), worst);
    const initial = new Int32Array(chains * 5);
    for (let c = 0; c < chains; c++) initial.set(start, c * 5);
    const N = 200_000;
    const r = samplePermutationsSync(model, { samples: N, chains, burnIn: 50, seed: 5, method, initial });
    const verdict = checkCounts(model, rowsOf(r));
    assert.ok(verdict.pass, `${method}: ${formatResult(verdict)}`);
  }
});

test('initial with workers: each worker gets its own chains\' states; samples identical for 1, 2, 3 workers', async () => {
  try {
    const model = randomPermModel({ n: 6, seed: 4 });
    const chains = 5;
    const initial = new Int32Array(chains * 6);
    for (let c = 0; c < chains; c++) initial.set([0, 1, 2, 3, 4, 5].map((i) => (i + c) % 6), c * 6);
    const runs = await Promise.all([undefined, 1, 2, 3].map((workers) => samplePermutations(model, { samples: 503, chains, burnIn: 0, thin: 1, seed: 8, initial, ...(workers && { workers }) })));
    for (const r of runs.slice(1)) assert.deepEqual(r.samples, runs[0]!.samples);
  } finally {
    await closePool();
  }
});
