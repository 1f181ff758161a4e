/**
 * The `device` option without a GPU: validated with named errors, 'auto' gives exactly the CPU answer, and
 * 'cuda' where no GPU can run it is a RangeError (CLI: exit 2) that names CUDA and why, never a crash. On a
 * machine with a usable GPU the 'cuda' refusals are not expected (test/gpu covers that machine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cudaInfo, cudaUnavailable, resolveDevice } from '../../src/device.ts';
import { sampleSync, sample } from '../../src/sample/sample.ts';
import { minimize } from '../../src/solve/minimize.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { setModelToJson } from '../../src/energies/setModel.ts';
import { randomSetModel, runEbm, tempFolder } from '../helpers.ts';

const noGpu = cudaUnavailable() !== undefined;
const model = randomSetModel({ n: 12, seed: 3 });

test('device is validated with named errors', () => {
  assert.throws(() => sampleSync(model, { samples: 10, device: 'gpu' as never }), { name: 'RangeError', message: "Expected 'cpu', 'cuda' or 'auto' for device but received \"gpu\"" });
  assert.throws(() => sampleSync(model, { samples: 10, device: 1 as never }), { name: 'TypeError', message: "Expected 'cpu', 'cuda' or 'auto' for device but received 1" });
});

test('info reports the CUDA backend: compiled, devices, kernels', () => {
  const c = cudaInfo();
  assert.equal(typeof c.compiled, 'boolean');
  assert.ok(Array.isArray(c.devices));
  if (c.compiled) assert.ok(c.kernels.includes('setSweep<float64>'), c.kernels.join());
  for (const d of c.devices) assert.deepEqual(Object.keys(d).sort(), ['computeCapability', 'memoryMB', 'name']);
  assert.equal(c.autoMinLanes, 4096);
});

test("device 'auto' is the CPU below the lane threshold, with workers and for permutations", () => {
  assert.equal(resolveDevice('auto', { lanes: 4095, space: 'set' }), 'cpu');
  assert.equal(resolveDevice(undefined, { lanes: 1 << 20, space: 'set', workers: 2 }), 'cpu');
  assert.equal(resolveDevice('auto', { lanes: 1 << 20, space: 'permutation' }), noGpu ? 'cpu' : 'cuda');
  assert.equal(resolveDevice('auto', { lanes: 1 << 20, space: 'set' }), noGpu ? 'cpu' : 'cuda');
  assert.equal(resolveDevice('cpu', { lanes: 1 << 20, space: 'set' }), 'cpu');
});

test("device 'auto' gives exactly the CPU answer (here: no GPU, or a job below the threshold)", async () => {
  for (const method of ['gibbs', 'pt'] as const) {
    const cpu = sampleSync(model, { samples: 500, seed: 4, method, device: 'cpu' });
    const auto = sampleSync(model, { samples: 500, seed: 4, method, device: 'auto' });
    assert.deepEqual(auto.samples, cpu.samples, method);
    assert.deepEqual(auto.ladder, cpu.ladder, method);
  }
  const a = await minimize(model, { seed: 2, maxRounds: 50, device: 'auto' });
  const c = await minimize(model, { seed: 2, maxRounds: 50, device: 'cpu' });
  assert.deepEqual([a.energy, a.state], [c.energy, c.state]);
  const za = await logPartition(model, { method: 'pt', seed: 2, rounds: 200, device: 'auto' });
  const zc = await logPartition(model, { method: 'pt', seed: 2, rounds: 200, device: 'cpu' });
  assert.equal(za.logZ, zc.logZ);
});

test("device 'cuda' without a usable GPU: a RangeError naming CUDA and why", { skip: noGpu ? false : 'a GPU is present (test/gpu)' }, async () => {
  const why = /^Expected a CUDA device for device 'cuda' but (this build has no CUDA backend|the CUDA runtime found no usable GPU)/;
  assert.throws(() => sampleSync(model, { samples: 10, device: 'cuda' }), (e: Error & { code?: string }) => e.name === 'RangeError' && why.test(e.message) && e.code === 'EBM_INVALID_INPUT');
  await assert.rejects(sample(model, { samples: 10, device: 'cuda' }), { name: 'RangeError', message: why });
  await assert.rejects(minimize(model, { maxRounds: 10, device: 'cuda' }), { name: 'RangeError', message: why });
  await assert.rejects(logPartition(model, { method: 'pt', rounds: 10, device: 'cuda' }), { name: 'RangeError', message: why });
});

test("device 'cuda' is refused with workers (one process drives the GPU)", () => {
  assert.throws(() => resolveDevice('cuda', { lanes: 8, space: 'set', workers: 2 }), /one process drives the GPU/);
  assert.throws(() => sampleSync(model, { samples: 10, device: 'cuda', workers: 2 } as never), RangeError);
});

test("device 'cuda' on a permutation model without a usable GPU: the same clear error", { skip: noGpu ? false : 'a GPU is present (test/gpu)' }, async () => {
  const p = permModel({ n: 4, linear: new Float64Array(16) });
  await assert.rejects(minimize(p, { maxRounds: 5, device: 'cuda' }), { name: 'RangeError', message: /CUDA/ });
});

test("the addon itself refuses device 'cuda' with a clear error where no GPU can run it", { skip: noGpu ? false : 'a GPU is present' }, async () => {
  const { native } = await import('../../src/native.ts');
  const m = model.toNative() as Parameters<ReturnType<typeof native>['setSampleSync']>[0];
  assert.throws(() => native().setSampleSync(m, { samples: 5, device: 'cuda' }), /CUDA/);
});

test('ebm --device: cuda without a GPU exits 2 naming CUDA; auto prints the CPU answer', () => {
  const dir = tempFolder('ebm-device-');
  const file = dir.file('model.json', JSON.stringify(setModelToJson(model)));
  if (noGpu) {
    const r = runEbm(['sample', file, '--samples', '100', '--device', 'cuda']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /CUDA/);
    const q = runEbm(['logz', file, '--method', 'pt', '--rounds', '50', '--device', 'cuda']);
    assert.equal(q.code, 2, q.stderr);
    assert.match(q.stderr, /CUDA/);
  }
  const counts = (device: string) => JSON.parse(runEbm(['sample', file, '--samples', '300', '--seed', '3', '--device', device, '--json']).stdout).counts;
  assert.deepEqual(counts('auto'), counts('cpu'));
  const bad = runEbm(['sample', file, '--samples', '10', '--device', 'gpu']);
  assert.equal(bad.code, 2);
});
