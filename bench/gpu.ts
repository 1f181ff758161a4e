/**
 * GPU throughput next to the CPU lanes in the same run: `npm run bench -- gpu [--maxcut-time S]`. Flip
 * attempts per ns of the set lanes on G1, G22, G55 (max-cut energies, beta = 1) and on dense n = 2000 QUBOs
 * (integer weights: float32 lanes; real weights: float64), swap attempts per ns on QAP n = 100 (tai100a), each
 * for the CPU lanes (one thread, 32 lanes) and the GPU lanes (device 'cuda', 65536 lanes: one per thread);
 * then max-cut G55 / G70 / G81 for 10 s on each. Fails when no GPU is usable.
 *
 * The dense models get 2048 GPU lanes in one probe: the device lanes start from CPU lanes whose construction
 * is O(lanes n^2) single-threaded host work (0.08-0.13 s a lane at n = 2000 on the loaded 2-core development
 * machine), so 65536 lanes would take hours, and 2048 fill only 16 of an H200's 132 SMs: that figure is a
 * lower bound until the lanes start on the device (README, GPU).
 *
 * Writes bench/results/gpu.json after every row (and $OUT/gpu.json when OUT is set, as on the device machine:
 * test/gpu/device.sh). Throughput includes each launch and its energy copy back. The data come from
 * shared/data beside the checkout, or from $EBM_DATA (gset/, qaplib/dat/) when set.
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

const DATA = process.env.EBM_DATA ? `${process.env.EBM_DATA.replace(/\/$/, '')}/` : fileURLToPath(new URL('../../shared/data/', import.meta.url));
const GSET = `${DATA}gset/`;
const QAPLIB = `${DATA}qaplib/dat/`;
const GPU_LANES = 65536;
const GPU_DENSE_LANES = 2048;

function denseQubo(n: number, integer: boolean, seed: number): SetModel {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) W[i * n + j] = W[j * n + i] = integer ? Math.round(r() * 100) : r();
  return setModel({ n, unary: Array.from({ length: n }, () => (integer ? Math.round(r() * 100) : r())), dense: W });
}

type Probe = (sweeps: number) => { seconds: number; attempts: number; precision?: string };

/**
 * Attempts per ns of a run of about targetSeconds: a 2-sweep probe sizes it, at most three more probes correct
 * it (each probe starts its lanes afresh, which for the device lanes is host work: few probes keep the whole
 * benchmark within minutes).
 */
function measure(probe: Probe, targetSeconds = 1.5, first = 2, probes = 4) {
  let sweeps = first;
  for (let k = 1; ; k++) {
    const r = probe(sweeps);
    if (r.seconds >= targetSeconds / 2 || sweeps > 1e7 || k === probes) return { attemptsPerNs: r.attempts / r.seconds / 1e9, seconds: r.seconds, sweeps, precision: r.precision ?? 'float64' };
    sweeps = Math.ceil(sweeps * Math.min(1000, (targetSeconds * 1.1) / Math.max(r.seconds, 1e-4)));
  }
}

/** Writes what is measured so far (after every row: a run cut off by a time limit keeps its figures). */
function save(rows: Record<string, unknown>[], maxcut: Record<string, unknown>[], complete: boolean): void {
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const text = JSON.stringify({ bench: 'gpu', date: new Date().toISOString(), complete, info: native().info(), rows, maxcut }, null, 2) + '\n';
  writeFileSync(fileURLToPath(new URL('./results/gpu.json', import.meta.url)), text);
  if (process.env.OUT) writeFileSync(`${process.env.OUT}/gpu.json`, text);
}

export async function run(args: string[] = []): Promise<void> {
  const why = cudaUnavailable();
  if (why !== undefined) throw new Error(`bench gpu: no usable GPU: ${why}`);
  const at = args.indexOf('--maxcut-time');
  const maxcutSeconds = at >= 0 ? Number(args[at + 1]) : 10;
  const b = native();
  const graph = (name: string) => (existsSync(`${GSET}${name}.txt`) ? readGset(`${GSET}${name}.txt`) : undefined);
  const sets: { name: string; model: SetModel; beta: number; precision?: 'float64'; gpuLanes?: number }[] = [];
  for (const name of ['G1', 'G22', 'G55']) {
    const g = graph(name);
    if (g) sets.push({ name: `${name} max-cut (n=${g.n}), beta=1`, model: maxCutModel(g), beta: 1 });
    else console.log(`${name} skipped: ${GSET}${name}.txt not found`);
  }
  const qubo = denseQubo(2000, true, 1);
  sets.push({ name: 'dense QUBO n=2000, integer weights (float32 lanes), beta=0.01', model: qubo, beta: 0.01, gpuLanes: GPU_DENSE_LANES });
  sets.push({ name: 'dense QUBO n=2000, real weights (float64), beta=1', model: denseQubo(2000, false, 2), beta: 1, gpuLanes: GPU_DENSE_LANES });
  const rows: Record<string, unknown>[] = [];
  const line = (name: string, cpu: { attemptsPerNs: number; precision: string }, gpu: { attemptsPerNs: number; precision: string }) => {
    console.log(`${name.padEnd(64)} cpu ${cpu.attemptsPerNs.toFixed(3).padStart(8)} (${cpu.precision})  gpu ${gpu.attemptsPerNs.toFixed(3).padStart(9)} (${gpu.precision})  x${(gpu.attemptsPerNs / cpu.attemptsPerNs).toFixed(1)}`);
  };
  console.log(`GPU: ${cudaInfo().devices.map((d) => `${d.name} (${d.memoryMB} MB, sm ${d.computeCapability})`).join(', ')}`);
  console.log(`attempts per ns (higher is better); cpu = one thread, 32 lanes; gpu = device cuda, ${GPU_LANES} lanes (dense: ${GPU_DENSE_LANES})\n`);
  for (const c of sets) {
    const opts = { beta: c.beta, seed: 1, ...(c.precision && { precision: c.precision }) };
    const cpu = measure((sweeps) => b.setThroughputSync(c.model.toNative(), { ...opts, sweeps, lanes: 32 }));
    const lanes = c.gpuLanes ?? GPU_LANES;
    // Dense: one probe of 8 sweeps (16e9 neighbour updates at most), its start being the costly part.
    const gpu = measure((sweeps) => b.setThroughputSync(c.model.toNative(), { ...opts, sweeps, lanes, device: 'cuda' }), 1.5, c.gpuLanes ? 8 : 2, c.gpuLanes ? 1 : 4);
    line(c.name, cpu, gpu);
    rows.push({ case: c.name, kind: 'flip', gpuLanes: c.gpuLanes ?? GPU_LANES, cpu, gpu });
    save(rows, [], false);
  }
  if (existsSync(`${QAPLIB}tai100a.dat`)) {
    const q = readQaplibDat(`${QAPLIB}tai100a.dat`);
    const m = qapModel(q.flow, q.distance, q.n).toNative();
    const cpu = measure((sweeps) => b.permThroughputSync(m, { sweeps, lanes: 32, seed: 1 }));
    const gpu = measure((sweeps) => b.permThroughputSync(m, { sweeps, lanes: GPU_LANES, seed: 1, device: 'cuda' }));
    line('QAP tai100a (n=100) swap attempts', cpu, gpu);
    rows.push({ case: 'QAP tai100a', kind: 'swap', cpu, gpu });
    save(rows, [], false);
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
    save(rows, cuts, false);
  }
  save(rows, cuts, true);
  console.log('\nwrote bench/results/gpu.json');
}
