/**
 * The GPU lanes without a GPU: device 'emulate' runs the kernels' per-thread code (native/cuda/lane_bodies.hpp,
 * the same EBM_HD functions nvcc compiles) block by block on the host, through the same lane System, launch
 * plan, uploads and downloads as device 'cuda' (native/cuda/device_lanes.hpp, executor.hpp). Every job must give
 * the CPU lanes' answer bit for bit: samples, ladders, log Z, minima, persistent chains, for every lane type and
 * both memory plans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { native } from '../../src/native.ts';
import { deviceCases, permCases } from './models.ts';

const b = native();

test('emulated device lanes reproduce the CPU lanes: Gibbs, PT, log Z and minimize, bit for bit', () => {
  for (const [name, m, precision] of deviceCases()) {
    const run = (device: 'cpu' | 'emulate') => ({
      gibbs: b.setSampleSync(m, { seed: 7, samples: 60, chains: 5, burnIn: 20, device }),
      pt: b.setSampleSync(m, { seed: 9, samples: 40, chains: 3, method: 'pt', replicas: 4, burnIn: 40, device }),
      f64: b.setSampleSync(m, { seed: 7, samples: 30, chains: 3, burnIn: 5, precision: 'float64', device }),
      logZ: b.setLogZSync(m, { seed: 3, chains: 2, replicas: 5, tuneRounds: 16, rounds: 50, device }),
      min: b.setMinimizeSync(m, { seed: 4, maxRounds: 30, device }),
    });
    const cpu = run('cpu');
    const emu = run('emulate');
    assert.equal(cpu.gibbs.precision, precision, name);
    assert.equal(emu.gibbs.precision, precision, name);
    assert.deepEqual(emu.gibbs.samples, cpu.gibbs.samples, `${name}: Gibbs samples`);
    assert.deepEqual(emu.pt.samples, cpu.pt.samples, `${name}: PT samples`);
    assert.deepEqual(emu.pt.ladder, cpu.pt.ladder, `${name}: adapted ladder`);
    assert.deepEqual(emu.pt.rejection, cpu.pt.rejection, `${name}: swap rejection`);
    assert.deepEqual(emu.f64.samples, cpu.f64.samples, `${name}: float64 lanes`);
    assert.equal(emu.logZ.logZ, cpu.logZ.logZ, `${name}: log Z`);
    assert.deepEqual(emu.logZ.chainLogZ, cpu.logZ.chainLogZ, `${name}: per-chain log Z`);
    assert.equal(emu.min.energy, cpu.min.energy, `${name}: minimum`);
    assert.deepEqual(emu.min.state, cpu.min.state, `${name}: argmin`);
  }
});

test('emulated device lanes continue persistent chains exactly as the CPU does', () => {
  for (const [name, m] of deviceCases()) {
    const first = b.setSampleSync(m, { seed: 2, samples: 4, chains: 4, burnIn: 3 });
    const initial = first.samples.slice(0, 4 * m.n);
    const cpu = b.setSampleSync(m, { seed: 5, samples: 24, chains: 4, burnIn: 2, initial });
    const emu = b.setSampleSync(m, { seed: 5, samples: 24, chains: 4, burnIn: 2, initial, device: 'emulate' });
    assert.deepEqual(emu.samples, cpu.samples, name);
  }
});

test('emulated device lanes keep exact caches on integer models and small drift on float ones', () => {
  for (const [name, m, precision] of deviceCases()) {
    const r = b.setCacheCheckSync(m, { seed: 3, lanes: 8, sweeps: 50, device: 'emulate' });
    assert.equal(r.precision, precision, name);
    if (precision !== 'float64') assert.equal(r.maxError, 0, name);
    else assert.ok(r.maxError < 1e-9, `${name}: ${r.maxError}`);
  }
});

test('emulated device lanes reproduce the CPU permutation lanes: Gibbs, PT, log Z, minimize (pt, hybrid), restarts', () => {
  for (const [name, m] of permCases()) {
    const run = (device: 'cpu' | 'emulate') => ({
      gibbs: b.permSampleSync(m, { seed: 7, samples: 60, chains: 5, burnIn: 20, device }),
      pt: b.permSampleSync(m, { seed: 9, samples: 40, chains: 3, method: 'pt', replicas: 4, burnIn: 40, device }),
      logZ: b.permLogZSync(m, { seed: 3, chains: 2, replicas: 5, tuneRounds: 16, rounds: 50, device }),
      pt_: b.permMinimizeSync(m, { seed: 4, maxRounds: 30, method: 'pt', device }),
      hybrid: b.permMinimizeSync(m, { seed: 4, maxRounds: 30, method: 'hybrid', device }),
    });
    const cpu = run('cpu');
    const emu = run('emulate');
    assert.deepEqual(emu.gibbs.samples, cpu.gibbs.samples, `${name}: Gibbs samples`);
    assert.deepEqual(emu.pt.samples, cpu.pt.samples, `${name}: PT samples`);
    assert.deepEqual(emu.pt.ladder, cpu.pt.ladder, `${name}: adapted ladder`);
    assert.equal(emu.logZ.logZ, cpu.logZ.logZ, `${name}: log Z`);
    for (const k of ['pt_', 'hybrid'] as const) {
      assert.equal(emu[k].energy, cpu[k].energy, `${name}: ${k} minimum`);
      assert.deepEqual(emu[k].state, cpu[k].state, `${name}: ${k} argmin`);
    }
    const initial = cpu.gibbs.samples.slice(0, 4 * m.n);
    const a = b.permSampleSync(m, { seed: 5, samples: 24, chains: 4, burnIn: 2, initial });
    const e = b.permSampleSync(m, { seed: 5, samples: 24, chains: 4, burnIn: 2, initial, device: 'emulate' });
    assert.deepEqual(e.samples, a.samples, `${name}: persistent chains`);
    assert.ok(b.permCacheCheckSync(m, { seed: 3, lanes: 8, sweeps: 50, device: 'emulate' }).maxError < 1e-9, name);
  }
});

test('the plans the emulation ran include shared-memory and global-memory launches', () => {
  const small = b.cudaPlanSync({ n: 40, lanes: 5, couplings: 240 });
  const large = b.cudaPlanSync({ n: 600, lanes: 5, couplings: 3600 });
  assert.equal(small.shared, true);
  assert.equal(large.shared, false);
});
