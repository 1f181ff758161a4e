/**
 * The device lanes' plumbing in C++, without a GPU: compiles test/cuda/plan_check.cpp against native/ with the
 * host compiler and runs it. It checks what the addon's options cannot reach: the plan's device and pinned
 * byte counts are the executors' arrays, sweeps split over several launches give the CPU lanes' chains bit for
 * bit (sets in all three lane types, shared and global memory plans, cardinality, clamps; permutations with a
 * ragged last block), the launch budget splits a dense n = 2000 sweep on the planned H200, and a stop raised by
 * another thread ends a sweep between launches with valid lanes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempFolder } from '../helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('device lanes plumbing (test/cuda/plan_check.cpp): plan bytes, split sweeps, stops between launches', () => {
  const exe = join(tempFolder('ebm-plan-check-').dir, 'plan_check');
  const cxx = process.env.CXX ?? 'c++';
  const build = spawnSync(cxx, ['-std=c++17', '-O1', '-Wall', '-Wextra', '-Wno-unused-parameter', `-I${root}native`, `${root}test/cuda/plan_check.cpp`, '-o', exe, '-lpthread'], { encoding: 'utf8' });
  assert.equal(build.status, 0, `${cxx} failed:\n${build.stderr}`);
  const run = spawnSync(exe, [], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^ok \(0 failed\)/m);
});
