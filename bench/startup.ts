/**
 * Whole-process start-up of the CLI: `node bin/ebm.js --version` (the compiled dist/, plain node) next to the
 * least a native-addon CLI can cost, `node -e "require(ADDON)"` on the same binary `ebm` would load; 7 runs
 * each, interleaved, medians and their ratio. Writes bench/results/startup.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addonChoice } from '../src/native.ts';

const bin = fileURLToPath(new URL('../bin/ebm.js', import.meta.url));

function seconds(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export async function run(runs = 7): Promise<void> {
  const addon = addonChoice().path;
  const cases = { 'ebm --version': [bin, '--version'], 'ebm info --json': [bin, 'info', '--json'], 'node -e require(addon)': ['-e', `require(${JSON.stringify(addon)})`] };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(cases)) times[name]!.push(seconds(args));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const reference = median(times['node -e require(addon)']!);
  console.log(`start-up, median of ${runs} (ratio to node -e "require(addon)", ${addon})\n`);
  const rows = Object.entries(times).map(([name, xs]) => ({ name, median: median(xs), ratio: median(xs) / reference, runs: xs }));
  for (const r of rows) console.log(`${r.name.padEnd(26)}${(r.median * 1000).toFixed(1).padStart(8)} ms${r.ratio.toFixed(2).padStart(8)}x`);
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('./results/startup.json', import.meta.url)), JSON.stringify({ bench: 'startup', date: new Date().toISOString(), rows }, null, 2) + '\n');
  console.log('\nwrote bench/results/startup.json');
}
