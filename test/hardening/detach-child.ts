/**
 * Child of detach.test.ts (run as `node --expose-gc --import tsx detach-child.ts`): starts async raw-binding jobs
 * with cancel / progress / output arrays, detaches every buffer it passed (structuredClone with transfer),
 * drops them and runs gc() while the jobs run. Arrays on an ArrayBuffer must be refused with a named TypeError
 * (code EBM_INVALID_INPUT) before the job starts; SharedArrayBuffer views cannot be detached and stay alive.
 * Prints one JSON line of findings; any crash shows as a signal or a non-zero exit in the parent.
 */
import { native } from '../../src/native.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const b = native();

function detach(a: ArrayBufferView | undefined): 'detached' | 'shared' {
  if (!a) return 'shared';
  try {
    structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
  } catch (e) {
    // A SharedArrayBuffer is not transferable (DataCloneError; Node 20: TypeError ERR_INVALID_TRANSFER_OBJECT).
    const err = e as Error & { code?: string };
    if (!(a.buffer instanceof SharedArrayBuffer) || (err.name !== 'DataCloneError' && err.code !== 'ERR_INVALID_TRANSFER_OBJECT')) throw e;
    return 'shared';
  }
  if (a.buffer.byteLength !== 0) throw new Error('transfer did not detach');
  return 'detached';
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function setModel(n: number) {
  const r = lcg(7);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dense[i * n + j] = dense[j * n + i] = Math.round(r() * 8 - 4);
  return { n, unary: Float64Array.from({ length: n }, () => Math.round(r() * 6 - 3)), dense, cardinality: -1 };
}
function permModel(n: number) {
  const r = lcg(11);
  return { n, flow: Float64Array.from({ length: n * n }, () => Math.floor(r() * 10)), distance: Float64Array.from({ length: n * n }, () => Math.floor(r() * 10)) };
}

const pressure = setInterval(() => {
  const junk: unknown[] = [];
  for (let i = 0; i < 200; i++) junk.push(new ArrayBuffer(4096));
  gc();
}, 2);

type Outcome = { ok: true; value: unknown } | { ok: false; name: string; code: string | undefined; message: string };
async function settle(start: () => Promise<unknown>): Promise<Outcome> {
  try {
    const p = start();
    return { ok: true, value: await p };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { ok: false, name: err.name, code: err.code, message: err.message };
  }
}

const findings: Record<string, unknown> = {};
const n = 96, samples = 4000;

// 1. Plain ArrayBuffer views for each in-place field: refused with a named TypeError, before the job starts.
for (const field of ['cancel', 'progress', 'output'] as const) {
  for (const space of ['set', 'perm'] as const) {
    const arrays = {
      cancel: new Int32Array(1),
      progress: new Float64Array(3),
      output: space === 'set' ? new Uint8Array(samples * n) : new Int32Array(1),
    };
    const opts: Record<string, unknown> = { seed: 3, timeLimit: 0.3, [field]: arrays[field] };
    const start = () => {
      const p =
        space === 'set'
          ? b.setSample(setModel(n), { ...opts, samples, chains: 8, burnIn: 0 } as never)
          : b.permMinimize(permModel(24), { ...opts, method: 'hybrid' } as never);
      detach(arrays[field]);
      return p;
    };
    if (space === 'perm' && field === 'output') continue; // minimize has no output
    const o = await settle(start);
    findings[`plain-${space}-${field}`] = o.ok ? 'resolved' : `${o.name}:${o.code}`;
  }
}

// 2. SharedArrayBuffer views for cancel, progress and output; every other array (model, initial) on plain
// buffers, detached right after the call: the job copied them.
{
  const model = setModel(n);
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const progress = new Float64Array(new SharedArrayBuffer(24)).fill(NaN);
  const output = new Uint8Array(new SharedArrayBuffer(samples * n));
  const chains = 8;
  const initial = new Uint8Array(chains * n);
  let calls = 0;
  const ref: { sample?: Promise<unknown>; perm?: Promise<unknown> } = {};
  ref.sample = b.setSample(model, { seed: 5, samples, chains, burnIn: 50, thin: 4, cancel, progress, output, initial } as never, () => calls++);
  const pm = permModel(30);
  const pCancel = new Int32Array(new SharedArrayBuffer(4));
  const pProgress = new Float64Array(new SharedArrayBuffer(24)).fill(NaN);
  ref.perm = b.permMinimize(pm, { seed: 5, method: 'hybrid', timeLimit: 5, cancel: pCancel, progress: pProgress } as never, () => calls++);
  const kinds = [cancel, progress, output, pCancel, pProgress].map(detach);
  const copied = [model.unary, model.dense, initial, pm.flow, pm.distance].map(detach);
  findings.sharedDetach = kinds;
  findings.copiedDetach = copied;
  setTimeout(() => Atomics.store(pCancel, 0, 1), 400);
  const [s, p] = await Promise.all([settle(() => ref.sample!), settle(() => ref.perm!)]);
  if (s.ok) {
    const r = s.value as { samples: Uint8Array; produced: number; stopped: string };
    findings.sample = { sameOutput: r.samples === output, length: r.samples.length, produced: r.produced, binary: r.samples.every((x) => x <= 1), stopped: r.stopped };
  } else findings.sample = `${s.name}:${s.message}`;
  if (p.ok) {
    const r = p.value as { state: Int32Array; stopped: string; energy: number };
    const seen = new Set(r.state);
    findings.perm = { length: r.state.length, permutation: seen.size === 30 && r.state.every((x) => x >= 0 && x < 30), stopped: r.stopped, finiteEnergy: Number.isFinite(r.energy) };
  } else findings.perm = `${p.name}:${p.message}`;
  findings.progressWritten = !Number.isNaN(pProgress[0]!); // the perm job runs 400 ms: past the first report
}

// 3. Many short jobs whose arrays are dropped at once and collected while they run.
{
  const jobs: Promise<Outcome>[] = [];
  for (let k = 0; k < 40; k++) {
    jobs.push(
      settle(() =>
        k % 2
          ? b.setSample(setModel(32), { seed: k, samples: 500, chains: 4, cancel: new Int32Array(new SharedArrayBuffer(4)), progress: new Float64Array(new SharedArrayBuffer(24)), output: new Uint8Array(new SharedArrayBuffer(500 * 32)) } as never)
          : b.permMinimize(permModel(16), { seed: k, method: 'pt', maxRounds: 300, cancel: new Int32Array(new SharedArrayBuffer(4)), progress: new Float64Array(new SharedArrayBuffer(24)) } as never),
      ),
    );
  }
  const all = await Promise.all(jobs);
  findings.many = all.every((o) => o.ok) ? 'all resolved' : all.filter((o) => !o.ok).map((o) => (o as { message: string }).message);
}

clearInterval(pressure);
gc();
console.log(JSON.stringify(findings));
