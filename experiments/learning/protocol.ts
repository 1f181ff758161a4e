/**
 * The reproduction protocol (`grid-v1`): which data sets and losses, the paper's numbers, and how one training
 * split becomes one model. Hyperparameters (lr x hidden width, a 2 x 2 grid) and the epoch (early stopping)
 * are chosen on a validation split carved from each training set, per seed and per fold; test rows never
 * enter a choice.
 */
import { fileURLToPath } from 'node:url';
import { train, type LearnData, type TrainOptions, type TrainResult } from '../../src/learn/train.ts';
import type { LossKind } from '../../src/learn/losses.ts';

/** The shared data sets (MULAN multilabel, label ranking), beside this checkout. */
export const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export const MULTILABEL = ['yeast', 'scene', 'birds', 'emotions', 'cal500'] as const;
export const RANKING = ['authorship', 'glass', 'iris', 'vehicle', 'vowel', 'wine'] as const;
export const TABLE_LOSSES: LossKind[] = ['minmin-logistic', 'minmin-sparsemax', 'mle', 'mcmc'];
/** Paper (Sander et al., ICML 2025): best of its losses; F1 example-based x100 and Kendall x100. */
export const PAPER: Record<string, number> = { yeast: 65.04, scene: 75.83, birds: 46.48, emotions: 66.86, cal500: 46.39, authorship: 90.8, glass: 85.94, iris: 99.26, vehicle: 86.41, vowel: 74.26, wine: 91.98 };

/** Bumped when the protocol changes: the table only averages runs of the current protocol. */
export const PROTOCOL = 'grid-v1';
/** The grid searched on each training split's validation rows. */
export const GRID = { lr: [1e-3, 3e-3], hidden: [128, 256] };
export const PATIENCE = 25;

export function isRanking(dataset: string): boolean {
  return RANKING.includes(dataset as never);
}

/** What a run's command line fixes beside the cell: the multilabel energy and whether the grid is searched. */
export interface Settings {
  /** unary (the main table) or pairwise (`--model pairwise`, warm-started from unary). */
  multilabelModel: 'unary' | 'pairwise';
  /** false with `--no-grid`: one point, lr 1e-3 and width 256. */
  grid: boolean;
}

/** Per-dataset options: small sets get more epochs (early stopping on validation ends most runs sooner). */
export function optionsFor(dataset: string, loss: LossKind, seed: number, epochs: number | undefined, settings: Settings): TrainOptions {
  const small = ['iris', 'wine', 'glass', 'birds', 'emotions', 'cal500'].includes(dataset);
  return { model: isRanking(dataset) ? 'permutahedron' : settings.multilabelModel, loss, seed, epochs: epochs ?? (small ? 150 : 100), samples: 32, hidden: [256], lr: 1e-3, batch: small ? 32 : 64, patience: PATIENCE };
}

/**
 * Trains every grid point on the same training rows (the validation split inside train() is carved from them
 * with the same seed, so every point is judged on the same held-out rows) and keeps the model with the best
 * validation score; the others are disposed. Test rows never enter.
 */
export async function fit(data: LearnData, o: TrainOptions, settings: Settings): Promise<{ r: TrainResult; chosen: string }> {
  const points = settings.grid ? GRID.lr.flatMap((lr) => GRID.hidden.map((h) => ({ lr, hidden: [h] }))) : [{ lr: o.lr!, hidden: o.hidden! }];
  let best: TrainResult | null = null;
  let chosen = '';
  let seconds = 0;
  for (const p of points) {
    // Pairwise min-min is unstable from scratch: each grid point first trains the unary model and starts from it.
    const unary = o.model === 'pairwise' ? await train(data, { ...o, ...p, model: 'unary' }) : null;
    const r = await train(data, { ...o, ...p, ...(unary && { warmStart: unary.model }) });
    unary?.model.networks.dispose();
    seconds += r.seconds + (unary?.seconds ?? 0);
    if (!best || r.bestValidation > best.bestValidation) {
      best?.model.networks.dispose();
      best = r;
      chosen = `${p.lr}/${p.hidden[0]}@${r.bestEpoch}`;
    } else r.model.networks.dispose();
  }
  best!.seconds = seconds;
  return { r: best!, chosen };
}
