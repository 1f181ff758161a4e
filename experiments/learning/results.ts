/**
 * The results store, experiments/results/learning.json: every measured cell is merged in (partial runs
 * accumulate, two processes may fill different cells at once); docs/results.md is written from it (report.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LossKind } from '../../src/learn/losses.ts';
import { MULTILABEL_PROTOCOL, PROTOCOL, RANKING_PROTOCOL, isRanking } from './protocol.ts';
import type { LogzRun } from './logz.ts';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
const resultsPath = fileURLToPath(new URL('../results/learning.json', import.meta.url));

export interface Run {
  protocol?: string;
  dataset: string;
  loss: LossKind;
  model: string;
  seed: number;
  /** F1 example x100 (multilabel) or Kendall x100 (ranking). */
  score: number;
  extra: Record<string, number | null>;
  seconds: number;
  backend: string;
  epochs: number;
  /** Chosen hyperparameters per split ("lr/hidden@epoch"). */
  chosen?: string[];
  /** MCMC runs: persistent chains (PCD) or fresh chains every step (ranking runs before the permutation sampler took `initial`). */
  mcmcChains?: 'persistent' | 'fresh';
}

export interface Results {
  runs: Run[];
  synthetic?: Record<string, unknown>;
  syntheticSeeds?: Record<string, unknown>[];
  controls?: Record<string, unknown>[];
  pairwiseYeast?: Record<string, unknown>[];
  /** Label ranking configurations, one row each (rankingStudy.ts). */
  rankingStudy?: Record<string, unknown>[];
  /** Multilabel configurations, one row each (multilabelStudy.ts). */
  multilabelStudy?: Record<string, unknown>[];
  /** tau you can trust (logz.ts): one row per data set, loss, variant and seed. */
  logz?: LogzRun[];
}

/**
 * Results so far (grid-v1 runs, and grid-v2 label-ranking runs beside them); runs of an earlier protocol (e.g. fixed hyperparameters) are dropped, not averaged in, and so
 * are ranking MCMC runs with fresh chains (superseded by persistent permutation chains). Set MCMC runs were
 * always persistent.
 */
export function load(): Results {
  const r = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Results) : { runs: [] };
  r.runs = r.runs.filter((x) => (x.protocol === PROTOCOL || (x.protocol === RANKING_PROTOCOL && isRanking(x.dataset)) || x.protocol === MULTILABEL_PROTOCOL) && !(x.loss === 'mcmc' && isRanking(x.dataset) && x.mcmcChains !== 'persistent'));
  return r;
}

export function store(r: Results): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(resultsPath, JSON.stringify(r, null, 1) + '\n');
}
