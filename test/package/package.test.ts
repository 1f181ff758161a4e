/**
 * The package as a user gets it: `npm pack`, then `npm install <tarball>` in an empty folder with cmake and the
 * compilers replaced by failing stubs (the prebuilt addon must be enough), then ESM import, CommonJS require,
 * the worker pool and the CLI from the installed copy, TypeScript consumers (node16 ESM and CommonJS, bundler;
 * skipLibCheck false), and the linters attw and publint on the tarball. Builds the prebuilts first when absent.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const version = (require('../../package.json') as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'ebm-package-'));
const consumer = join(work, 'consumer');
const installed = join(consumer, 'node_modules', 'discrete-ebm');
let tarball = '';
let tarballFiles: string[] = [];

function sh(cmd: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}
const node = (args: string[], cwd = consumer, env: NodeJS.ProcessEnv = process.env) => sh(process.execPath, args, { cwd, env });
const bin = (pkg: string, file: string) => join(root, 'node_modules', pkg, file);

before(() => {
  // dist/ is built by `npm test` before the tests run. The prebuilts are rebuilt every time (cmake-js builds are
  // incremental: seconds when nothing changed, about a minute from scratch), so the tarball never ships stale ones.
  assert.ok(existsSync(join(root, 'dist', 'index.js')), 'dist/ is missing: run npm run build');
  const p = node(['scripts/prebuild.mjs'], root);
  assert.equal(p.code, 0, p.stdout + p.stderr);
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root });
  assert.equal(pack.code, 0, pack.stderr);
  const info = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0]!.filename);
  tarballFiles = info[0]!.files.map((f) => f.path);

  // Failing stand-ins for every build tool, first on PATH: installing must not compile anything.
  const stubs = join(work, 'stubs');
  mkdirSync(stubs);
  for (const tool of ['cmake', 'make', 'ninja', 'cc', 'gcc', 'g++', 'c++', 'clang', 'clang++', 'nvcc']) {
    writeFileSync(join(stubs, tool), `#!/bin/sh\necho "stub ${tool}: no compilers here" >&2\nexit 1\n`);
    chmodSync(join(stubs, tool), 0o755);
  }
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  const env = { ...process.env, PATH: stubs + delimiter + process.env.PATH, EBM_BUILD_FROM_SOURCE: '', npm_config_build_from_source: '' };
  const install = sh('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: consumer, env });
  assert.equal(install.code, 0, `npm install of the tarball failed:\n${install.stdout}\n${install.stderr}`);
  assert.match(install.stdout + install.stderr, /using the prebuilt addon/);
});

test('the tarball ships dist, prebuilds, native sources, demo data, README and LICENSE, and no tests or CI files', () => {
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cjs/index.cjs', 'dist/cjs/index.d.ts', 'dist/pool/worker.mjs', 'bin/ebm.js', 'scripts/install.mjs',
    'CMakeLists.txt', 'native/addon/addon.cc', 'native/core/rng.hpp', 'data/G1.txt', 'README.md', 'LICENSE', 'package.json',
    'prebuilds/linux-x64/discrete_ebm.x86-64-v2.node', 'prebuilds/linux-x64/discrete_ebm.x86-64-v3.node', 'prebuilds/linux-x64/discrete_ebm.x86-64-v4.node'])
    assert.ok(tarballFiles.includes(f), `tarball lacks ${f}`);
  const unwanted = tarballFiles.filter((f) => /^(test|bench|\.ci|src|build|build-prebuild|docs|scripts\/(?!install\.mjs))\//.test(f) || f.endsWith('.tsbuildinfo'));
  assert.deepEqual(unwanted, []);
  assert.ok(!existsSync(join(installed, 'build')), 'the install compiled something');
});

test('ESM import and CommonJS require solve a LAP from the installed package, with one shared instance', () => {
  writeFileSync(join(consumer, 'esm.mjs'), "import { assign } from 'discrete-ebm';\nconsole.log(JSON.stringify(assign([[4, 1], [2, 3]])));\n");
  writeFileSync(
    join(consumer, 'cjs.cjs'),
    "const ebm = require('discrete-ebm');\nconst r = ebm.assign([[4, 1], [2, 3]]);\n" +
      "import('discrete-ebm').then((m) => console.log(JSON.stringify({ ...r, same: m.assign === ebm.assign && m.closePool === ebm.closePool })));\n",
  );
  const esm = node(['esm.mjs']);
  assert.equal(esm.code, 0, esm.stderr);
  assert.deepEqual(JSON.parse(esm.stdout).assignment, { 0: 1, 1: 0 });
  assert.equal(JSON.parse(esm.stdout).cost, 3);
  const cjs = node(['cjs.cjs']);
  assert.equal(cjs.code, 0, cjs.stderr);
  const c = JSON.parse(cjs.stdout);
  assert.equal(c.cost, 3);
  assert.equal(c.same, true, 'require and import gave two module instances');
});

test("'discrete-ebm/testing' loads by import and require and checks the installed sampler", () => {
  writeFileSync(
    join(consumer, 'testing.mjs'),
    "import { setModel, sampleCounts, closePool } from 'discrete-ebm';\nimport { checkCounts } from 'discrete-ebm/testing';\n" +
      "const m = setModel({ n: 3, unary: [1, 0, -1] });\nconst { counts } = await sampleCounts(m, { samples: 20000, seed: 1 });\n" +
      "console.log(JSON.stringify({ pass: checkCounts(m, counts).pass }));\nawait closePool();\n",
  );
  writeFileSync(join(consumer, 'testing.cjs'), "const t = require('discrete-ebm/testing');\nconsole.log(JSON.stringify({ fn: typeof t.checkSampler }));\n");
  const esm = node(['testing.mjs']);
  assert.equal(esm.code, 0, esm.stderr);
  assert.equal(JSON.parse(esm.stdout).pass, true);
  const cjs = node(['testing.cjs']);
  assert.equal(cjs.code, 0, cjs.stderr);
  assert.equal(JSON.parse(cjs.stdout).fn, 'function');
});

test('the worker pool runs from the installed layout and gives the same counts as one thread', () => {
  writeFileSync(
    join(consumer, 'pool.mjs'),
    "import { setModel, sampleCounts, closePool } from 'discrete-ebm';\n" +
      "const m = setModel({ n: 5, unary: [0.3, -0.2, 0.1, 0, 0.5], edges: [[0, 1, 1], [2, 3, -1]] });\n" +
      'const a = await sampleCounts(m, { samples: 20000, chains: 4, seed: 3 });\n' +
      'const b = await sampleCounts(m, { samples: 20000, chains: 4, seed: 3, workers: 2 });\n' +
      'await closePool();\n' +
      'const sorted = (c) => JSON.stringify([...c.counts].sort());\n' +
      'console.log(JSON.stringify({ same: sorted(a) === sorted(b), produced: b.produced }));\n',
  );
  const r = node(['pool.mjs']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { same: true, produced: 20000 });
});

test('the installed ebm runs with plain node: --version, and info names the prebuilt it picked', () => {
  const ebm = join(consumer, 'node_modules', '.bin', 'ebm');
  const v = sh(ebm, ['--version'], { cwd: consumer });
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout.trim(), version);
  const i = sh(ebm, ['info', '--json'], { cwd: consumer, env: { ...process.env, EBM_ADDON: '' } });
  assert.equal(i.code, 0, i.stderr);
  const addon = (JSON.parse(i.stdout) as { addon: { kind: string; level: string; path: string } }).addon;
  assert.equal(addon.kind, 'prebuilt');
  assert.match(addon.level, /^x86-64-v[234]$/);
  assert.ok(addon.path.startsWith(installed), addon.path);
});

for (const [name, pkgType, compilerOptions] of [
  ['node16, ESM', 'module', { module: 'node16', moduleResolution: 'node16' }],
  ['node16, CommonJS', 'commonjs', { module: 'node16', moduleResolution: 'node16' }],
  ['bundler', 'module', { module: 'esnext', moduleResolution: 'bundler' }],
] as const) {
  test(`a TypeScript consumer type-checks (${name}, skipLibCheck false)`, () => {
    const dir = join(work, `ts-${name.replace(/\W+/g, '-')}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ts-consumer', private: true, type: pkgType }));
    writeFileSync(
      join(dir, 'main.ts'),
      "import { assign, setModel, sample, solveQap, type AssignResult, type SampleResult } from 'discrete-ebm';\n" +
        'const r: AssignResult = assign([[4, 1], [2, 3]]);\nexport const cost: number = r.cost;\n' +
        'export const m = setModel({ n: 2, unary: [0, 1] });\n' +
        'export const s: Promise<SampleResult> = sample(m, { samples: 10 });\nexport const q = solveQap;\n',
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, target: 'es2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
        files: ['main.ts'],
      }),
    );
    // The consumer resolves discrete-ebm from the installed copy.
    sh('ln', ['-s', join(consumer, 'node_modules'), join(dir, 'node_modules')]);
    const r = node([require.resolve('typescript/bin/tsc'), '-p', dir], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
}

test('attw (are the types wrong) and publint --strict find no problem in the tarball', () => {
  const attw = node([bin('@arethetypeswrong/cli', 'dist/index.js'), tarball, '--format', 'ascii', '--no-color'], work);
  assert.equal(attw.code, 0, attw.stdout + attw.stderr);
  const publint = node([bin('publint', 'src/cli.js'), 'run', tarball, '--strict'], work);
  assert.equal(publint.code, 0, publint.stdout + publint.stderr);
  assert.doesNotMatch(publint.stdout, /warning|error/i, publint.stdout);
});

test('the consumer folder holds no TensorFlow.js: the optional learning stack was not installed', () => {
  assert.ok(!readdirSync(join(consumer, 'node_modules')).includes('@tensorflow'));
});
