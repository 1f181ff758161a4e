/**
 * The CUDA launch planning (native/cuda/plan.hpp), unit-tested on the host: block sizes, the shared-memory
 * choice and its fallbacks, and the device and pinned byte counts a job needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { native } from '../../src/native.ts';

const plan = native().cudaPlanSync;
const h200 = { smCount: 132, sharedPerBlock: 227 * 1024, maxThreadsPerBlock: 1024, globalBytes: 141e9 };

test('blocks of 128 lanes, or the lanes rounded up to a warp; enough blocks for every lane', () => {
  assert.deepEqual([plan({ n: 10, lanes: 1 }, h200).threads, plan({ n: 10, lanes: 1 }, h200).blocks], [32, 1]);
  assert.deepEqual([plan({ n: 10, lanes: 33 }, h200).threads, plan({ n: 10, lanes: 33 }, h200).blocks], [64, 1]);
  assert.deepEqual([plan({ n: 10, lanes: 128 }, h200).threads, plan({ n: 10, lanes: 128 }, h200).blocks], [128, 1]);
  const p = plan({ n: 10, lanes: 100000 }, h200);
  assert.equal(p.threads, 128);
  assert.equal(p.blocks, Math.ceil(100000 / 128));
  assert.equal(plan({ n: 10, lanes: 1000 }, { ...h200, maxThreadsPerBlock: 64 }).threads, 64);
});

test('shared memory when a block of y and fields fits, halving the block to fit, global otherwise', () => {
  // 2 n threads realBytes: n = 100 float64 at 128 threads is 204800 bytes <= 227 KiB.
  const a = plan({ n: 100, lanes: 10000, realBytes: 8 }, h200);
  assert.deepEqual([a.shared, a.threads, a.sharedBytes], [true, 128, 2 * 100 * 128 * 8]);
  // n = 200: 409600 at 128, 204800 at 64 threads.
  const b = plan({ n: 200, lanes: 10000, realBytes: 8 }, h200);
  assert.deepEqual([b.shared, b.threads, b.sharedBytes], [true, 64, 2 * 200 * 64 * 8]);
  // float32 and int16 lanes fit twice and four times the items.
  assert.equal(plan({ n: 400, lanes: 10000, realBytes: 4 }, h200).threads, 64);
  assert.equal(plan({ n: 800, lanes: 10000, realBytes: 2 }, h200).threads, 64);
  // n = 1000 float64 needs 512000 bytes even at one warp: global memory, blocks of 128.
  const c = plan({ n: 1000, lanes: 10000, realBytes: 8 }, h200);
  assert.deepEqual([c.shared, c.threads, c.sharedBytes], [false, 128, 0]);
  // An A100-class part (163 KiB) moves the boundary.
  assert.equal(plan({ n: 100, lanes: 10000 }, { ...h200, sharedPerBlock: 163 * 1024 }).threads, 64);
});

test('device and pinned bytes count every buffer; fits is 90% of device memory', () => {
  const n = 800, lanes = 4096, nnz = 800 * 6;
  const p = plan({ n, lanes, couplings: nnz, realBytes: 8 }, h200);
  const perLane = 2 * n * 8 + 8 + 8 + 8;
  const model = nnz * 8 + 4 * (n + 1 + nnz) + 4 * n;
  assert.equal(p.deviceBytes, perLane * lanes + model);
  // The host mirror holds every lane array (y and fields, energy, beta, betaReal): the lanes' device bytes.
  assert.equal(p.pinnedBytes, perLane * lanes);
  const dense = plan({ n, lanes, dense: true, realBytes: 4 }, h200);
  assert.equal(dense.deviceBytes, (2 * n * 4 + 8 + 8 + 4) * lanes + n * n * 4 + 4 * n);
  const card = plan({ n, lanes, couplings: nnz, cardinality: true, nFree: 700 }, h200);
  assert.equal(card.deviceBytes - plan({ n, lanes, couplings: nnz, nFree: 700 }, h200).deviceBytes, 4 * 700 * lanes);
  assert.equal(plan({ n: 100000, lanes: 1 << 20, couplings: 600000 }, h200).fits, false);
  assert.equal(p.fits, true);
});

test("'auto' picks the device from 4096 lanes", () => {
  assert.equal(plan({ n: 10, lanes: 4095 }).autoDevice, false);
  assert.equal(plan({ n: 10, lanes: 4096 }).autoDevice, true);
});

test('permutation plans: global memory, A and B (and transposes unless symmetric) counted', () => {
  const n = 100, lanes = 1000;
  const sym = plan({ space: 'perm', n, lanes, linear: false, qap: true, symmetric: true }, h200);
  const gen = plan({ space: 'perm', n, lanes, linear: false, qap: true, symmetric: false }, h200);
  assert.equal(sym.shared, false);
  assert.equal(gen.deviceBytes - sym.deviceBytes, 2 * 8 * n * n);
  assert.equal(sym.deviceBytes, lanes * (8 * n + 16) + 2 * 8 * n * n + 4 * n);
  assert.equal(sym.pinnedBytes, lanes * (8 * n + 16)); // sigma, inverse, energy, beta
});
