/**
 * Issue 11 item 1: async jobs keep pointers into the caller's cancel / progress / output arrays while they run.
 * The raw binding must hold those arrays alive and refuse ones that could be detached (ArrayBuffer views: a
 * transfer frees their memory even while referenced) with a named TypeError; SharedArrayBuffer views cannot
 * be detached. The child (detach-child.ts) detaches everything it passed and runs gc() throughout; a
 * use-after-free would show as a crash (signal / exit code) or a wrong-shaped result. The public API, which
 * passes SharedArrayBuffer views, gives the same answers with or without signal and onProgress.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sample } from '../../src/sample/sample.ts';
import { closePool } from '../../src/pool/pool.ts';
import { randomSetModel } from '../helpers.ts';

after(() => closePool());

test('raw binding: detaching and collecting every buffer passed to running jobs never crashes', () => {
  const child = fileURLToPath(new URL('./detach-child.ts', import.meta.url));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child], { cwd: root, encoding: 'utf8', timeout: 120_000, env: process.env });
  assert.equal(r.signal, null, `child killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, `child exit ${r.status}: ${r.stderr}`);
  const f = JSON.parse(r.stdout.trim().split('\n').pop()!);
  for (const key of ['plain-set-cancel', 'plain-perm-cancel', 'plain-set-progress', 'plain-perm-progress', 'plain-set-output'])
    assert.equal(f[key], 'TypeError:EBM_INVALID_INPUT', key);
  assert.deepEqual(f.sharedDetach, ['shared', 'shared', 'shared', 'shared', 'shared']);
  assert.deepEqual(f.copiedDetach, ['detached', 'detached', 'detached', 'detached', 'detached']);
  assert.deepEqual(f.sample, { sameOutput: true, length: 4000 * 96, produced: 4000, binary: true, stopped: 'done' });
  assert.deepEqual(f.perm, { length: 30, permutation: true, stopped: 'aborted', finiteEnergy: true });
  assert.equal(f.progressWritten, true);
  assert.equal(f.many, 'all resolved');
});

test('raw binding: a cancel / progress / output view of an ArrayBuffer is refused by the Sync jobs too', async () => {
  const { native } = await import('../../src/native.ts');
  const b = native();
  const m = { n: 3, unary: new Float64Array(3), rowPtr: new Int32Array(4), col: new Int32Array(0), weight: new Float64Array(0), cardinality: -1 };
  const expect = (field: string) => ({ name: 'TypeError', code: 'EBM_INVALID_INPUT', message: new RegExp(`SharedArrayBuffer for ${field}`) });
  assert.throws(() => b.setSampleSync(m, { samples: 2, cancel: new Int32Array(1) } as never), expect('cancel'));
  assert.throws(() => b.setSampleSync(m, { samples: 2, progress: new Float64Array(3) } as never), expect('progress'));
  assert.throws(() => b.setSampleSync(m, { samples: 2, output: new Uint8Array(6) } as never), expect('output'));
  const ok = b.setSampleSync(m, { samples: 2, cancel: new Int32Array(new SharedArrayBuffer(4)), progress: new Float64Array(new SharedArrayBuffer(24)), output: new Uint8Array(new SharedArrayBuffer(6)) } as never);
  assert.equal(ok.produced, 2);
});

test('public API: sample with signal and onProgress gives the same samples as without (libuv and workers)', async () => {
  const model = randomSetModel({ n: 40, seed: 5, cardinality: 12 });
  const base = { samples: 3000, seed: 17, chains: 6, burnIn: 20 };
  const plain = await sample(model, base);
  for (const workers of [undefined, 2]) {
    const ac = new AbortController();
    const r = await sample(model, { ...base, ...(workers && { workers }), signal: ac.signal, onProgress: () => {} });
    assert.deepEqual(r.samples, plain.samples, `workers ${workers}`);
  }
});
