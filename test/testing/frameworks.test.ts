/**
 * discrete-ebm/testing works under the test runners people use, not only node:test: the same spec (an exact
 * sampler passes, a broken one is caught by assertSampler with its readable diff) runs under vitest, and under
 * jest in its ES module mode (Node 20 and 22: jest's own module runtime cannot require() an ES module before
 * Node 24.9, so CommonJS tests need Node >= 24.9 there; README "Property-testing a sampler" says so).
 * The spec imports the package by name from dist/ (node_modules/discrete-ebm links to this checkout, as npm
 * link would) in a temporary folder outside the checkout (a link back into it would loop recursive scans of
 * test/); the runners are this project's devDependencies, linked there too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** The spec for a runner whose test API is imported from `api`. */
const spec = (api: string) => `import { test, expect } from '${api}';
import { setModel } from 'discrete-ebm';
import { checkSampler, assertSampler, exactSampler } from 'discrete-ebm/testing';
const model = setModel({ n: 3, unary: [1, 0, -1], edges: [[0, 1, 0.5]] });
// Broken: item 0 flipped in every state.
const flipped = (m, o) => exactSampler(m, o).map((y) => y.map((v, i) => (i === 0 ? 1 - v : v)));
test('an exact sampler passes', async () => {
  const r = await checkSampler(model, exactSampler, { samples: 20000, seed: 1 });
  expect(r.pass).toBe(true);
});
test('a broken sampler is caught with a readable diff', async () => {
  await expect(assertSampler(model, flipped, { samples: 20000, seed: 1 })).rejects.toThrow(/TV distance [0-9.]+ is above the bound/);
});
`;

const dir = mkdtempSync(join(tmpdir(), 'ebm-frameworks-'));

function setUp(): void {
  mkdirSync(join(dir, 'node_modules', '@jest'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'discrete-ebm'), 'dir');
  symlinkSync(join(root, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
  symlinkSync(join(root, 'node_modules', '@jest', 'globals'), join(dir, 'node_modules', '@jest', 'globals'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'frameworks-consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'sampler.vitest.test.mjs'), spec('vitest'));
  writeFileSync(join(dir, 'sampler.jest.test.mjs'), spec('@jest/globals'));
}

function run(bin: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env, CI: '1', NO_COLOR: '1' }, timeout: 180_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('vitest and jest (ES module mode) run a checkSampler / assertSampler spec', () => {
  setUp();
  const vitest = run(join(root, 'node_modules', 'vitest', 'vitest.mjs'), ['run', '--root', dir, 'sampler.vitest.test.mjs']);
  assert.equal(vitest.code, 0, vitest.out);
  assert.match(vitest.out, /2 passed/);
  const jestBin = join(require.resolve('jest/package.json'), '..', 'bin', 'jest.js');
  const jest = run(jestBin, ['--rootDir', dir, '--testMatch', '**/*.jest.test.mjs'], { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' });
  assert.equal(jest.code, 0, jest.out);
  assert.match(jest.out, /Tests:\s+2 passed, 2 total/);
});
