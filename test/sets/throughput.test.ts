/**
 * The throughput probe (src/sample/throughput.ts, `ebm bench sets`): the acceptance it reports is the chain's
 * (the exact stationary acceptance of systematic-scan heat-bath, by enumeration, within the spread over seeds),
 * and the command prints its keys for a Gset graph and for a set model file. Timings are never asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setModel, setModelToJson, type SetModel } from '../../src/energies/setModel.ts';
import { measureThroughput, timeSweeps } from '../../src/sample/throughput.ts';
import { randomSetModel, runEbm, tempFolder } from '../helpers.ts';

const g1 = fileURLToPath(new URL('../../data/G1.txt', import.meta.url));

/** E_pi[ mean_i 1 / (1 + exp(beta d_i(y))) ]: each site update of a sweep preserves pi, so every attempt sees pi. */
function exactAcceptance(m: SetModel, beta: number): number {
  const n = m.n;
  let z = 0;
  let acc = 0;
  const y = new Uint8Array(n);
  const energies: number[] = [];
  for (let s = 0; s < 1 << n; s++) {
    for (let i = 0; i < n; i++) y[i] = (s >> i) & 1;
    energies.push(m.energy(y));
  }
  const e0 = Math.min(...energies);
  for (let s = 0; s < 1 << n; s++) {
    const w = Math.exp(-beta * (energies[s]! - e0));
    let a = 0;
    for (let i = 0; i < n; i++) a += 1 / (1 + Math.exp(beta * (energies[s ^ (1 << i)]! - energies[s]!)));
    z += w;
    acc += (w * a) / n;
  }
  return acc / z;
}

test('the probe counts accepted flips: its acceptance is the exact stationary one (int8/int16/float64 lanes)', () => {
  const cases = [
    { name: 'small integer', model: randomSetModel({ n: 7, seed: 21, integer: true }), beta: 0.4 },
    { name: 'integer, fields past int8', model: randomSetModel({ n: 7, seed: 22, integer: true, scale: 30 }), beta: 0.03 },
    { name: 'real', model: randomSetModel({ n: 7, seed: 23 }), beta: 1 },
  ];
  for (const c of cases) {
    const exact = exactAcceptance(c.model, c.beta);
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const runs = seeds.map((seed) => timeSweeps(c.model, { beta: c.beta, lanes: 64, seed }, 0.02));
    const xs = runs.map((r) => r.acceptance!);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    // Tolerance: 5 standard errors of the mean over seeds, plus the start's bias (a random state, no burn-in:
    // at most a few sweeps' worth of non-stationary attempts out of the run's sweeps).
    const tol = (5 * sd) / Math.sqrt(xs.length) + 10 / Math.min(...runs.map((r) => r.sweeps));
    assert.ok(Math.abs(mean - exact) < tol, `${c.name} (${runs[0]!.precision}): acceptance ${mean} vs exact ${exact} (tol ${tol})`);
  }
});

test('measureThroughput: medians of alternating runs, the ratio to the reference, named errors', () => {
  const m = randomSetModel({ n: 30, seed: 5, integer: true });
  const r = measureThroughput(m, { beta: 0.5, seconds: 0.01, rounds: 3, lanes: 10 });
  assert.equal(r.rounds.lanes.length, 3);
  assert.equal(r.rounds.reference.length, 3);
  assert.ok(r.lanes >= 10 && r.lanes % 8 === 0, `lanes ${r.lanes}`);
  assert.ok(r.acceptance > 0 && r.acceptance < 1);
  assert.equal(r.ratio, r.attemptsPerNs / r.referenceAttemptsPerNs);
  const card = setModel({ n: 3, unary: [0, 1, 2], edges: [[0, 1, 1]], cardinality: 1 });
  assert.throws(() => measureThroughput(card, { beta: 1 }), { name: 'RangeError', code: 'EBM_INVALID_INPUT' });
  assert.throws(() => measureThroughput(m, { beta: -1 }), { name: 'RangeError', code: 'EBM_INVALID_INPUT' });
  assert.throws(() => measureThroughput(m, { beta: 1, seconds: 0 }), { name: 'RangeError', code: 'EBM_INVALID_INPUT' });
});

test('ebm bench sets FILE --beta B --json: a Gset graph and a set model file', () => {
  const keys = ['attempts_per_ns', 'lanes', 'precision', 'acceptance', 'reference_attempts_per_ns', 'ratio'];
  const r = runEbm(['bench', 'sets', g1, '--beta', '1', '--seconds', '0.02', '--rounds', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const k of keys) assert.ok(k in out, `${k} in ${r.stdout}`);
  assert.equal(out.n, 800);
  assert.ok(out.acceptance > 0.01 && out.acceptance < 0.06, `G1 acceptance at beta 1: ${out.acceptance}`);
  const folder = tempFolder('ebm-bench-');
  const path = folder.file('m.json', JSON.stringify(setModelToJson(randomSetModel({ n: 12, seed: 3 }))));
  const text = runEbm(['bench', 'sets', path, '--beta', '0.5', '--seconds', '0.02', '--rounds', '1']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /attempts\/ns.*float64, acceptance/);
  assert.match(text.stdout, /ratio: +[\d.]+x/);
  const perm = folder.file('p.json', JSON.stringify({ format: 'ebm-model/1', space: 'permutation', n: 3, linear: [[0, 1, 2], [1, 0, 2], [2, 1, 0]] }));
  const bad = runEbm(['bench', 'sets', perm, '--beta', '1', '--json']);
  assert.equal(bad.code, 2, bad.stdout);
  assert.match(JSON.parse(bad.stdout).error, /set model/);
});
