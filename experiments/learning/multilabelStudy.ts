/**
 * `npm run experiment -- learning --multilabel-study [--datasets emotions,yeast] [--losses minmin-logistic]
 * [--model unary|pairwise] [--study-configs 0,3] [--first-seed S --seeds K]`: multilabel configurations one at a
 * time (MULAN train/test split), to show what the F1 gap of a cell depends on (the epoch choice, a refit on all
 * training rows, depth, dropout, prior samples). Each row records the test F1, the validation F1 of the kept
 * epoch, the F1 of the final model on all its training rows (underfit or overfit) and the kept epoch. A row with
 * `refit` chooses the epoch on the validation rows (fixed epochs, no early stopping, ties to the later epoch) and
 * retrains on all the training rows for that many epochs (grid-v2's fitRefit at one grid point); a row with
 * validation 0 makes no choice at all (fixed epochs, last epoch kept): a measurement, not a protocol result.
 */
import { readMultilabel } from '../../src/data/arff.ts';
import { bestThreshold, shiftedMap, thresholdCurve } from './threshold.ts';
import type { LossKind } from '../../src/learn/losses.ts';
import { predict, train, type LearnData, type TrainOptions, type TrainResult } from '../../src/learn/train.ts';
import { f1Example } from '../../src/metrics/multilabel.ts';
import { bestEpoch, optionsFor, shared } from './protocol.ts';

/** A configuration: the grid-v1 options of the data set (lr 0.001, width 256), overridden by these. */
export type MultilabelConfig = Pick<TrainOptions, 'lr' | 'hidden' | 'epochs' | 'patience' | 'validation' | 'dropout' | 'batch' | 'samples'> & {
  refit?: boolean;
  /**
   * Prediction rule: the MAP of the energy with every unary term shifted by -t, t chosen on the validation rows
   * (of the choice run, before a refit) from -2 to 2 in steps of 0.1 for the best F1 (ties to the smaller |t|);
   * t = 0 is the MAP. Example-based F1 is not maximized by the MAP: this measures how much the rule matters.
   */
  threshold?: boolean;
  /**
   * `minmax`: every feature scaled to [0, 1] with the training file's min and max before train() (which then
   * standardizes with its training rows' mean and sd, as always). A per-feature affine map leaves the
   * standardized input unchanged up to rounding, so this measures that the input normalisation is not a lever.
   */
  inputs?: 'minmax';
};

/** The paper-like architecture of issue 16 (2 x 256 MLP, dropout 0.3, batch 64, 100 prior samples). */
const PAPER_NET: MultilabelConfig = { hidden: [256, 256], dropout: 0.3, batch: 64, samples: 100 };

export const MULTILABEL_STUDY: MultilabelConfig[] = [
  {}, // 0: the grid-v1 point lr 0.001 / 256, 32 samples: first best validation epoch, patience 25
  { epochs: 100, patience: 0, refit: true }, // 1: grid-v2's choice (fixed epochs, ties later) and refit, same net
  { ...PAPER_NET }, // 2: the paper-like net under grid-v1's early stopping
  { ...PAPER_NET, epochs: 100, patience: 0, refit: true }, // 3: paper-like net, grid-v2 choice and refit
  { ...PAPER_NET, epochs: 100, patience: 0, validation: 0 }, // 4: paper-like net, no choice (last of 100 epochs)
  { hidden: [256, 256], epochs: 100, patience: 0, refit: true }, // 5: depth alone (no dropout, 32 samples)
  { hidden: [256], dropout: 0.3, epochs: 100, patience: 0, refit: true }, // 6: dropout alone
  { ...PAPER_NET, lr: 3e-3, epochs: 100, patience: 0, refit: true }, // 7: paper-like net, lr 0.003
  { ...PAPER_NET, dropout: 0.5, epochs: 100, patience: 0, refit: true }, // 8: stronger dropout
  { ...PAPER_NET, epochs: 100, patience: 0, refit: true, threshold: true }, // 9: 3 with a threshold chosen on validation
  { ...PAPER_NET, epochs: 200, patience: 0, refit: true }, // 10: 3 with 200 epochs
  { ...PAPER_NET, hidden: [512, 512], epochs: 100, patience: 0, refit: true }, // 11: 3 with width 512
  { ...PAPER_NET, epochs: 100, patience: 0, refit: true, inputs: 'minmax' }, // 12: 3 on min-max scaled inputs
];

/** Features scaled to [0, 1] per column with the min and max of `fit` (a constant column maps to 0). */
function minMaxScale(x: Float64Array, fit: Float64Array, d: number): Float64Array {
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let t = 0; t < fit.length; t++) {
    lo[t % d] = Math.min(lo[t % d]!, fit[t]!);
    hi[t % d] = Math.max(hi[t % d]!, fit[t]!);
  }
  return x.map((v, t) => (hi[t % d]! > lo[t % d]! ? (v - lo[t % d]!) / (hi[t % d]! - lo[t % d]!) : 0));
}

export function configLabel(c: MultilabelConfig): string {
  return JSON.stringify(c);
}

/** Trains one configuration; with `refit`, chooses the epoch on validation and retrains on all rows for it. */
export async function fitConfig(data: LearnData, o: TrainOptions, refit: boolean, warm: (o: TrainOptions) => Promise<TrainResult | null>, onChoice?: (r: TrainResult) => void): Promise<{ r: TrainResult; epoch: number; validation: number }> {
  const w = await warm(o);
  const r = await train(data, { ...o, ...(w && { warmStart: w.model }) });
  w?.model.networks.dispose();
  onChoice?.(r);
  if (!refit) return { r, epoch: r.bestEpoch, validation: r.bestValidation };
  const best = bestEpoch([{ point: 0, history: r.history }])!;
  r.model.networks.dispose();
  const all = { ...o, epochs: best.epoch, validation: 0, patience: 0 };
  const w2 = await warm(all);
  const final = await train(data, { ...all, ...(w2 && { warmStart: w2.model }) });
  w2?.model.networks.dispose();
  final.seconds += r.seconds + (w?.seconds ?? 0) + (w2?.seconds ?? 0);
  return { r: final, epoch: best.epoch, validation: best.score };
}

export async function multilabelStudy(dataset: string, loss: LossKind, model: 'unary' | 'pairwise', config: MultilabelConfig, seed: number): Promise<Record<string, number | string>> {
  const dir = `${shared}multilabel/${dataset}/`;
  const xml = `${dir}${dataset}.xml`;
  const tr = readMultilabel(`${dir}${dataset}-train.arff`, { xml });
  const te = readMultilabel(`${dir}${dataset}-test.arff`, { xml });
  const { refit, threshold, inputs, ...overrides } = config;
  if (inputs === 'minmax') [tr.x, te.x] = [minMaxScale(tr.x, tr.x, tr.d), minMaxScale(te.x, tr.x, tr.d)];
  const data = { x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k };
  const o: TrainOptions = { ...optionsFor(dataset, loss, seed, undefined, { multilabelModel: model, grid: false }), ...overrides };
  // Pairwise starts from the unary model of the same loss and options (as the grid does; couplings at zero).
  const warm = async (p: TrainOptions) => (model === 'pairwise' ? train(data, { ...p, model: 'unary' }) : null);
  let t = 0;
  // The threshold is chosen on the choice run's validation rows (its kept epoch), never on test rows.
  const chooseThreshold = (c: TrainResult) => {
    t = bestThreshold([thresholdCurve(c.model, data, o.seed!, o.validation ?? 0.15)]);
  };
  const { r, epoch, validation } = await fitConfig(data, o, refit ?? false, warm, threshold ? chooseThreshold : undefined);
  const testTheta = predict(r.model, te.x, te.rows).theta;
  const test = 100 * f1Example(te.y, shiftedMap(r.model.structure, testTheta, te.rows, t), te.k);
  const fit = 100 * f1Example(tr.y, shiftedMap(r.model.structure, predict(r.model, tr.x, tr.rows).theta, tr.rows, t), tr.k);
  r.model.networks.dispose();
  return {
    dataset,
    loss,
    model,
    seed,
    config: configLabel(config),
    lr: o.lr!,
    hidden: o.hidden!.length ? o.hidden!.join('x') : 'linear',
    dropout: o.dropout ?? 0,
    samples: o.samples!,
    batch: o.batch!,
    epochs: o.epochs!,
    choice: (o.validation === 0 ? 'none' : refit ? '15%, best epoch, refit on all' : `15%, patience ${o.patience || 'none'}`) + (threshold ? `; threshold ${t} chosen on validation` : '') + (inputs ? `; inputs ${inputs} before standardizing` : ''),
    test,
    validation: Number.isNaN(validation) ? 'none' : 100 * validation,
    train: fit,
    epoch,
    seconds: r.seconds,
  };
}
