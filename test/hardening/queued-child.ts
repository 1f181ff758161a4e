/**
 * Child of cancel-exact.test.ts, run with UV_THREADPOOL_SIZE=1: one LAP (the blocker) occupies the only pool
 * thread while a second one, called right after it with a deadline of 0.8 x the blocker's solo time, waits in
 * the queue. The deadline counts from the call, so the queued job has no time left when it starts and settles
 * at once. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { assignAsync } from '../../src/solve/assign.ts';
import { rng } from '../helpers.ts';

const n = 2000;
const r = rng(9);
const p = { n, cost: Float64Array.from({ length: n * n }, () => Math.floor(r() * 1e6)) };
const t0 = performance.now();
await assignAsync(p); // solo, for the blocker's time
const limitMs = Math.max(1, Math.round(0.8 * (performance.now() - t0)));
const t1 = performance.now();
let blockerEnd = 0;
const blocker = assignAsync(p).then(() => (blockerEnd = performance.now() - t1));
const queued = await assignAsync(p, { timeLimitMs: limitMs });
const queuedEnd = performance.now() - t1;
await blocker;
console.log(JSON.stringify({ blockerMs: blockerEnd, afterBlockerMs: queuedEnd - blockerEnd, limitMs, stopped: queued.stopped, permutation: new Set(queued.assignment).size === n }));
