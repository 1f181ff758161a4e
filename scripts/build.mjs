#!/usr/bin/env node
// npm run build: src/ -> dist/ with tsc (ESM JavaScript, .d.ts, source maps), then the CommonJS door:
// dist/cjs/index.cjs is `require('../index.js')` (Node >= 20.19 loads ES modules from require), so both doors
// share one module instance (one worker pool, one addon), and dist/cjs/ holds the same declarations read as
// CommonJS (its package.json says so) for TypeScript consumers that compile to require().
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

const files = (dir) => readdirSync(dir, { recursive: true }).map(String);
// tsc rewrites `./x.ts` to `./x.js` in JavaScript but not in declarations (microsoft/TypeScript#61037).
const relativeTs = /((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.(m?)ts(['"])/g;
for (const f of files(dist).filter((f) => /\.d\.m?ts$/.test(f))) {
  const path = join(dist, f);
  const text = readFileSync(path, 'utf8');
  const fixed = text.replace(relativeTs, (_, head, m, quote) => `${head}.${m}js${quote}`);
  if (fixed !== text) writeFileSync(path, fixed);
}

const cjs = join(dist, 'cjs');
mkdirSync(cjs, { recursive: true }); // recursive: two builds at once (parallel test runs) both get here
writeFileSync(join(cjs, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
// One CommonJS entry per entry point of the exports map ("." and "./testing"): dist/cjs/<entry>.cjs.
for (const entry of ['index', 'testing/index']) {
  const up = '../'.repeat(entry.split('/').length);
  mkdirSync(dirname(join(cjs, entry)), { recursive: true });
  writeFileSync(
    join(cjs, `${entry}.cjs`),
    `'use strict';\n// CommonJS entry: the ES module build itself (require(esm), Node >= 20.19), so there is one instance.\nmodule.exports = require('${up}${entry}.js');\n`,
  );
}
for (const f of files(dist).filter((f) => !f.startsWith('cjs') && /\.d\.m?ts(\.map)?$/.test(f))) {
  mkdirSync(dirname(join(cjs, f)), { recursive: true });
  if (f.endsWith('.map')) {
    // The copy sits one folder deeper: its map's sources are one more ../ away from src/.
    const map = JSON.parse(readFileSync(join(dist, f), 'utf8'));
    map.sources = map.sources.map((s) => '../' + s);
    writeFileSync(join(cjs, f), JSON.stringify(map));
  } else cpSync(join(dist, f), join(cjs, f));
}
console.log(`dist/ built (${files(dist).filter((f) => f.endsWith('.js')).length} modules)`);
