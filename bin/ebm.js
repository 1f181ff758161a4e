#!/usr/bin/env node
// The `ebm` command: the compiled CLI in dist/ (npm run build), run by plain node.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ebm: dist/ is missing; run `npm run build` in the discrete-ebm folder (a git checkout builds it on npm install).\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
