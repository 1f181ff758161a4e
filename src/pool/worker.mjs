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

/**
 * task = { fn: name of a synchronous addon function, args: its arguments, countBase?: number }. With countBase,
 * a sampling job's rows are tallied here (in parallel across workers) and only the distinct states travel
 * back: row x of n entries has code sum_i x_i base^i (base 2 for sets, n for permutations; exact for codes
 * below 2^53, which the caller checks).
 */
export default function run({ fn, args, countBase }) {
  if (typeof fn !== 'string' || !fn.endsWith('Sync') || typeof addon[fn] !== 'function') throw new TypeError(`Unknown native job ${fn}`);
  const result = addon[fn](...args);
  if (countBase === undefined) return result;
  const { samples, produced } = result;
  const n = args[0].n;
  const tally = new Map();
  for (let s = 0; s < produced; s++) {
    let code = 0;
    for (let i = n - 1; i >= 0; i--) code = code * countBase + samples[s * n + i];
    tally.set(code, (tally.get(code) ?? 0) + 1);
  }
  result.samples = samples.subarray(0, 0);
  result.stateCodes = Float64Array.from(tally.keys());
  result.stateCounts = Float64Array.from(tally.values());
  return result;
}
