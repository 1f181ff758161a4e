/**
 * GPU-only tests (`npm run test:gpu`; not part of `npm test`): they fail, never skip, on a machine without a
 * usable CUDA device. Device 'cuda' against the CPU lanes for the same seed (states identical; energies to
 * rounding, see the kernel files on multiply-add contraction), exactness against enumeration on the GPU with
 * the CPU tests' TV bound, and the abort and time budget honoured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cudaInfo, cudaUnavailable } from '../../src/device.ts';
import { native } from '../../src/native.ts';
import { sample } from '../../src/sample/sample.ts';
import { minimize } from '../../src/solve/minimize.ts';
import { logPartition, exactDistribution } from '../../src/sample/logz.ts';
import { randomSetModel, rowsOf } from '../helpers.ts';
import { setModel } from '../../src/energies/setModel.ts';
import { checkCounts } from '../../src/testing/index.ts';
import { formatResult } from '../../src/testing/format.ts';
import { deviceCases, permCases } from '../cuda/models.ts';

const b = native();

test('a CUDA device is present (this suite fails without one)', () => {
  assert.equal(cudaUnavailable(), undefined, `no usable GPU: ${cudaUnavailable()}`);
  const c = cudaInfo();
  assert.ok(c.devices.length > 0);
  console.log(`# GPU: ${c.devices.map((d) => `${d.name} ${d.memoryMB} MB sm ${d.computeCapability}`).join(', ')}`);
});

test('GPU set lanes give the CPU samples for a seed: Gibbs, PT, log Z, minimize', () => {
  for (const [name, m] of deviceCases()) {
    const run = (device: 'cpu' | 'cuda') => ({
      gibbs: b.setSampleSync(m, { seed: 7, samples: 600, chains: 50, burnIn: 20, device }),
      pt: b.setSampleSync(m, { seed: 9, samples: 400, chains: 30, method: 'pt', replicas: 4, burnIn: 40, device }),
      logZ: b.setLogZSync(m, { seed: 3, chains: 4, replicas: 8, tuneRounds: 32, rounds: 200, device }),
      min: b.setMinimizeSync(m, { seed: 4, maxRounds: 100, device }),
    });
    const cpu = run('cpu');
    const gpu = run('cuda');
    assert.deepEqual(gpu.gibbs.samples, cpu.gibbs.samples, `${name}: Gibbs`);
    assert.deepEqual(gpu.pt.samples, cpu.pt.samples, `${name}: PT`);
    assert.deepEqual(gpu.pt.ladder, cpu.pt.ladder, `${name}: ladder`);
    assert.ok(Math.abs(gpu.logZ.logZ - cpu.logZ.logZ) <= 1e-9 * Math.max(1, Math.abs(cpu.logZ.logZ)), `${name}: log Z ${gpu.logZ.logZ} vs ${cpu.logZ.logZ}`);
    assert.deepEqual(gpu.min.state, cpu.min.state, `${name}: argmin`);
  }
});

test('GPU permutation lanes give the CPU samples for a seed', () => {
  for (const [name, m] of permCases()) {
    const cpu = b.permSampleSync(m, { seed: 7, samples: 600, chains: 50, burnIn: 20 });
    const gpu = b.permSampleSync(m, { seed: 7, samples: 600, chains: 50, burnIn: 20, device: 'cuda' });
    assert.deepEqual(gpu.samples, cpu.samples, name);
    const pc = b.permSampleSync(m, { seed: 9, samples: 300, chains: 30, method: 'pt', replicas: 4, device: 'cpu' });
    const pg = b.permSampleSync(m, { seed: 9, samples: 300, chains: 30, method: 'pt', replicas: 4, device: 'cuda' });
    assert.deepEqual(pg.samples, pc.samples, `${name}: PT`);
  }
});

test('many lanes (more than one block, full warps and a ragged last block) match the CPU', () => {
  const [, m] = deviceCases()[0]!;
  const cpu = b.setSampleSync(m, { seed: 11, samples: 5000, chains: 5000, burnIn: 10 });
  const gpu = b.setSampleSync(m, { seed: 11, samples: 5000, chains: 5000, burnIn: 10, device: 'cuda' });
  assert.deepEqual(gpu.samples, cpu.samples);
});

test('GPU samples are exact: the CPU exactness tests\' TV bound (checkCounts) in float64, float32 and int16 lanes', async () => {
  for (const [integer, scale, beta] of [[false, 1, 1], [true, 1, 0.3], [true, 3000, 0.3 / 3000]] as const) {
    const model = randomSetModel({ n: 8, seed: 9, integer, scale });
    const r = await sample(model, { samples: 500_000, chains: 4096, seed: 3, beta, device: 'cuda' });
    const verdict = checkCounts(model, rowsOf(r), { beta });
    assert.ok(verdict.pass, `${r.precision}: ${formatResult(verdict)}`);
  }
  const model = randomSetModel({ n: 10, seed: 5 });
  const exact = exactDistribution(model);
  const z = await logPartition(model, { method: 'pt', chains: 64, replicas: 16, rounds: 4000, seed: 2, device: 'cuda' });
  assert.ok(Math.abs(z.logZ - exact.logZ) < 6 * (z.stdError ?? 0) + 1e-3, `log Z ${z.logZ} vs ${exact.logZ}`);
});

/** A sparse Ising-like model of n items, about `degree` random couplings each (LCG: the same on every machine). */
function sparseModel(n: number, degree: number, seed: number) {
  let s = seed >>> 0;
  const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let k = 0; k < degree / 2; k++) {
      const j = Math.floor(r() * n);
      if (j !== i) edges.push([i, j, r() * 2 - 1]);
    }
  return setModel({ n, unary: Array.from({ length: n }, () => r() - 0.5), edges });
}

test('the time budget and abort are honoured on the GPU', async () => {
  // n = 200000 sparse in 256 lanes (two blocks): the CPU lanes that start the device lanes take well under a
  // second, and one sweep (about 2.6e8 neighbour updates on two SMs) runs tens of milliseconds or more, so the
  // lanes may split it by launch time (native/cuda/device_system.hpp) and poll the stop between launches.
  const model = sparseModel(200_000, 4, 6);
  const t0 = Date.now();
  const r = await minimize(model, { timeLimitMs: 6000, chains: 16, replicas: 16, device: 'cuda' });
  const took = Date.now() - t0;
  assert.equal(r.stopped, 'deadline');
  assert.ok(r.rounds > 0, 'the GPU ran rounds before the deadline');
  assert.ok(took < 6000 + 2000, `took ${took} ms for a 6000 ms budget`); // generous: a bound, not a benchmark
  const controller = new AbortController();
  let abortedAt = 0;
  setTimeout(() => {
    abortedAt = Date.now();
    controller.abort();
  }, 2000);
  const s = await sample(model, { samples: 512, chains: 256, burnIn: 1_000_000, signal: controller.signal, device: 'cuda' });
  assert.equal(s.stopped, 'aborted');
  assert.ok(Date.now() - abortedAt < 2000, `settled ${Date.now() - abortedAt} ms after the abort`);
});
