// Piscina worker: loads the addon once per thread and runs one synchronous native job per task. Plain
// JavaScript (no TypeScript loader needed in worker threads). Results come back by structured clone.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const candidates = ['../../build/Release/discrete_ebm.node', '../../build/Debug/discrete_ebm.node'];
const path = candidates.map((rel) => fileURLToPath(new URL(rel, import.meta.url))).find((p) => existsSync(p));
if (!path) throw new Error('discrete-ebm worker: native addon not found; run `npm install`');
const addon = require(path);

/** task = { fn: name of a synchronous addon function, args: its arguments } */
export default function run({ fn, args }) {
  if (typeof fn !== 'string' || !fn.endsWith('Sync') || typeof addon[fn] !== 'function') throw new TypeError(`Unknown native job ${fn}`);
  return addon[fn](...args);
}
