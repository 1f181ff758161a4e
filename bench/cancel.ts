/**
 * Cancellation latency: `npm run bench -- cancel [--repeats K]`. Abort-to-settle time (from `abort()` to the
 * promise settling, median and worst of K aborts at delays spread from 50 ms to 4 s, so they land in the
 * set-up, in sweeps, in tabu search and in the polish) for a random QAP with n = 1000 (QAPLIB stops at 256;
 * hybrid and pt), a random dense set model with n = 6000 and Gset G70 (n = 10000, from ../shared/data/gset),
 * and the overshoot of a 300 ms deadline on the QAP. Not a ratio benchmark: there is no reference to run, the
 * figures are the point (issue 11 asks for settling within 100 ms). Writes bench/results/cancel.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { minimize, type MinimizeOptions } from '../src/solve/minimize.ts';
import { qapModel } from '../src/solve/qap.ts';
import { maxCutModel } from '../src/solve/maxcut.ts';
import { readGset } from '../src/data/gset.ts';
import { setModel, type SetModel } from '../src/energies/setModel.ts';
import type { PermModel } from '../src/energies/permModel.ts';
import type { PermMinimizeMethod } from '../src/spaces/perm.ts';
import { mulberry32 } from '../src/data/preprocess.ts';

function symmetricIntegers(n: number, r: () => number, max: number): Float64Array {
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) M[i * n + j] = M[j * n + i] = Math.floor(r() * max);
  return M;
}

function denseSetModel(n: number, r: () => number): SetModel {
  const W = symmetricIntegers(n, r, 21).map((w, k) => (k % (n + 1) === 0 ? 0 : w - 10));
  return setModel({ n, dense: W, unary: Array.from({ length: n }, () => Math.floor(r() * 11) - 5) });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Aborts `delayMs` after the call returned; milliseconds from abort() to the promise settling. */
async function settleAfterAbort(model: SetModel | PermModel, options: MinimizeOptions<PermMinimizeMethod>, delayMs: number): Promise<{ ms: number; stopped: string }> {
  const ac = new AbortController();
  const pending = minimize(model as PermModel, { ...options, signal: ac.signal });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const t = performance.now();
  ac.abort();
  const r = await pending;
  return { ms: performance.now() - t, stopped: r.stopped };
}

export async function run(args: string[]): Promise<void> {
  let repeats = 5;
  for (let k = 0; k < args.length; k++) if (args[k] === '--repeats') repeats = Number(args[++k]);
  const delays = Array.from({ length: repeats }, (_, k) => Math.round(50 * Math.pow(80, repeats > 1 ? k / (repeats - 1) : 0))); // 50 ms .. 4 s
  const r = mulberry32(1);
  const qap = qapModel(symmetricIntegers(1000, r, 100), symmetricIntegers(1000, r, 100), 1000);
  const cases: { name: string; model: () => SetModel | PermModel; options: MinimizeOptions<PermMinimizeMethod> }[] = [
    { name: 'QAP n=1000 hybrid', model: () => qap, options: { method: 'hybrid' } },
    { name: 'QAP n=1000 pt', model: () => qap, options: { method: 'pt' } },
    { name: 'dense set n=6000', model: () => denseSetModel(6000, mulberry32(2)), options: {} },
  ];
  const gset = fileURLToPath(new URL('../../shared/data/gset/G70.txt', import.meta.url));
  if (existsSync(gset)) cases.push({ name: 'G70 (n=10000)', model: () => maxCutModel(readGset(gset)), options: {} });
  else console.log(`G70 skipped: ${gset} not found`);

  const rows = [];
  console.log(`abort -> settle, ${repeats} aborts at ${delays.join(', ')} ms after the call`);
  for (const c of cases) {
    const model = c.model();
    const ms: number[] = [];
    for (const [k, delay] of delays.entries()) {
      const s = await settleAfterAbort(model, { ...c.options, seed: k + 1 }, delay);
      if (s.stopped !== 'aborted') throw new Error(`${c.name}: stopped ${s.stopped}, not aborted`);
      ms.push(s.ms);
    }
    rows.push({ case: c.name, kind: 'abort', settleMs: ms, medianMs: median(ms), maxMs: Math.max(...ms) });
    console.log(`${c.name.padEnd(20)} median ${median(ms).toFixed(1).padStart(7)} ms   max ${Math.max(...ms).toFixed(1).padStart(7)} ms`);
  }
  for (const method of ['hybrid', 'pt'] as const) {
    const over: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const t = performance.now();
      await minimize(qap, { method, seed: k + 1, timeLimitMs: 300 });
      over.push(performance.now() - t - 300);
    }
    const name = `QAP n=1000 ${method}`;
    rows.push({ case: name, kind: 'deadline 300 ms', overshootMs: over, medianMs: median(over), maxMs: Math.max(...over) });
    console.log(`${name.padEnd(20)} 300 ms deadline: overshoot median ${median(over).toFixed(1)} ms, max ${Math.max(...over).toFixed(1)} ms`);
  }
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/cancel.json', import.meta.url)), JSON.stringify({ bench: 'cancel', repeats, delays, date: new Date().toISOString(), rows }, null, 2) + '\n');
}
