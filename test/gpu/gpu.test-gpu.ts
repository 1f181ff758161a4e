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

test('the time budget and abort are honoured on the GPU', async () => {
  const model = randomSetModel({ n: 2000, seed: 6, dense: true });
  const t0 = Date.now();
  const r = await minimize(model, { timeLimitMs: 1000, chains: 256, replicas: 32, device: 'cuda' });
  assert.equal(r.stopped, 'deadline');
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const s = await sample(model, { samples: 1e9 / 2000, chains: 4096, signal: controller.signal, device: 'cuda' });
  assert.equal(s.stopped, 'aborted');
});
