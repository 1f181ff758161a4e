/**
 * tau you can trust (issue 16 item 3): `npm run experiment -- learning --logz [--seeds K] [--first-seed S]
 * [--datasets emotions,yeast,scene] [--losses minmin-logistic,...] [--variants paper,trusted,...]`.
 *
 * For each data set, loss, variant and seed: one training run at the no-grid point of the protocol (lr 0.001,
 * width 256, early stopping on validation F1; test rows never chosen on), then on the test rows example F1 and
 * tau(x) against the exact log Z(x) of the learned energy (MAE, correlation, fraction within 0.1 nats). The
 * variants differ only in how tau is fit, so at one seed they share the data split, initialization and batches.
 */
import { readMultilabel } from '../../src/data/arff.ts';
import { checkLogPartition } from '../../src/learn/logz.ts';
import type { LossKind } from '../../src/learn/losses.ts';
import { predict, train, type TrainOptions } from '../../src/learn/train.ts';
import { multilabelScores } from '../../src/metrics/multilabel.ts';
import { optionsFor, shared } from './protocol.ts';
import { load, store, type Results } from './results.ts';

/** How tau is fit: the paper's min-min (prior draws, tau of x) and this changes, alone and together. */
export const VARIANTS: Record<string, Pick<TrainOptions, 'proposal' | 'tauInput' | 'tauEpochs'>> = {
  paper: { proposal: 'prior', tauInput: 'x', tauEpochs: 0 },
  'mean-field': { proposal: 'mean-field', tauInput: 'x', tauEpochs: 0 },
  'mean-field+theta': { proposal: 'mean-field', tauInput: 'theta', tauEpochs: 0 },
  trusted: { proposal: 'mean-field', tauInput: 'theta', tauEpochs: 150 },
  'trusted-400': { proposal: 'mean-field', tauInput: 'theta', tauEpochs: 400 },
  'prior+theta+refit': { proposal: 'prior', tauInput: 'theta', tauEpochs: 150 },
  // Training exactly as the paper's (same energy, same F1 at a seed), then a fresh tau of theta refit on it.
  'paper+refit-400': { proposal: 'prior', tauInput: 'x', tauEpochs: 400 },
};

export interface LogzRun {
  dataset: string;
  loss: LossKind;
  variant: string;
  seed: number;
  f1: number;
  mae: number;
  corr: number;
  within: number;
  bestEpoch: number;
  seconds: number;
}

export async function logzExperiment(datasets: string[], losses: LossKind[], variants: string[], firstSeed: number, seeds: number, save: (r: Results) => void): Promise<void> {
  for (const v of variants) if (!VARIANTS[v]) throw new RangeError(`Expected a variant among ${Object.keys(VARIANTS).join(', ')} but received ${JSON.stringify(v)}`);
  // Seed-major: every cell's first seed before any second one (a run cut short still fills every cell).
  for (let seed = firstSeed; seed <= seeds; seed++)
    for (const dataset of datasets) {
      const dir = `${shared}multilabel/${dataset}/`;
      const tr = readMultilabel(`${dir}${dataset}-train.arff`, { xml: `${dir}${dataset}.xml` });
      const te = readMultilabel(`${dir}${dataset}-test.arff`, { xml: `${dir}${dataset}.xml` });
      for (const loss of losses)
        for (const variant of variants) {
          const v = VARIANTS[variant]!;
          // min-min sparsemax has no mean-field proposal (its E_q term is not exp); it keeps prior draws.
          if (loss === 'minmin-sparsemax' && v.proposal === 'mean-field' && variant !== 'trusted') continue;
          const o = { ...optionsFor(dataset, loss, seed, undefined, { multilabelModel: 'unary', grid: false }), ...v, ...(loss === 'minmin-sparsemax' && { proposal: 'prior' as const }) };
          const r = await train({ x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k }, o);
          const { predicted, z } = predict(r.model, te.x, te.rows);
          const check = checkLogPartition(r.model, z, te.rows)!;
          r.model.networks.dispose();
          const run: LogzRun = { dataset, loss, variant, seed, f1: 100 * multilabelScores(te.y, predicted, te.k).f1Example, mae: check.mae, corr: check.corr, within: check.within, bestEpoch: r.bestEpoch, seconds: r.seconds };
          console.log('logz', JSON.stringify(run));
          const current = load();
          const same = (x: LogzRun) => x.dataset === dataset && x.loss === loss && x.variant === variant && x.seed === seed;
          current.logz = [...(current.logz ?? []).filter((x) => !same(x)), run];
          save(current);
        }
    }
}
