/**
 * The known-pairwise-EBM experiment (`--synthetic`, k = 6, d = 10, 1500 train / 500 test): data drawn exactly
 * from a pairwise EBM with mutually exclusive label blocks, then the learned unary and pairwise models against
 * the true model's MAP and the Bayes unary rule.
 */
import { mulberry32 } from '../../src/data/preprocess.ts';
import { checkLogPartition } from '../../src/learn/logz.ts';
import { logSumExp, makeStructure } from '../../src/learn/structures.ts';
import { predict, train } from '../../src/learn/train.ts';
import { f1Example } from '../../src/metrics/multilabel.ts';

/**
 * Known pairwise EBM: x ~ N(0, I_10), u(x) = A x + b (A_ij ~ N(0, 0.3^2), b = 4), and fixed couplings U with two
 * blocks of three mutually exclusive labels (U_ij = -10 + N(0, 0.5^2) inside a block, N(0, 0.5^2) across), so
 * a typical y holds about one label per block and which one depends on x; y ~ p(y|x) ∝ exp(u.y + sum_{i<j}
 * U_ij y_i y_j) drawn exactly by enumeration. A unary model can only threshold marginals, which are often all
 * below 1/2 inside a block, so the true MAP clearly beats any unary predictor (reported as the Bayes unary
 * rule: threshold the true marginals at 1/2). Compares the true MAP with learned unary and pairwise models.
 */
export async function synthetic(seed: number, epochs = 100): Promise<Record<string, unknown>> {
  const k = 6;
  const d = 10;
  const random = mulberry32(1000 + seed);
  const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-300)) * Math.cos(2 * Math.PI * random());
  const A = Array.from({ length: k * d }, () => normal() * 0.3);
  const truthStructure = makeStructure('pairwise', k);
  const m = truthStructure.m;
  const Upairs: number[] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) Upairs.push((Math.floor(i / 3) === Math.floor(j / 3) ? -10 : 0) + normal() * 0.5);
  const states = truthStructure.allStates(1 << 10)!;
  const phi = new Float32Array(64 * m);
  for (let s = 0; s < 64; s++) truthStructure.features(states, s * k, phi, s * m);
  const rows = 2000;
  const x = new Float64Array(rows * d);
  const y = new Int32Array(rows * k);
  const mapTrue = new Int32Array(rows * k);
  const marginalRule = new Int32Array(rows * k);
  const theta = new Float32Array(m);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) x[r * d + i] = normal();
    for (let j = 0; j < k; j++) theta[j] = A.slice(j * d, (j + 1) * d).reduce((a, w, i) => a + w * x[r * d + i]!, 0) + 4;
    theta.set(Upairs, k);
    const g = Array.from({ length: 64 }, (_, s) => phi.subarray(s * m, (s + 1) * m).reduce((a, v, t) => a + v * theta[t]!, 0));
    const lz = logSumExp(g);
    let u = random();
    let pick = 63;
    for (let s = 0; s < 64; s++) {
      u -= Math.exp(g[s]! - lz);
      if (u <= 0) {
        pick = s;
        break;
      }
    }
    y.set(states.subarray(pick * k, (pick + 1) * k), r * k);
    for (let j = 0; j < k; j++) {
      let marginal = 0;
      for (let t = 0; t < 64; t++) if (states[t * k + j]) marginal += Math.exp(g[t]! - lz);
      marginalRule[r * k + j] = marginal > 0.5 ? 1 : 0;
    }
    truthStructure.map(theta, mapTrue, r * k);
  }
  const trainRows = 1500;
  const testY = y.subarray(trainRows * k);
  const out: Record<string, unknown> = { k, d, train: trainRows, test: rows - trainRows, seed, f1_true_map: 100 * f1Example(testY, mapTrue.subarray(trainRows * k), k), f1_bayes_unary: 100 * f1Example(testY, marginalRule.subarray(trainRows * k), k) };
  const runs = [
    ['unary', 'minmin-logistic'],
    ['pairwise', 'minmin-logistic'],
    ['pairwise', 'mle'],
  ] as const;
  for (const [model, loss] of runs) {
    const r = await train({ x: x.subarray(0, trainRows * d), y: y.subarray(0, trainRows * k), rows: trainRows, d, k }, { model, loss, epochs, seed, hidden: [64], samples: 64, lr: 3e-3, patience: 25 });
    const p = predict(r.model, x.subarray(trainRows * d), rows - trainRows);
    const key = loss === 'mle' ? `${model}_mle` : model;
    out[`f1_${key}`] = 100 * f1Example(testY, p.predicted, k);
    const logz = checkLogPartition(r.model, p.z, rows - trainRows);
    out[`logz_mae_${key}`] = logz?.mae ?? null;
    out[`logz_corr_${key}`] = logz?.corr ?? null;
    out[`seconds_${key}`] = r.seconds;
    out[`best_epoch_${key}`] = r.bestEpoch;
    out.backend = r.backend;
    r.model.networks.dispose();
  }
  return out;
}
