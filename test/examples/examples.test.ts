/**
 * Every script in examples/ (*.mjs, *.cjs: discovered, so a new example cannot be left out) runs with plain
 * `node` from the repository root and must exit 0: the examples assert the facts they print, so a change that
 * breaks one fails here. They import 'discrete-ebm', the package's own name, which resolves through the exports
 * map to dist/ (npm test builds it first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const distEntry = join(root, 'dist', 'index.js');
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => /\.(mjs|cjs)$/.test(f))
  .sort();
// Each takes a few seconds alone; the margin covers a loaded 2-core machine running the other test files.
const TIMEOUT_MS = 120_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node file` in the repository root; past the timeout the child is killed (signal SIGKILL). */
function runNode(file: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/** A hint for a failure: dist/ older than the newest source file runs yesterday's library. */
function staleDistHint(): string {
  const built = statSync(distEntry).mtimeMs;
  const newest = readdirSync(join(root, 'src'), { recursive: true })
    .map((f) => join(root, 'src', String(f)))
    .filter((f) => f.endsWith('.ts'))
    .reduce((t, f) => Math.max(t, statSync(f).mtimeMs), 0);
  return newest > built ? '\n(dist/ is older than src/: run npm run build)' : '';
}

test('examples/ holds runnable scripts', () => {
  assert.ok(examples.length > 0, 'no *.mjs or *.cjs in examples/');
});

for (const file of examples) {
  test(`examples/${file} exits 0`, { timeout: TIMEOUT_MS + 10_000 }, async () => {
    assert.ok(existsSync(distEntry), `dist/index.js is missing: run npm run build (examples import 'discrete-ebm', which resolves to dist/)`);
    const r = await runNode(join('examples', file));
    assert.notEqual(r.signal, 'SIGKILL', `examples/${file} did not exit within ${TIMEOUT_MS / 1000} s\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    if (r.code !== 0) assert.fail(`examples/${file} exited with ${r.code ?? r.signal}\nstderr:\n${r.stderr}${staleDistHint()}`);
    // An example is for reading its output: it must say something.
    assert.ok(r.stdout.trim().length > 0, `examples/${file} printed nothing`);
  });
}
