/** ebm info: TensorFlow.js backend detection without loading tfjs, and the loaded backend behind --backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEbm } from '../helpers.ts';


const ebm = (env: Record<string, string>, ...args: string[]) => runEbm(args, { env });

test('ebm info --json lists installed backends without loading tfjs; --backend reports the one training uses', () => {
  const plain = ebm({ EBM_TF_BACKEND: '' }, 'info', '--json');
  assert.equal(plain.code, 0, plain.stderr);
  const a = JSON.parse(plain.stdout) as Record<string, unknown>;
  assert.ok(Array.isArray(a.tf_backends_installed) && (a.tf_backends_installed as string[]).includes('cpu'));
  assert.equal(a.backend, undefined);
  const loaded = ebm({ EBM_TF_BACKEND: 'cpu' }, 'info', '--backend', '--json');
  assert.equal(loaded.code, 0, loaded.stderr);
  const b = JSON.parse(loaded.stdout) as Record<string, unknown>;
  assert.equal(b.backend, 'cpu');
  assert.equal(b.tf_backend_override, 'cpu');
  // The networks run in the native core, the losses on the loaded backend.
  assert.deepEqual(b.training, { dense: `native core (${(b as { simd: string }).simd}, 1 thread)`, losses: 'tfjs cpu' });
  const text = ebm({ EBM_TF_BACKEND: 'cpu' }, 'info', '--backend');
  assert.match(text.stdout, /^Training: dense layers and Adam in the native core \(\w+, 1 thread\); losses on tfjs cpu$/m);
  const bad = ebm({ EBM_TF_BACKEND: 'gpu' }, 'info', '--backend', '--json');
  assert.equal(bad.code, 2, bad.stderr);
});

test('ebm info names the addon binary it runs; EBM_ADDON forces one and a bad value is a clear error', () => {
  const r = ebm({ EBM_ADDON: 'source' }, 'info', '--json');
  assert.equal(r.code, 0, r.stderr);
  const addon = (JSON.parse(r.stdout) as { addon: { kind: string; arch: string; path: string; reason: string } }).addon;
  assert.equal(addon.kind, 'source');
  assert.equal(addon.arch, 'native');
  assert.match(addon.path, /build\/Release\/discrete_ebm\.node$/);
  assert.equal(addon.reason, 'EBM_ADDON=source');
  const text = ebm({ EBM_ADDON: '' }, 'info');
  assert.match(text.stdout, /^Addon: source build \(-march=native; source build \(-march=native\) present\): /m);
  const bad = ebm({ EBM_ADDON: 'v9' }, 'info');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /EBM_ADDON="v9" is not "source", a level x86-64-v2\|v3\|v4 or a \.node path/);
  assert.match(bad.stderr, /--build-from-source/);
});
