/**
 * Permutation benchmarks: `npm run bench -- perms [--qaplib] [--time S] [--seeds K]`.
 *   1. QAP swap attempts per ns of the lane sampler (16 lanes, the PT workload) at n = 30, 100, 256 on uniform
 *      random integer flows/distances, symmetric and general (the general delta reads A, A^T, B, B^T);
 *   2. LAP wall time at n = 500, 1000, 2000 on uniform random float costs: Jonker-Volgenant (lap.hpp) next to
 *      the independent O(n^3) Hungarian reference on the same matrix, costs checked equal;
 *   3. with --qaplib: the QAP acceptance table on ../shared/data/qaplib (K seeds of `solveQap`, the code path of
 *      `ebm qap`, with a time budget): mean cost, gap to the best known, time to reach 1%.
 * Writes bench/results/perms.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { native } from '../src/native.ts';
import { permModel } from '../src/energies/permModel.ts';
import { qapCost, readQaplibDat } from '../src/data/qaplib.ts';
import { solveQap } from '../src/solve/qap.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function randomQap(n: number, symmetric: boolean, seed: number) {
  const r = lcg(seed);
  const matrix = () => {
    const M = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        M[i * n + j] = symmetric && j < i ? M[j * n + i]! : Math.floor(r() * 100);
      }
    return M;
  };
  return permModel({ n, qap: { flow: matrix(), distance: matrix() } });
}

function swapThroughput(n: number, symmetric: boolean, targetSeconds = 1) {
  const m = randomQap(n, symmetric, n).toNative();
  let sweeps = 4;
  for (;;) {
    const r = native().permThroughputSync(m, { lanes: 16, sweeps, beta: 1e-3, seed: 1 });
    if (r.seconds >= targetSeconds || sweeps > 1e8) return { n, symmetric, attemptsPerNs: r.attempts / r.seconds / 1e9, nsPerAttempt: (r.seconds * 1e9) / r.attempts, seconds: r.seconds, sweeps };
    sweeps = Math.ceil(sweeps * Math.min(16, Math.max(2, (targetSeconds * 1.1) / Math.max(r.seconds, 1e-4))));
  }
}

function lapTiming(n: number, repeats = 3) {
  const r = lcg(1000 + n);
  const cost = Float64Array.from({ length: n * n }, r);
  let jvBest = Infinity;
  let jv = native().lapSolveSync({ n, cost });
  for (let k = 0; k < repeats; k++) {
    jv = native().lapSolveSync({ n, cost });
    jvBest = Math.min(jvBest, jv.seconds);
  }
  const ref = native().lapSolveSync({ n, cost }, { method: 'hungarian' });
  return { n, jvSeconds: jvBest, hungarianSeconds: ref.seconds, speedup: ref.seconds / jvBest, jvCost: jv.cost, hungarianCost: ref.cost, sameCost: Math.abs(jv.cost - ref.cost) <= 1e-9 * Math.abs(ref.cost) };
}

async function qaplibTable(time: number, seeds: number, names: string[]) {
  const dir = fileURLToPath(new URL('../../shared/data/qaplib/', import.meta.url));
  if (!existsSync(dir + 'qaplib_index.csv')) {
    console.log(`QAPLIB table skipped: ${dir} not found`);
    return [];
  }
  const best = new Map<string, number>();
  for (const line of readFileSync(dir + 'qaplib_index.csv', 'utf8').trim().split(/\r?\n/).slice(1)) {
    const cells = line.split(',');
    best.set(cells[0]!, Number(cells[2]));
  }
  const rows = [];
  console.log(`\nQAPLIB, ${seeds} seeds, --time ${time} (cost recomputed from the permutation)`);
  console.log('instance  best-known   mean cost     gap %   worst gap %   time to 1% (mean / max, s)');
  for (const name of names) {
    const inst = readQaplibDat(`${dir}dat/${name}.dat`);
    const bk = best.get(name)!;
    const costs: number[] = [];
    const toOnePercent: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      // Time to reach 1%: stop at the first permutation within 1% of the best known.
      const quick = await solveQap(inst, { timeLimitMs: time * 1000, seed, targetEnergy: bk * 1.01 });
      toOnePercent.push(quick.cost <= bk * 1.01 ? quick.secondsToBest : Infinity);
      // The full budget; stopping at the best known changes nothing (the best only improves).
      const full = await solveQap(inst, { timeLimitMs: time * 1000, seed, targetEnergy: bk });
      if (full.cost !== qapCost(inst.flow, inst.distance, inst.n, full.permutation)) throw new Error('cost mismatch');
      costs.push(full.cost);
    }
    const mean = costs.reduce((s, x) => s + x, 0) / seeds;
    const row = {
      instance: name,
      n: inst.n,
      bestKnown: bk,
      meanCost: mean,
      gapPercent: (100 * (mean - bk)) / bk,
      worstGapPercent: (100 * (Math.max(...costs) - bk)) / bk,
      costs,
      secondsTo1Percent: toOnePercent,
      meanSecondsTo1Percent: toOnePercent.reduce((s, x) => s + x, 0) / seeds,
    };
    rows.push(row);
    console.log(
      `${name.padEnd(9)}${String(bk).padStart(11)}${mean.toFixed(1).padStart(12)}${row.gapPercent.toFixed(3).padStart(10)}${row.worstGapPercent.toFixed(3).padStart(14)}` +
        `   ${row.meanSecondsTo1Percent.toFixed(3)} / ${Math.max(...toOnePercent).toFixed(3)}`,
    );
  }
  return rows;
}

export async function run(args: string[] = []): Promise<void> {
  let time = 10;
  let seeds = 5;
  let qaplib = false;
  const names: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--time') time = Number(args[++k]);
    else if (args[k] === '--seeds') seeds = Number(args[++k]);
    else if (args[k] === '--qaplib') qaplib = true;
    else names.push(args[k]!);
  }
  console.log('QAP swap attempts per ns (lane sampler, 16 lanes; higher is better)\n');
  console.log('   n   symmetric   general');
  const swaps = [];
  for (const n of [30, 100, 256]) {
    const s = swapThroughput(n, true);
    const g = swapThroughput(n, false);
    swaps.push(s, g);
    console.log(`${String(n).padStart(4)}${s.attemptsPerNs.toFixed(4).padStart(12)}${g.attemptsPerNs.toFixed(4).padStart(10)}   (${s.nsPerAttempt.toFixed(1)} / ${g.nsPerAttempt.toFixed(1)} ns per attempt)`);
  }
  console.log('\nLAP on uniform random float costs: Jonker-Volgenant vs O(n^3) Hungarian reference (same matrix)\n');
  console.log('     n    JV (s)   Hungarian (s)   speedup   same cost');
  const laps = [];
  for (const n of [500, 1000, 2000]) {
    const l = lapTiming(n);
    laps.push(l);
    console.log(`${String(n).padStart(6)}${l.jvSeconds.toFixed(4).padStart(10)}${l.hungarianSeconds.toFixed(4).padStart(16)}${l.speedup.toFixed(1).padStart(10)}   ${l.sameCost}`);
  }
  const table = qaplib ? await qaplibTable(time, seeds, names.length ? names : ['nug20', 'tai20a', 'chr25a', 'bur26a', 'kra30a', 'nug30', 'esc32a', 'tai30a']) : [];
  const out = { bench: 'perms', date: new Date().toISOString(), info: native().info(), swaps, lap: laps, ...(qaplib && { qaplib: { time, seeds, rows: table } }) };
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/perms.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench/results/perms.json');
}
