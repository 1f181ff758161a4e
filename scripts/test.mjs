#!/usr/bin/env node
// Runs every test/**/*.test.ts (Node 20's --test does not glob .ts files), so a new test file cannot be left out
// of a hand-kept list. Extra arguments go to node --test (e.g. --test-name-pattern); a path filters the files.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const files = readdirSync(join(root, 'test'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test', f))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error(`scripts/test.mjs: no test files under test/ match ${JSON.stringify(filters)}`);
  process.exit(1);
}
console.log(`# ${files.length} test files: ${files.map((f) => relative('test', f)).join(' ')}`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...flags, ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
