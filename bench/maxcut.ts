/**
 * Max-cut acceptance runs: `npm run bench -- maxcut [--time S] [--seeds K] [G1 G22 ...]`. For each Gset graph
 * in ../shared/data/gset, K seeds of `maxCut` with the time budget, stopping early at the best-known cut; the
 * cut is recomputed from the partition. Prints cut, % of best known and time to best; writes maxcut.json.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readGset } from '../src/data/gset.ts';
import { maxCut } from '../src/solve/maxcut.ts';

export async function run(args: string[]): Promise<void> {
  const dir = fileURLToPath(new URL('../../shared/data/gset/', import.meta.url));
  if (!existsSync(dir)) {
    console.log(`skipped: ${dir} not found`);
    return;
  }
  let time = 10;
  let seeds = 5;
  const graphs: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--time') time = Number(args[++k]);
    else if (args[k] === '--seeds') seeds = Number(args[++k]);
    else graphs.push(args[k]!);
  }
  const index = new Map<string, number>();
  const [header, ...lines] = readFileSync(dir + 'gset_index.csv', 'utf8').split(/\r?\n/);
  const bestColumn = header!.split(',').indexOf('best_known_cut');
  for (const line of lines) {
    const cells = line.split(',');
    if (cells.length > bestColumn) index.set(cells[0]!, Number(cells[bestColumn]));
  }
  const names = graphs.length ? graphs : ['G1', 'G2', 'G3', 'G43', 'G44', 'G22', 'G55'];
  const rows = [];
  for (const name of names) {
    const g = readGset(`${dir}${name}.txt`);
    const best = index.get(name) ?? NaN;
    for (let seed = 1; seed <= seeds; seed++) {
      const r = await maxCut(g, { timeLimitMs: time * 1000, seed, ...(Number.isFinite(best) && { targetCut: best }) });
      const row = { graph: name, n: g.n, seed, cut: r.cut, bestKnown: best, percent: (100 * r.cut) / best, secondsToBest: r.secondsToBest, seconds: r.seconds, stopped: r.stopped };
      rows.push(row);
      console.log(`${name.padEnd(5)} seed ${seed}: cut ${r.cut} / ${best} (${row.percent.toFixed(3)}%) best at ${r.secondsToBest.toFixed(3)} s`);
    }
  }
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/maxcut.json', import.meta.url)), JSON.stringify({ bench: 'maxcut', time, date: new Date().toISOString(), rows }, null, 2) + '\n');
}
