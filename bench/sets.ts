/**
 * Gibbs throughput on set models, attempts per ns: the lane sampler (replicas in SIMD lanes, as PT runs them)
 * next to the simplest correct scalar sweep (one chain, cached fields, libm exp, xoshiro; same C++ compiler
 * and flags), on G1 (max-cut energy, beta = 1) and on a dense n = 2000 QUBO (integer and real weights).
 */
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { addonChoice, native, type NativeBinding } from '../src/native.ts';
import { prebuiltPath } from '../src/binding/load.ts';
import { supportsLevel, X86_LEVELS } from '../src/binding/cpu.ts';
import { readGset } from '../src/data/gset.ts';
import { maxCutModel } from '../src/solve/maxcut.ts';
import { setModel, type SetModel } from '../src/energies/setModel.ts';

function denseQubo(n: number, integer: boolean, seed: number): SetModel {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const w = integer ? Math.round(r() * 100) : r();
      W[i * n + j] = W[j * n + i] = w;
    }
  const unary = Array.from({ length: n }, () => (integer ? Math.round(r() * 100) : r()));
  return setModel({ n, unary, dense: W });
}

function measure(model: SetModel, beta: number, opts: { reference?: boolean; lanes?: number; precision?: 'auto' | 'float64' }, targetSeconds = 1.5, b: NativeBinding = native()) {
  let sweeps = 4;
  for (;;) {
    const r = b.setThroughputSync(model.toNative(), { beta, sweeps, seed: 1, ...opts });
    if (r.seconds >= targetSeconds || sweeps > 1e7) return { attemptsPerNs: r.attempts / r.seconds / 1e9, seconds: r.seconds, sweeps, precision: r.precision };
    sweeps = Math.ceil(sweeps * Math.min(16, Math.max(2, (targetSeconds * 1.1) / Math.max(r.seconds, 1e-4))));
  }
}

export async function run(args: string[] = []): Promise<void> {
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5;
  const onlyBinaries = args.includes('--binaries-only');
  const g1 = maxCutModel(readGset(fileURLToPath(new URL('../data/G1.txt', import.meta.url))));
  const cases: { name: string; model: SetModel; beta: number }[] = [
    { name: 'G1 max-cut (n=800, 19176 edges), beta=1', model: g1, beta: 1 },
    { name: 'dense QUBO n=2000, integer weights in [-100,100], beta=0.01', model: denseQubo(2000, true, 1), beta: 0.01 },
    { name: 'dense QUBO n=2000, real weights in [-1,1], beta=1', model: denseQubo(2000, false, 2), beta: 1 },
  ];
  const rows = [];
  for (const c of onlyBinaries ? [] : cases) {
    const reference = measure(c.model, c.beta, { reference: true });
    const lanes32 = measure(c.model, c.beta, { lanes: 32 });
    const lanes32f64 = measure(c.model, c.beta, { lanes: 32, precision: 'float64' });
    rows.push({ case: c.name, reference, lanes32, lanes32f64, ratio: lanes32.attemptsPerNs / reference.attemptsPerNs, ratioF64: lanes32f64.attemptsPerNs / reference.attemptsPerNs });
  }
  console.log('Gibbs attempts per ns (higher is better); lanes = 32 replicas in SIMD lanes, reference = scalar single chain\n');
  console.log('case'.padEnd(62) + 'reference   lanes(auto)  ratio   lanes(f64)  ratio');
  for (const r of rows)
    console.log(
      r.case.padEnd(62) +
        r.reference.attemptsPerNs.toFixed(3).padStart(9) +
        `${r.lanes32.attemptsPerNs.toFixed(3)} ${r.lanes32.precision}`.padStart(20) +
        r.ratio.toFixed(2).padStart(7) +
        r.lanes32f64.attemptsPerNs.toFixed(3).padStart(12) +
        r.ratioF64.toFixed(2).padStart(7),
    );
  const binaries = comparePrebuilts(cases, rounds);
  const out = { bench: 'sets', date: new Date().toISOString(), info: native().info(), addon: addonChoice(), rows, binaries };
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/sets.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench/results/sets.json');
}

/**
 * The shipped prebuilts (x86-64-v2/v3/v4, the ones this CPU runs) against the source build (-march=native), on
 * the lane sampler of each case: runs alternate between binaries (`--rounds`, default 5; median), so drift of the clock
 * hits all of them alike. Skipped unless both a source build and prebuilts are present.
 */
function comparePrebuilts(cases: { name: string; model: SetModel; beta: number }[], rounds: number) {
  const source = fileURLToPath(new URL('../build/Release/discrete_ebm.node', import.meta.url));
  const levels = X86_LEVELS.filter((l) => existsSync(prebuiltPath(l)) && supportsLevel(l));
  if (!existsSync(source) || levels.length === 0) {
    console.log('\nprebuilt vs source: skipped (needs build/Release and prebuilds/; run npm run prebuilds)');
    return [];
  }
  const require = createRequire(import.meta.url);
  const bins = [{ name: 'source (native)', b: require(source) as NativeBinding }, ...levels.map((l) => ({ name: l, b: require(prebuiltPath(l)) as NativeBinding }))];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rows = cases.map((c) => {
    const runs = bins.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) bins.forEach((bin, k) => runs[k]!.push(measure(c.model, c.beta, { lanes: 32 }, 1, bin.b).attemptsPerNs));
    const m = runs.map(median);
    return { case: c.name, attemptsPerNs: Object.fromEntries(bins.map((bin, k) => [bin.name, m[k]!])), ratioToSource: Object.fromEntries(bins.slice(1).map((bin, k) => [bin.name, m[k + 1]! / m[0]!])) };
  });
  console.log(`\nprebuilt vs source build: lanes(auto) attempts/ns, median of ${rounds} alternating runs; ratio = prebuilt / source\n`);
  console.log('case'.padEnd(62) + bins.map((b) => b.name.padStart(17)).join('') + bins.slice(1).map((b) => `ratio ${b.name.slice(7)}`.padStart(10)).join(''));
  for (const r of rows)
    console.log(
      r.case.padEnd(62) +
        bins.map((b) => r.attemptsPerNs[b.name]!.toFixed(3).padStart(17)).join('') +
        bins.slice(1).map((b) => r.ratioToSource[b.name]!.toFixed(2).padStart(10)).join(''),
    );
  return rows;
}
