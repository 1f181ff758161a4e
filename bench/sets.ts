/**
 * Gibbs throughput on set models, attempts per ns: the lane sampler (replicas in SIMD lanes, as PT runs them)
 * next to the simplest correct scalar sweep (one chain, cached fields, libm exp, xoshiro; same C++ compiler
 * and flags), on G1 (max-cut energy, beta = 1) and on a dense n = 2000 QUBO (integer and real weights).
 * The measuring is src/sample/throughput.ts, shared with `ebm bench sets`. Flags: --lanes L (default 64),
 * --rounds R (prebuilt comparison; 0 skips it), --setref FILE.cpp (an independent scalar reference on G1),
 * --binaries-only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { addonChoice, native, type NativeBinding } from '../src/native.ts';
import { measureThroughput, timeSweeps } from '../src/sample/throughput.ts';
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
  const lanesAt = args.indexOf('--lanes');
  const lanes = lanesAt >= 0 ? Number(args[lanesAt + 1]) : 64;
  const rows = [];
  // measureThroughput (src/sample/throughput.ts, as `ebm bench sets`): medians of 3 runs alternating with the
  // scalar reference, so both see the same load.
  for (const c of onlyBinaries ? [] : cases) {
    const auto = measureThroughput(c.model, { beta: c.beta, lanes, seconds: 1 });
    const f64 = measureThroughput(c.model, { beta: c.beta, lanes, seconds: 1, precision: 'float64' });
    rows.push({ case: c.name, auto, f64 });
  }
  console.log(`Gibbs attempts per ns (higher is better); lanes = ${lanes} replicas in SIMD lanes, reference = scalar single chain (medians of 3; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})\n`);
  console.log('case'.padEnd(62) + 'reference   lanes(auto)  accept  ratio   reference lanes(f64)  ratio');
  for (const r of rows)
    console.log(
      r.case.padEnd(62) +
        r.auto.referenceAttemptsPerNs.toFixed(3).padStart(9) +
        `${r.auto.attemptsPerNs.toFixed(3)} ${r.auto.precision}`.padStart(20) +
        r.auto.acceptance.toFixed(3).padStart(8) +
        r.auto.ratio.toFixed(2).padStart(7) +
        r.f64.referenceAttemptsPerNs.toFixed(3).padStart(12) +
        r.f64.attemptsPerNs.toFixed(3).padStart(11) +
        r.f64.ratio.toFixed(2).padStart(7),
    );
  const setrefAt = args.indexOf('--setref');
  const setref = setrefAt >= 0 ? runSetref(args[setrefAt + 1]!, fileURLToPath(new URL('../data/G1.txt', import.meta.url))) : undefined;
  const binaries = rounds > 0 ? comparePrebuilts(cases, rounds) : [];
  const out = { bench: 'sets', date: new Date().toISOString(), loadavg: loadavg(), info: native().info(), addon: addonChoice(), lanes, rows, setref, binaries };
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/sets.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench/results/sets.json');
}

/**
 * An independent scalar reference (`--setref path/to/setref.cpp`, built here with g++ -O3 -march=native): its
 * heat-bath throughput on G1 at the same temperature, printed beside ours. Its beta is in Ising units, where
 * our beta = 1 on energy = -cut is its 0.5. Medians of 3 one-second blocks, as it reports them.
 */
function runSetref(source: string, graph: string) {
  const exe = join(tmpdir(), `setref-${process.pid}`);
  execFileSync('g++', ['-O3', '-march=native', '-std=c++17', '-o', exe, source]);
  const out = JSON.parse(execFileSync(exe, ['--gset', graph, '--mode', 'throughput', '--rule', 'heatbath', '--beta', '0.5', '--seconds', '1', '--repeat', '3', '--burn', '200', '--seed', '1'], { encoding: 'utf8' })) as { attempts_per_ns_median: number; acceptance: number };
  rmSync(exe, { force: true });
  console.log(`\nsetref (${source}) on G1, heat-bath, Ising beta 0.5 = our beta 1: ${out.attempts_per_ns_median} attempts/ns, acceptance ${out.acceptance}`);
  return out;
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
    for (let round = 0; round < rounds; round++) bins.forEach((bin, k) => runs[k]!.push(timeSweeps(c.model, { beta: c.beta, lanes: 32 }, 1, bin.b).attemptsPerNs));
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
