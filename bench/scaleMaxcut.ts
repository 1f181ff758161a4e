/**
 * Max-cut at scale (issue 15): `run(['--time', '10', '--seeds', '2'])` (the lead wires it into
 * `npm run bench -- scale`). For G55, G70 and G81 (and G1, G22 with a short budget, stopping at the best known):
 * our cut after `--time` seconds with the defaults of `ebm maxcut FILE --time S` (maxCut, maxCutChains ladders on
 * maxCutWorkers() threads, chosen once at the start from the idle cores), next to the independent scalar SA reference
 * (../shared/reference/setref.cpp, built with g++ into a temporary folder and run as an external program, one
 * thread) with the same seed and budget, one after the other in the same run. Both cuts are recomputed from the
 * returned partitions. Prints the table with `uptime`'s load (the machine may be shared) and writes
 * bench/results/scale-maxcut.json.
 *
 * `node --import tsx bench/scaleMaxcut.ts --small [--time S] [--seeds K]` (default 0.5 s, seeds 1..2): the issue's
 * "G1-G44 at the best known in < 0.5 s": each of G1..G44 with the same defaults, stopping at the best known, and
 * prints got vs best known and the seconds to the best, then the instances that missed; writes
 * bench/results/scale-maxcut-small.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildReference, scaleArgs } from './reference.ts';
import { cutValue, readGset } from '../src/data/gset.ts';
import { maxCut, maxCutChains, maxCutWorkers } from '../src/solve/maxcut.ts';
import { closePool } from '../src/pool/pool.ts';

const LARGE = ['G55', 'G70', 'G81'];
const SMALL = ['G1', 'G22'];
const SMALL_SECONDS = 2;

const GSET = fileURLToPath(new URL('../../shared/data/gset/', import.meta.url));

/** Best-known cut per Gset name (gset_index.csv), or null when the data folder is missing. */
function readBestKnown(): Map<string, number> | null {
  if (!existsSync(GSET + 'gset_index.csv')) {
    console.log(`max-cut scale table skipped: ${GSET} not found`);
    return null;
  }
  const bestKnown = new Map<string, number>();
  const [header, ...lines] = readFileSync(GSET + 'gset_index.csv', 'utf8').trim().split(/\r?\n/);
  const bestColumn = header!.split(',').indexOf('best_known_cut');
  for (const line of lines) bestKnown.set(line.split(',')[0]!, Number(line.split(',')[bestColumn]));
  return bestKnown;
}

export async function run(args: string[] = []): Promise<void> {
  const { time, seeds, names } = scaleArgs(args);
  const dir = GSET;
  const bestKnown = readBestKnown();
  if (!bestKnown) return;
  const reference = buildReference('setref');
  const workers = maxCutWorkers();
  const loadBefore = loadavg();
  console.log(`\nMax-cut at scale: ${time} s per run (G1, G22: ${SMALL_SECONDS} s, stopping at the best known), seeds 1..${seeds}`);
  console.log(`ours: ebm maxcut's defaults (maxCutChains: 2 PT ladders of 32 per worker in byte lanes, one of 64 with cluster moves on lattices, on ${workers} worker thread(s)); setref: scalar SA, one thread`);
  console.log(`load average before: ${loadBefore.map((x) => x.toFixed(2)).join(' ')} (timings on a shared machine depend on it)\n`);
  console.log('graph      n   best known   ours cut (per seed)        setref cut (per seed)');
  const rows = [];
  for (const name of names.length ? names : [...SMALL, ...LARGE]) {
    const g = readGset(`${dir}${name}.txt`);
    const chains = maxCutChains(g, workers);
    const best = bestKnown.get(name)!;
    const seconds = SMALL.includes(name) && !names.length ? SMALL_SECONDS : time;
    const ours: { seed: number; cut: number; secondsToBest: number; seconds: number }[] = [];
    const ref: { seed: number; cut: number; secondsToBest: number }[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const target = SMALL.includes(name) ? { targetCut: best } : {};
      const r = await maxCut(g, { timeLimitMs: seconds * 1000, seed, chains, ...(workers > 1 && { workers }), ...target });
      const cut = cutValue(g, r.partition);
      if (cut !== r.cut) throw new Error(`${name}: returned cut ${r.cut} but the partition cuts ${cut}`);
      ours.push({ seed, cut, secondsToBest: r.secondsToBest, seconds: r.seconds });
      if (reference) {
        const out = JSON.parse(
          execFileSync(reference, ['--gset', `${dir}${name}.txt`, '--mode', 'anneal', '--rule', 'metropolis', '--sweeps', '1000', '--seconds', String(seconds), '--seed', String(seed), '--bks', String(best)], {
            encoding: 'utf8',
            maxBuffer: 1 << 24,
          }),
        );
        ref.push({ seed, cut: out.best_cut as number, secondsToBest: out.t_best_s as number });
      }
    }
    const list = (xs: { cut: number }[]) => xs.map((x) => String(x.cut)).join(', ');
    console.log(`${name.padEnd(5)} ${String(g.n).padStart(6)} ${String(best).padStart(12)}   ${list(ours).padEnd(26)} ${reference ? list(ref) : '-'}`);
    rows.push({ graph: name, n: g.n, edges: g.u.length, bestKnown: best, seconds, chains, ours, setref: reference ? ref : null });
  }
  await closePool();
  const loadAfter = loadavg();
  console.log(`\nload average after: ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`);
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const out = { bench: 'scale-maxcut', date: new Date().toISOString(), time, seeds, workers, loadBefore, loadAfter, rows };
  writeFileSync(fileURLToPath(new URL('./results/scale-maxcut.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
}

/** G1..G44 for `time` seconds each (default 0.5), stopping at the best known: got vs best known per seed. */
export async function runSmall(args: string[] = []): Promise<void> {
  const { time: parsed, seeds } = scaleArgs(args);
  const time = args.includes('--time') ? parsed : 0.5;
  const bestKnown = readBestKnown();
  if (!bestKnown) return;
  const workers = maxCutWorkers();
  const loadBefore = loadavg();
  console.log(`\nMax-cut G1..G44: ${time} s per run, stopping at the best known, seeds 1..${seeds}, maxCutChains on ${workers} worker(s)`);
  console.log(`load average before: ${loadBefore.map((x) => x.toFixed(2)).join(' ')}\n`);
  console.log('graph      n   best known   got (seconds to best, CPU seconds of the run) per seed');
  const rows = [];
  const missed: string[] = [];
  for (let k = 1; k <= 44; k++) {
    const name = `G${k}`;
    if (!existsSync(`${GSET}${name}.txt`)) continue;
    const g = readGset(`${GSET}${name}.txt`);
    const chains = maxCutChains(g, workers);
    const best = bestKnown.get(name)!;
    const runs: { seed: number; cut: number; secondsToBest: number; cpuSeconds: number }[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      // CPU time of this process (all its threads) over the run: on a shared machine far below the wall time.
      const cpu = process.cpuUsage();
      const r = await maxCut(g, { timeLimitMs: time * 1000, seed, chains, ...(workers > 1 && { workers }), targetCut: best });
      const cut = cutValue(g, r.partition);
      if (cut !== r.cut) throw new Error(`${name}: returned cut ${r.cut} but the partition cuts ${cut}`);
      const used = process.cpuUsage(cpu);
      runs.push({ seed, cut, secondsToBest: r.secondsToBest, cpuSeconds: (used.user + used.system) / 1e6 });
      if (cut < best) missed.push(`${name} seed ${seed} (${cut} < ${best})`);
    }
    console.log(`${name.padEnd(5)} ${String(g.n).padStart(6)} ${String(best).padStart(12)}   ${runs.map((x) => `${x.cut} (${x.secondsToBest.toFixed(3)} s, cpu ${x.cpuSeconds.toFixed(2)} s)`).join(', ')}`);
    rows.push({ graph: name, n: g.n, edges: g.u.length, bestKnown: best, chains, runs });
  }
  await closePool();
  const loadAfter = loadavg();
  console.log(`\nmissed: ${missed.length ? missed.join('; ') : 'none'}`);
  console.log(`load average after: ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`);
  const out = { bench: 'scale-maxcut-small', date: new Date().toISOString(), time, seeds, workers, loadBefore, loadAfter, missed, rows };
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/scale-maxcut-small.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
}

// Run directly: `node --import tsx bench/scaleMaxcut.ts [--small] [--time S] [--seeds K] [names]`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  await (args.includes('--small') ? runSmall(args.filter((a) => a !== '--small')) : run(args));
}
