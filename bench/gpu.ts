/**
 * GPU throughput next to the CPU lanes in the same run: `npm run bench -- gpu [--maxcut-time S]`. Flip
 * attempts per ns of the set lanes on G1, G22, G55 (max-cut energies, beta = 1) and on dense n = 2000 QUBOs
 * (integer weights: float32 lanes; real weights and the integer one forced to float64), swap attempts per ns
 * on QAP n = 100 (tai100a), each for the CPU lanes (one thread, 32 lanes) and the GPU lanes (device 'cuda',
 * 65536 lanes: one per thread); then max-cut G55 / G70 / G81 for 10 s on each. Fails when no GPU is usable.
 * Writes bench/results/gpu.json. Throughput includes each sweep's launch and its energy copy back.
 */
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cudaInfo, cudaUnavailable } from '../src/device.ts';
import { native } from '../src/native.ts';
import { readGset } from '../src/data/gset.ts';
import { readQaplibDat } from '../src/data/qaplib.ts';
import { maxCut, maxCutModel } from '../src/solve/maxcut.ts';
import { qapModel } from '../src/solve/qap.ts';
import { setModel, type SetModel } from '../src/energies/setModel.ts';

const GSET = fileURLToPath(new URL('../../shared/data/gset/', import.meta.url));
const QAPLIB = fileURLToPath(new URL('../../shared/data/qaplib/dat/', import.meta.url));
const GPU_LANES = 65536;

function denseQubo(n: number, integer: boolean, seed: number): SetModel {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) W[i * n + j] = W[j * n + i] = integer ? Math.round(r() * 100) : r();
  return setModel({ n, unary: Array.from({ length: n }, () => (integer ? Math.round(r() * 100) : r())), dense: W });
}

type Probe = (sweeps: number) => { seconds: number; attempts: number; precision?: string };

/** Doubles the sweeps until a probe takes targetSeconds; attempts per ns of that run. */
function measure(probe: Probe, targetSeconds = 1.5) {
  let sweeps = 2;
  for (;;) {
    const r = probe(sweeps);
    if (r.seconds >= targetSeconds || sweeps > 1e7) return { attemptsPerNs: r.attempts / r.seconds / 1e9, seconds: r.seconds, sweeps, precision: r.precision ?? 'float64' };
    sweeps = Math.ceil(sweeps * Math.min(16, Math.max(2, (targetSeconds * 1.1) / Math.max(r.seconds, 1e-4))));
  }
}

export async function run(args: string[] = []): Promise<void> {
  const why = cudaUnavailable();
  if (why !== undefined) throw new Error(`bench gpu: no usable GPU: ${why}`);
  const at = args.indexOf('--maxcut-time');
  const maxcutSeconds = at >= 0 ? Number(args[at + 1]) : 10;
  const b = native();
  const graph = (name: string) => (existsSync(`${GSET}${name}.txt`) ? readGset(`${GSET}${name}.txt`) : undefined);
  const sets: { name: string; model: SetModel; beta: number; precision?: 'float64' }[] = [];
  for (const name of ['G1', 'G22', 'G55']) {
    const g = graph(name);
    if (g) sets.push({ name: `${name} max-cut (n=${g.n}), beta=1`, model: maxCutModel(g), beta: 1 });
    else console.log(`${name} skipped: ${GSET}${name}.txt not found`);
  }
  const qubo = denseQubo(2000, true, 1);
  sets.push({ name: 'dense QUBO n=2000, integer weights (float32 lanes), beta=0.01', model: qubo, beta: 0.01 });
  sets.push({ name: 'dense QUBO n=2000, integer weights forced float64, beta=0.01', model: qubo, beta: 0.01, precision: 'float64' });
  sets.push({ name: 'dense QUBO n=2000, real weights (float64), beta=1', model: denseQubo(2000, false, 2), beta: 1 });
  const rows: Record<string, unknown>[] = [];
  const line = (name: string, cpu: { attemptsPerNs: number; precision: string }, gpu: { attemptsPerNs: number; precision: string }) => {
    console.log(`${name.padEnd(64)} cpu ${cpu.attemptsPerNs.toFixed(3).padStart(8)} (${cpu.precision})  gpu ${gpu.attemptsPerNs.toFixed(3).padStart(9)} (${gpu.precision})  x${(gpu.attemptsPerNs / cpu.attemptsPerNs).toFixed(1)}`);
  };
  console.log(`GPU: ${cudaInfo().devices.map((d) => `${d.name} (${d.memoryMB} MB, sm ${d.computeCapability})`).join(', ')}`);
  console.log('attempts per ns (higher is better); cpu = one thread, 32 lanes; gpu = device cuda, 65536 lanes\n');
  for (const c of sets) {
    const opts = { beta: c.beta, seed: 1, ...(c.precision && { precision: c.precision }) };
    const cpu = measure((sweeps) => b.setThroughputSync(c.model.toNative(), { ...opts, sweeps, lanes: 32 }));
    const gpu = measure((sweeps) => b.setThroughputSync(c.model.toNative(), { ...opts, sweeps, lanes: GPU_LANES, device: 'cuda' }));
    line(c.name, cpu, gpu);
    rows.push({ case: c.name, kind: 'flip', cpu, gpu });
  }
  if (existsSync(`${QAPLIB}tai100a.dat`)) {
    const q = readQaplibDat(`${QAPLIB}tai100a.dat`);
    const m = qapModel(q.flow, q.distance, q.n).toNative();
    const cpu = measure((sweeps) => b.permThroughputSync(m, { sweeps, lanes: 32, seed: 1 }));
    const gpu = measure((sweeps) => b.permThroughputSync(m, { sweeps, lanes: GPU_LANES, seed: 1, device: 'cuda' }));
    line('QAP tai100a (n=100) swap attempts', cpu, gpu);
    rows.push({ case: 'QAP tai100a', kind: 'swap', cpu, gpu });
  } else console.log(`QAP skipped: ${QAPLIB}tai100a.dat not found`);
  console.log(`\nmax-cut, ${maxcutSeconds} s each: CPU (default chains, one thread) and GPU (512 chains x 32 replicas)`);
  const cuts: Record<string, unknown>[] = [];
  for (const name of ['G55', 'G70', 'G81']) {
    const g = graph(name);
    if (!g) {
      console.log(`${name} skipped: not found`);
      continue;
    }
    const cpu = await maxCut(g, { timeLimitMs: maxcutSeconds * 1000, seed: 1, device: 'cpu' });
    const gpu = await maxCut(g, { timeLimitMs: maxcutSeconds * 1000, seed: 1, chains: 512, replicas: 32, device: 'cuda' });
    console.log(`${name.padEnd(4)} (n=${g.n}) cpu cut ${cpu.cut} (best at ${cpu.secondsToBest.toFixed(2)} s)  gpu cut ${gpu.cut} (best at ${gpu.secondsToBest.toFixed(2)} s, ${gpu.rounds} rounds)`);
    cuts.push({ graph: name, n: g.n, cpu: { cut: cpu.cut, secondsToBest: cpu.secondsToBest, rounds: cpu.rounds }, gpu: { cut: gpu.cut, secondsToBest: gpu.secondsToBest, rounds: gpu.rounds } });
  }
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const out = { bench: 'gpu', date: new Date().toISOString(), info: native().info(), rows, maxcut: cuts };
  writeFileSync(fileURLToPath(new URL('./results/gpu.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench/results/gpu.json');
}
