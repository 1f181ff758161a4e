/**
 * Sanitizers in CI (issue 11): builds the addon with -fsanitize=address,undefined (CMake option EBM_SANITIZE,
 * into build-sanitize/, -O1) and runs the fuzz, exactness and hardening tests against it in a child process.
 * Node is not built with ASan, so the child preloads libasan; every UBSan report is fatal
 * (-fno-sanitize-recover=undefined, halt_on_error) and ASan aborts on its first report, and any report in the
 * child's output fails this test even if the child exited 0.
 *
 * The subset (FILES below) keeps the build and the run within about 6 minutes on 2 cores: fuzzed models and
 * options for both spaces (every entry point, and the raw addon behind the TS checks), the exact-enumeration
 * comparisons of both spaces, cancellation at size, the wrong-answer and UB repros and the detached buffers
 * (about 80 s under ASan), and the learned networks' dense kernels over edge shapes. Left out:
 * test/spaces/conformance.test.ts (the space x method table, about 250 s under ASan: its statistical power
 * runs repeat sampling paths the exactness tests already drive).
 * Set EBM_SKIP_SANITIZERS=1 to skip it in a local run (CI never sets it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const buildDir = 'build-sanitize';
const addon = join(root, buildDir, 'Release', 'discrete_ebm.node');

const FILES = [
  'test/spaces/fuzz.test.ts',
  'test/perms/fuzz.test.ts',
  'test/sets/exactness.test.ts',
  'test/perms/exactness.test.ts',
  'test/hardening/cancel.test.ts',
  'test/hardening/wrong-answers.test.ts',
  'test/hardening/ubsan.test.ts',
  'test/hardening/detach.test.ts',
  // The learned networks' kernels (native/learn): random shapes with edge tiles, and the bindings' checks.
  'test/learn/denseKernels.test.ts',
];

/** What a sanitizer prints when it finds something (ASan, UBSan, LeakSanitizer). */
const REPORT = /ERROR: AddressSanitizer|runtime error:|SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer/;

function libasan(): string | undefined {
  const r = spawnSync('g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' });
  const path = r.status === 0 ? r.stdout.trim() : '';
  return path.startsWith('/') && existsSync(path) ? path : undefined; // g++ echoes the bare name when it has none
}

const skip =
  process.env.EBM_SKIP_SANITIZERS === '1'
    ? 'EBM_SKIP_SANITIZERS=1'
    : process.platform !== 'linux'
      ? 'sanitizer run is set up for Linux (LD_PRELOAD of libasan)'
      : libasan() === undefined
        ? 'g++ has no libasan.so'
        : false;

test('the fuzz, exactness and hardening tests pass under ASan + UBSan with no report', { skip, timeout: 20 * 60_000 }, () => {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/cmake-js/bin/cmake-js'), 'compile', '--out', buildDir, '--CDEBM_SANITIZE=ON', '--CDEBM_CUDA=OFF'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, EBM_CUDA: 'OFF' },
  });
  assert.equal(build.status, 0, `sanitizer build failed:\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
  assert.ok(existsSync(addon), `no ${addon} after the build`);

  // NODE_TEST_CONTEXT (set for this file by the outer `node --test`) would make the inner runner report to
  // the outer one instead of running its files as a runner of its own.
  const { NODE_TEST_CONTEXT: _outer, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...FILES], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: {
      ...env,
      EBM_ADDON: addon,
      LD_PRELOAD: libasan()!,
      ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1',
      UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
    },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const report = REPORT.exec(output);
  assert.equal(report, null, `sanitizer report:\n${report ? output.slice(Math.max(0, report.index - 2000), report.index + 6000) : ''}`);
  assert.equal(run.signal, null, `child killed by ${run.signal}:\n${output.slice(-6000)}`);
  assert.equal(run.status, 0, `tests failed under the sanitizers:\n${output.slice(-8000)}`);
  const passed = /^# pass (\d+)$/m.exec(run.stdout);
  assert.ok(passed && Number(passed[1]) > 0 && /^# fail 0$/m.test(run.stdout), `no test results from the inner run:\n${output.slice(-4000)}`);
});
