/** Small inputs of the queue tests, written to a temporary folder: model files and LAP cost matrices. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../src/data/preprocess.ts';

export const SET_MODEL = {
  format: 'ebm-model/1',
  space: 'set',
  n: 10,
  beta: 1,
  unary: [0.5, -1, 0.2, 0, 0.3, -0.4, 0.1, 0.2, -0.3, 0.6],
  pairwise: { edges: [[0, 1, 1.5], [2, 3, -0.7], [4, 5, 0.9], [1, 4, -0.3], [6, 7, 0.4], [8, 9, -0.5], [3, 8, 0.2]] },
};

export const PERM_MODEL = { format: 'ebm-model/1', space: 'permutation', n: 5, beta: 1, linear: [[0, 1, 2, 3, 4], [1, 0, 1, 2, 3], [2, 1, 0, 1, 2], [3, 2, 1, 0, 1], [4, 3, 2, 1, 0]] };

/** A folder with set.json and perm.json. */
export function modelFolder(): { dir: string; set: string; perm: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-queue-'));
  const set = join(dir, 'set.json');
  const perm = join(dir, 'perm.json');
  writeFileSync(set, JSON.stringify(SET_MODEL));
  writeFileSync(perm, JSON.stringify(PERM_MODEL));
  return { dir, set, perm };
}

/** A seeded n x n integer cost matrix, as the text `ebm lap` reads. */
export function costMatrix(n: number, seed: number): number[][] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => Array.from({ length: n }, () => Math.floor(r() * 100)));
}

/** The optimal assignment cost by trying every permutation (n <= 7). */
export function bruteForceLap(cost: number[][]): number {
  const n = cost.length;
  let best = Infinity;
  const used = new Array<boolean>(n).fill(false);
  const go = (row: number, sum: number) => {
    if (sum >= best) return;
    if (row === n) {
      best = sum;
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(row + 1, sum + cost[row]![j]!);
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}
