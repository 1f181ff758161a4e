/**
 * Controls (`--controls`): predictors that ignore x (the best constant label set, the Borda ranking) and
 * ranking models trained on shuffled labels, to tell learning from artefacts of the metric.
 */
import { readMultilabel } from '../../src/data/arff.ts';
import { readLabelRanking } from '../../src/data/labelRanking.ts';
import { kFold, mulberry32, takeRows } from '../../src/data/preprocess.ts';
import { predict, train } from '../../src/learn/train.ts';
import { f1Example } from '../../src/metrics/multilabel.ts';
import { kendallTau } from '../../src/metrics/ranking.ts';
import { optionsFor, shared, type Settings } from './protocol.ts';

/**
 * The best constant label set for example-based F1 chosen on the training rows (the m most frequent labels, m
 * maximizing training F1), scored on the test rows: what a model that ignores x can reach. On cal500 (26 of 174
 * labels per song) this set is large, while a likelihood model's MAP (marginals thresholded at 1/2) is small.
 */
function constantSetF1(trainY: Uint8Array, testY: Uint8Array, k: number): { f1: number; size: number } {
  const rows = trainY.length / k;
  const freq = new Float64Array(k);
  for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) freq[j] = freq[j]! + trainY[r * k + j]!;
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => freq[b]! - freq[a]!);
  const predictionOf = (m: number, n: number) => {
    const p = new Uint8Array(n * k);
    for (let r = 0; r < n; r++) for (const j of order.slice(0, m)) p[r * k + j] = 1;
    return p;
  };
  let best = { m: 0, f1: -1 };
  for (let m = 0; m <= k; m++) {
    const f1 = f1Example(trainY, predictionOf(m, rows), k);
    if (f1 > best.f1) best = { m, f1 };
  }
  return { f1: 100 * f1Example(testY, predictionOf(best.m, testY.length / k), k), size: best.m };
}

export function multilabelControls(dataset: string): Record<string, number | string> {
  const dir = `${shared}multilabel/${dataset}/`;
  const xml = `${dir}${dataset}.xml`;
  if (dataset === 'cal500') {
    const ds = readMultilabel(`${dir}cal500.arff`, { xml });
    let f1 = 0;
    const sizes: number[] = [];
    for (const fold of kFold(ds.rows, 5, 1)) {
      const c = constantSetF1(takeRows(ds.y, ds.k, fold.train), takeRows(ds.y, ds.k, fold.test), ds.k);
      f1 += c.f1 / 5;
      sizes.push(c.size);
    }
    return { dataset, constant_f1: f1, constant_size: sizes.join('/') };
  }
  const tr = readMultilabel(`${dir}${dataset}-train.arff`, { xml });
  const te = readMultilabel(`${dir}${dataset}-test.arff`, { xml });
  const c = constantSetF1(tr.y, te.y, tr.k);
  return { dataset, constant_f1: c.f1, constant_size: String(c.size) };
}

/**
 * Controls for the label-ranking table (seed 1, 10-fold CV): the constant Borda predictor (labels ordered by
 * their mean training rank), and MCMC and min-min logistic trained on training rankings shuffled across rows
 * (x and y unrelated; lr 1e-3, width 256, no grid). A model that beats the constant predictor by learning from
 * x must fall back to it on shuffled labels; a leak of test labels, or a score that does not depend on x, would
 * not.
 */
export async function rankingControls(dataset: string, settings: Settings): Promise<Record<string, number | string>> {
  const ds = readLabelRanking(`${shared}label_ranking/${dataset}.csv`);
  const k = ds.k;
  const folds = kFold(ds.rows, 10, 1);
  const out: Record<string, number | string> = { dataset };
  let borda = 0;
  const shuffled: Record<string, number> = { mcmc: 0, 'minmin-logistic': 0 };
  for (const fold of folds) {
    const trainY = takeRows(ds.rankings, k, fold.train);
    const truth = takeRows(ds.rankings, k, fold.test);
    const meanRank = new Float64Array(k);
    for (let r = 0; r < fold.train.length; r++) for (let j = 0; j < k; j++) meanRank[j] = meanRank[j]! + trainY[r * k + j]!;
    const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => meanRank[a]! - meanRank[b]!);
    const constant = new Int32Array(fold.test.length * k);
    for (let r = 0; r < fold.test.length; r++) order.forEach((label, position) => (constant[r * k + label] = position));
    borda += (100 * kendallTau(truth, constant, k)) / folds.length;
    const random = mulberry32(77);
    const perm = Array.from({ length: fold.train.length }, (_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const shuffledY = takeRows(trainY, k, Int32Array.from(perm));
    for (const loss of ['mcmc', 'minmin-logistic'] as const) {
      const o = { ...optionsFor(dataset, loss, 1, undefined, settings), lr: 1e-3, hidden: [256] };
      const r = await train({ x: takeRows(ds.x, ds.d, fold.train), y: shuffledY, rows: fold.train.length, d: ds.d, k }, o);
      shuffled[loss]! += (100 * kendallTau(truth, predict(r.model, takeRows(ds.x, ds.d, fold.test), fold.test.length).predicted, k)) / folds.length;
      r.model.networks.dispose();
    }
  }
  out.borda = borda;
  out.shuffled_mcmc = shuffled.mcmc!;
  out['shuffled_minmin-logistic'] = shuffled['minmin-logistic']!;
  return out;
}
