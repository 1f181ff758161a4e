/**
 * TensorFlow.js is an optional peer, loaded on first learning call: importing the package must not load it,
 * a missing tfjs must reject learning calls with EBM_MISSING_DEPENDENCY, a missing wasm backend falls back to
 * cpu, and no declaration reachable from the entry may import @tensorflow/* (consumers type-check without it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { MISSING_DEPENDENCY_CODE, TFJS_VERSION } from '../../src/learn/tf.ts';
import { predict } from '../../src/learn/train.ts';
import { makeStructure } from '../../src/learn/structures.ts';
import type { LearnedModel } from '../../src/learn/types.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const index = pathToFileURL(join(root, 'src/index.ts')).href;

/** Runs `script` (an ES module body) in a child with tsx, where the given package prefixes do not resolve. */
function withoutPackages(prefixes: string[], script: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-lazy-'));
  // A resolve hook failing like a package that is not installed (same error code as Node's own).
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `const blocked = ${JSON.stringify(prefixes)};
export async function resolve(specifier, context, next) {
  if (blocked.some((p) => specifier.startsWith(p))) throw Object.assign(new Error("Cannot find package '" + specifier + "' (blocked by the test)"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}\n`,
  );
  writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
  writeFileSync(join(dir, 'main.mjs'), script);
  const env = { ...process.env };
  delete env.EBM_TF_BACKEND; // the automatic order is under test
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, 'main.mjs')], { cwd: root, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('without @tensorflow/*: the package imports and solves; train, loadBackend and loadModel reject with EBM_MISSING_DEPENDENCY', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'ebm-lazy-model-'));
  // A file that passes loadModel's format check, so the rejection comes from loading tfjs.
  writeFileSync(join(modelDir, 'model.json'), JSON.stringify({ format: 'ebm-learned/1' }));
  const out = withoutPackages(
    ['@tensorflow/'],
    `const ebm = await import(${JSON.stringify(index)});
const failure = async (call) => call().then(() => null, (e) => ({ code: e.code, message: e.message }));
console.log(JSON.stringify({
  assign: ((r) => [Array.from(r.assignment), r.cost])(ebm.assign([[1, 2], [3, 0]])),
  losses: ebm.LOSSES,
  train: await failure(() => ebm.train({ x: [0, 1], y: [0, 1], rows: 2, d: 1, k: 1 }, { model: 'unary', epochs: 1 })),
  loadBackend: await failure(() => ebm.loadBackend()),
  loadModel: await failure(() => ebm.loadModel(${JSON.stringify(modelDir)})),
}));\n`,
  ) as Record<string, unknown>;
  assert.deepEqual(out.assign, [[0, 1], 1]);
  assert.ok((out.losses as string[]).includes('minmin-logistic'));
  for (const call of ['train', 'loadBackend', 'loadModel']) {
    const e = out[call] as { code: string; message: string } | null;
    assert.equal(e?.code, MISSING_DEPENDENCY_CODE, `${call}: ${JSON.stringify(e)}`);
    assert.match(e.message, /optional package @tensorflow\/tfjs\b/);
    assert.ok(e.message.includes(`npm install @tensorflow/tfjs@${TFJS_VERSION} @tensorflow/tfjs-backend-wasm@${TFJS_VERSION}`), e.message);
  }
});

test('without the wasm backend (and tfjs-node), learning falls back to the cpu backend', () => {
  const out = withoutPackages(
    ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node'],
    `const ebm = await import(${JSON.stringify(index)});
console.log(JSON.stringify(await ebm.loadBackend()));\n`,
  ) as { backend: string; tried: { backend: string }[] };
  assert.equal(out.backend, 'cpu');
  assert.deepEqual(
    out.tried.map((t) => t.backend),
    ['tensorflow', 'wasm'],
  );
});

test('the install command names the tfjs version the tests run against', () => {
  const installed = createRequire(import.meta.url)('@tensorflow/tfjs/package.json') as { version: string };
  assert.equal(TFJS_VERSION, installed.version);
});

test('the public LearnedModel keeps its networks opaque: a model not made by train or loadModel is rejected', () => {
  const foreign = { structure: makeStructure('unary', 2), networks: { dispose() {} }, standardizer: { mean: Float64Array.of(0), std: Float64Array.of(1) }, d: 1 } as unknown as LearnedModel;
  assert.throws(() => predict(foreign, [0.5], 1), { name: 'TypeError', code: 'EBM_INVALID_INPUT', message: /model\.networks/ });
});

test('no declaration reachable from index.d.ts imports @tensorflow/*', () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) })!;
  const out = join(root, 'decl');
  const options = { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: join(root, 'src'), outDir: out };
  const files = new Map<string, string>();
  // Emitted in memory: only the declarations' import graph matters here.
  ts.createProgram([join(root, 'src/index.ts')], options).emit(undefined, (name, text) => files.set(resolve(name), text));
  const seen = new Set<string>();
  const offenders: string[] = [];
  const todo = [join(out, 'index.d.ts')];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = files.get(file);
    assert.ok(text !== undefined, `no declaration emitted for ${file}`);
    for (const [, specifier] of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
      if (specifier!.startsWith('.')) todo.push(resolve(dirname(file), specifier!.replace(/\.(m?)ts$/, '.d.$1ts')));
      else if (specifier!.startsWith('@tensorflow/')) offenders.push(`${file.slice(out.length + 1)} imports ${specifier}`);
    }
  }
  assert.ok(seen.has(join(out, 'learn/train.d.ts')), 'the walk reaches the learning declarations');
  assert.deepEqual(offenders, []);
});
