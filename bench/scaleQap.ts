/**
 * QAP at scale (issue 15): `npm run bench -- scale` (the QAP part) or `run(['--time', '10', '--seeds', '2'])`.
 * For tai50a, tai60a, tai80a, tai100a, sko100a, wil100, tho150, tai256c: our gap to the best known after
 * `--time` seconds (`solveQap` with the defaults of `ebm qap`: its method by size, and for 'tabu' a walk per
 * worker on qapWorkers' threads, chosen once at the start from the idle cores), next to the gap of the
 * independent plain SA reference (../shared/reference/qapref.cpp, built with g++ into a temporary folder and
 * run as an external program) with the same seed and budget, one after the other in the same run. Both costs
 * are recomputed from the returned permutations. Prints the table with `uptime`'s load (timings on a shared
 * machine depend on it) and, per run, how much work each side got done in its budget (our walks' steps, summed: a
 * walk's anneal counts k attempts as a step, then its tabu steps; qapref's
 * completed anneals: on a loaded machine qapref may not finish one), and writes bench/results/scale-qap.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildReference, scaleArgs } from './reference.ts';
import { qapCost, readQaplibDat } from '../src/data/qaplib.ts';
import { defaultQapMethod, qapWorkers, solveQap } from '../src/solve/qap.ts';
import { maxCutWorkers } from '../src/solve/maxcut.ts';
import { closePool, warmPool } from '../src/pool/pool.ts';

const INSTANCES = ['tai50a', 'tai60a', 'tai80a', 'tai100a', 'sko100a', 'wil100', 'tho150', 'tai256c'];

function gap(cost: number, best: number): number {
  return (100 * (cost - best)) / best;
}

export async function run(args: string[] = []): Promise<void> {
  const { time, seeds, names } = scaleArgs(args);
  const dir = fileURLToPath(new URL('../../shared/data/qaplib/', import.meta.url));
  if (!existsSync(dir + 'qaplib_index.csv')) {
    console.log(`QAP scale table skipped: ${dir} not found`);
    return;
  }
  const bestKnown = new Map<string, number>();
  for (const line of readFileSync(dir + 'qaplib_index.csv', 'utf8').trim().split(/\r?\n/).slice(1)) {
    const cells = line.split(',');
    bestKnown.set(cells[0]!, Number(cells[2]));
  }
  const reference = buildReference('qapref');
  const loadBefore = loadavg();
  // Decided before this run loads the machine itself (the 1-minute load would count our own threads).
  const idleWorkers = maxCutWorkers();
  if (idleWorkers > 1) warmPool();
  console.log(`\nQAP at scale: ${time} s per run, seeds 1..${seeds}, ours (default method) vs plain SA (qapref), gaps in % above the best known`);
  console.log(`load average before: ${loadBefore.map((x) => x.toFixed(2)).join(' ')} (timings on a shared machine depend on it); ours on ${idleWorkers} worker thread(s) for 'tabu'\n`);
  console.log('instance     n   best known   method   ours gap % (per seed)       qapref gap % (per seed)      best walk steps / qapref anneals');
  const rows = [];
  for (const name of names.length ? names : INSTANCES) {
    const inst = readQaplibDat(`${dir}dat/${name}.dat`);
    const best = bestKnown.get(name)!;
    const ours: number[] = [];
    const steps: number[] = [];
    const ref: number[] = [];
    const refRestarts: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const method = defaultQapMethod(inst.n);
      const workers = method === 'tabu' ? idleWorkers : qapWorkers(inst.n, method);
      const r = await solveQap(inst, { timeLimitMs: time * 1000, seed, targetEnergy: best, method, chains: workers, ...(workers > 1 && { workers }) });
      const cost = qapCost(inst.flow, inst.distance, inst.n, r.permutation);
      if (cost !== r.cost) throw new Error(`${name}: returned cost ${r.cost} but the permutation costs ${cost}`);
      ours.push(cost);
      steps.push(r.tabuIterations ?? 0);
      if (reference) {
        const out = JSON.parse(execFileSync(reference, [`${dir}dat/${name}.dat`, '--seconds', String(time), '--seed', String(seed), '--bks', String(best)], { encoding: 'utf8', maxBuffer: 1 << 24 }));
        ref.push(out.best_recomputed as number);
        refRestarts.push(out.restarts as number);
      }
    }
    const row = {
      instance: name,
      n: inst.n,
      bestKnown: best,
      method: defaultQapMethod(inst.n),
      costs: ours,
      gapPercent: ours.map((c) => gap(c, best)),
      tabuSteps: steps,
      referenceCosts: ref,
      referenceGapPercent: ref.map((c) => gap(c, best)),
      referenceAnneals: refRestarts,
    };
    rows.push(row);
    const fmt = (gaps: number[]) => gaps.map((g) => g.toFixed(3)).join(' ').padEnd(28);
    console.log(`${name.padEnd(9)}${String(inst.n).padStart(5)}${String(best).padStart(13)}   ${row.method.padEnd(8)} ${fmt(row.gapPercent)} ${reference ? fmt(row.referenceGapPercent) : '(qapref not built)'} ${steps.join(' ')} / ${refRestarts.join(' ')}`);
  }
  await closePool();
  const loadAfter = loadavg();
  console.log(`\nload average after: ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`);
  const out = { bench: 'scale-qap', date: new Date().toISOString(), time, seeds, workers: idleWorkers, loadBefore, loadAfter, rows };
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/scale-qap.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
  console.log('wrote bench/results/scale-qap.json');
}
