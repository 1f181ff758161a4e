// Piscina worker: loads the addon once per thread and runs one synchronous native job per task. Plain
// JavaScript (no TypeScript loader needed in worker threads). Results come back by structured clone.
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';

// The main thread chose the binary (src/binding/load.ts) and passes its path, so every thread runs the same one.
const addon = createRequire(import.meta.url)(workerData.addonPath);

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
