/** ebm demo: a short tour on the embedded data (npm start). */
import { fileURLToPath } from 'node:url';
import { readGset } from '../../data/gset.ts';
import { maxCut } from '../../solve/maxcut.ts';
import { setModel } from '../../energies/setModel.ts';
import { logPartition } from '../../sample/logz.ts';
import { readQaplibDat, readQaplibSln } from '../../data/qaplib.ts';
import { solveQap } from '../../solve/qap.ts';
import { mustNum, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { demoStep } from './train.ts';

export const operands: readonly Operand[] = [];

export const flags: readonly Flag[] = [{ name: 'time', value: 'S', type: 'number', default: 3, meaning: 'seconds for the max-cut step (QAP gets at most 1)' }];

export async function run(_operands: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const json = Boolean(flags.json);
  const say = (s: string) => {
    if (!json) process.stdout.write(s + '\n');
  };
  const time = mustNum(flags, 'time');
  const file = fileURLToPath(new URL('../../../data/G1.txt', import.meta.url));
  const g = readGset(file);
  say(`1. Max-cut on Gset G1 (n = ${g.n}, ${g.u.length} edges; best known cut 11624), parallel tempering for up to ${time} s`);
  const progress = context.progress('   max-cut');
  const mc = await maxCut(g, {
    timeLimitMs: time * 1000,
    seed: 1,
    onProgress: (p) => progress.update({ seconds: p.seconds, done: p.seconds, total: time, status: `best cut ${-p.bestEnergy!}` }),
  });
  // The next step prints to stdout at once: the bar goes first.
  progress.stop();
  say(`   cut ${mc.cut} (best found after ${mc.secondsToBest.toFixed(3)} s, ${mc.rounds} rounds, ${mc.ladder.length} replicas)`);

  // A small random model: exact log Z by enumeration next to the stepping-stone estimate from PT.
  const n = 12;
  let s = 7;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j, rand()]);
  const m = setModel({ n, unary: Array.from({ length: n }, rand), edges });
  const exact = await logPartition(m, { method: 'exact' });
  const pt = await logPartition(m, { method: 'pt', seed: 1 });
  say(`2. log Z of a random dense set model (n = ${n}): exact ${exact.logZ.toFixed(4)}, PT stepping stone ${pt.logZ.toFixed(4)} ± ${pt.stdError!.toExponential(1)}`);

  // Quadratic assignment on QAPLIB nug12 (embedded with its optimal .sln).
  const dat = readQaplibDat(fileURLToPath(new URL('../../../data/nug12.dat', import.meta.url)));
  const sln = readQaplibSln(fileURLToPath(new URL('../../../data/nug12.sln', import.meta.url)));
  const q = await solveQap(dat, { timeLimitMs: Math.min(time, 1) * 1000, seed: 1, targetEnergy: sln.value });
  say(`3. QAP on QAPLIB nug12 (n = ${dat.n}, optimum ${sln.value}): cost ${q.cost} after ${q.secondsToBest.toFixed(3)} s (PT + tabu search)`);
  say(`   permutation (item -> location, 0-based): ${Array.from(q.permutation).join(' ')}`);
  const learn = await demoStep(say, 4);
  return {
    json: { maxcut: { cut: mc.cut, secondsToBest: mc.secondsToBest }, logZ: { exact: exact.logZ, pt: pt.logZ }, qap: { instance: 'nug12', cost: q.cost, optimum: sln.value, secondsToBest: q.secondsToBest }, learn },
    text: '',
  };
}
