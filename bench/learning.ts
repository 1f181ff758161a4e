/**
 * Reproduction runs for the learning layer: `npm run bench -- learning [--seeds K] [--epochs E]
 * [--datasets yeast,glass,...] [--losses minmin-logistic,...] [--synthetic] [--report]`.
 *
 * Multilabel: MULAN train/test splits (yeast, scene, birds, emotions) and cal500 (5-fold CV); metric F1
 * example-based x100. Label ranking: 10-fold CV (authorship, glass, iris, vehicle, vowel, wine); Kendall x100.
 * The epoch is chosen on a validation split carved from each training set (never the test rows). Every cell
 * measured is merged into bench/results/learning.json (so partial runs accumulate) and docs/results.md is
 * rewritten from it, with the cells not measured marked "not run". --synthetic adds the known-pairwise-EBM
 * experiment (k = 6, d = 10, 1500 train / 500 test): the learned pairwise model vs the true model's MAP.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readMultilabel } from '../src/data/arff.ts';
import { readLabelRanking } from '../src/data/labelRanking.ts';
import { kFold, mulberry32, takeRows } from '../src/data/preprocess.ts';
import { predict, train, type TrainOptions } from '../src/learn/train.ts';
import { checkLogPartition } from '../src/learn/logz.ts';
import { makeStructure } from '../src/learn/structures.ts';
import { logSumExp } from '../src/learn/structures.ts';
import { f1Example, multilabelScores } from '../src/metrics/multilabel.ts';
import { kendallTau, spearmanRho } from '../src/metrics/ranking.ts';
import type { LossKind } from '../src/learn/losses.ts';

const shared = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const resultsPath = fileURLToPath(new URL('./results/learning.json', import.meta.url));
const docsPath = fileURLToPath(new URL('../docs/results.md', import.meta.url));

export const MULTILABEL = ['yeast', 'scene', 'birds', 'emotions', 'cal500'] as const;
export const RANKING = ['authorship', 'glass', 'iris', 'vehicle', 'vowel', 'wine'] as const;
export const TABLE_LOSSES: LossKind[] = ['minmin-logistic', 'minmin-sparsemax', 'mle', 'mcmc'];
/** Paper (Sander et al., ICML 2025): best of its losses; F1 example-based x100 and Kendall x100. */
export const PAPER: Record<string, number> = { yeast: 65.04, scene: 75.83, birds: 46.48, emotions: 66.86, cal500: 46.39, authorship: 90.8, glass: 85.94, iris: 99.26, vehicle: 86.41, vowel: 74.26, wine: 91.98 };

interface Run {
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
}

interface Results {
  runs: Run[];
  synthetic?: Record<string, unknown>;
}

function load(): Results {
  return existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Results) : { runs: [] };
}

function save(r: Results): void {
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(resultsPath, JSON.stringify(r, null, 1) + '\n');
  writeReport(r);
}

/** Per-dataset options: small sets get more epochs (the epoch is still chosen on validation). */
function optionsFor(dataset: string, loss: LossKind, seed: number, epochs: number | undefined): TrainOptions {
  const small = ['iris', 'wine', 'glass', 'birds', 'emotions', 'cal500'].includes(dataset);
  return { model: RANKING.includes(dataset as never) ? 'permutahedron' : 'unary', loss, seed, epochs: epochs ?? (small ? 150 : 100), samples: 32, hidden: [256], lr: 1e-3, batch: small ? 32 : 64 };
}

async function multilabelRun(dataset: string, loss: LossKind, seed: number, epochs?: number): Promise<Run> {
  const dir = `${shared}multilabel/${dataset}/`;
  const xml = `${dir}${dataset}.xml`;
  const o = optionsFor(dataset, loss, seed, epochs);
  if (dataset === 'cal500') {
    const ds = readMultilabel(`${dir}cal500.arff`, { xml });
    const folds = kFold(ds.rows, 5, seed);
    let score = 0;
    let seconds = 0;
    let backend = '';
    for (const fold of folds) {
      const r = await train({ x: takeRows(ds.x, ds.d, fold.train), y: takeRows(ds.y, ds.k, fold.train), rows: fold.train.length, d: ds.d, k: ds.k }, o);
      const { predicted } = predict(r.model, takeRows(ds.x, ds.d, fold.test), fold.test.length);
      score += (100 * f1Example(takeRows(ds.y, ds.k, fold.test), predicted, ds.k)) / folds.length;
      seconds += r.seconds;
      backend = r.backend;
      r.model.networks.dispose();
    }
    return { dataset, loss, model: o.model, seed, score, extra: {}, seconds, backend, epochs: o.epochs! };
  }
  const tr = readMultilabel(`${dir}${dataset}-train.arff`, { xml });
  const te = readMultilabel(`${dir}${dataset}-test.arff`, { xml });
  const r = await train({ x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k }, o);
  const { predicted, z } = predict(r.model, te.x, te.rows);
  const s = multilabelScores(te.y, predicted, te.k);
  const logz = checkLogPartition(r.model, z, te.rows);
  r.model.networks.dispose();
  return {
    dataset,
    loss,
    model: o.model,
    seed,
    score: 100 * s.f1Example,
    extra: { f1_micro: 100 * s.f1Micro, f1_macro: 100 * s.f1Macro, hamming: s.hamming, logz_mae: logz?.mae ?? null, logz_corr: logz?.corr ?? null },
    seconds: r.seconds,
    backend: r.backend,
    epochs: o.epochs!,
  };
}

async function rankingRun(dataset: string, loss: LossKind, seed: number, epochs?: number): Promise<Run> {
  const ds = readLabelRanking(`${shared}label_ranking/${dataset}.csv`);
  const o = optionsFor(dataset, loss, seed, epochs);
  const folds = kFold(ds.rows, 10, seed);
  let kendall = 0;
  let spearman = 0;
  let seconds = 0;
  let backend = '';
  for (const fold of folds) {
    const r = await train({ x: takeRows(ds.x, ds.d, fold.train), y: takeRows(ds.rankings, ds.k, fold.train), rows: fold.train.length, d: ds.d, k: ds.k }, o);
    const truth = takeRows(ds.rankings, ds.k, fold.test);
    const { predicted } = predict(r.model, takeRows(ds.x, ds.d, fold.test), fold.test.length);
    kendall += (100 * kendallTau(truth, predicted, ds.k)) / folds.length;
    spearman += (100 * spearmanRho(truth, predicted, ds.k)) / folds.length;
    seconds += r.seconds;
    backend = r.backend;
    r.model.networks.dispose();
  }
  return { dataset, loss, model: o.model, seed, score: kendall, extra: { spearman }, seconds, backend, epochs: o.epochs! };
}

/**
 * Known pairwise EBM: x ~ N(0, I_10), u(x) = A x, U fixed (k = 6); y ~ p(y|x) ∝ exp(u.y + sum_{i<j} U_ij y_i y_j)
 * drawn exactly by enumeration. Compares the F1 of the true model's MAP with learned unary and pairwise models.
 */
async function synthetic(seed: number, epochs = 100): Promise<Record<string, unknown>> {
  const k = 6;
  const d = 10;
  const random = mulberry32(1000 + seed);
  const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-300)) * Math.cos(2 * Math.PI * random());
  const A = Array.from({ length: k * d }, () => normal() * 0.6);
  const truthStructure = makeStructure('pairwise', k);
  const m = truthStructure.m;
  const Upairs = Array.from({ length: m - k }, () => normal() * 1.5);
  const states = truthStructure.allStates(1 << 10)!;
  const phi = new Float32Array(64 * m);
  for (let s = 0; s < 64; s++) truthStructure.features(states, s * k, phi, s * m);
  const rows = 2000;
  const x = new Float64Array(rows * d);
  const y = new Int32Array(rows * k);
  const mapTrue = new Int32Array(rows * k);
  const theta = new Float32Array(m);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) x[r * d + i] = normal();
    for (let j = 0; j < k; j++) theta[j] = A.slice(j * d, (j + 1) * d).reduce((a, w, i) => a + w * x[r * d + i]!, 0) - 0.5;
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
    truthStructure.map(theta, mapTrue, r * k);
  }
  const trainRows = 1500;
  const testY = y.subarray(trainRows * k);
  const out: Record<string, unknown> = { k, d, train: trainRows, test: rows - trainRows, seed, f1_true_map: 100 * f1Example(testY, mapTrue.subarray(trainRows * k), k) };
  for (const model of ['unary', 'pairwise'] as const) {
    const r = await train({ x: x.subarray(0, trainRows * d), y: y.subarray(0, trainRows * k), rows: trainRows, d, k }, { model, loss: 'minmin-logistic', epochs, seed, hidden: [64], samples: 64 });
    const p = predict(r.model, x.subarray(trainRows * d), rows - trainRows);
    out[`f1_${model}`] = 100 * f1Example(testY, p.predicted, k);
    const logz = checkLogPartition(r.model, p.z, rows - trainRows);
    out[`logz_mae_${model}`] = logz?.mae ?? null;
    out[`logz_corr_${model}`] = logz?.corr ?? null;
    out[`seconds_${model}`] = r.seconds;
    out.backend = r.backend;
  }
  return out;
}

function meanSd(v: number[]): string {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : NaN;
  return `${mean.toFixed(2)}${Number.isFinite(sd) ? ` ± ${sd.toFixed(2)}` : ''} (${v.length} seed${v.length > 1 ? 's' : ''})`;
}

function writeReport(r: Results): void {
  const lines = [
    '# Results',
    '',
    'Written by `npm run bench -- learning` from `bench/results/learning.json`: every number below was measured by',
    'that script on this machine (2 CPU cores, tfjs wasm backend unless noted); cells marked "not run" were not',
    'measured. Mean ± sd over seeds. Hyperparameters are fixed (MLP 1 x 256, Adam 1e-3, 32 prior samples) and the',
    'epoch is chosen on a validation split (15%) carved from the training rows; the test rows are never used for a',
    'choice. The paper column is the best of its losses (Sander et al., ICML 2025).',
    '',
    '## Multilabel: example-based F1 x100 (unary model)',
    '',
    `| data set | paper | ${TABLE_LOSSES.join(' | ')} |`,
    `|---|---|${TABLE_LOSSES.map(() => '---').join('|')}|`,
  ];
  const cell = (dataset: string, loss: string) => {
    const runs = r.runs.filter((x) => x.dataset === dataset && x.loss === loss);
    return runs.length ? meanSd(runs.map((x) => x.score)) : 'not run';
  };
  for (const ds of MULTILABEL) lines.push(`| ${ds} | ${PAPER[ds]} | ${TABLE_LOSSES.map((l) => cell(ds, l)).join(' | ')} |`);
  const rankingLosses: LossKind[] = ['minmin-logistic', 'minmin-sparsemax', 'mle', 'mcmc'];
  lines.push('', '## Label ranking: Kendall tau x100 (permutahedron model, 10-fold CV)', '', `| data set | paper | ${rankingLosses.join(' | ')} |`, `|---|---|${rankingLosses.map(() => '---').join('|')}|`);
  for (const ds of RANKING) lines.push(`| ${ds} | ${PAPER[ds]} | ${rankingLosses.map((l) => (l === 'mcmc' ? 'n/a (no native permutation sampler in the TS API yet)' : cell(ds, l))).join(' | ')} |`);
  lines.push('', '## Training time (seconds, mean over runs; wasm backend)', '', '| data set | loss | seconds | epochs |', '|---|---|---|---|');
  const keys = [...new Set(r.runs.map((x) => `${x.dataset}|${x.loss}`))];
  for (const key of keys) {
    const runs = r.runs.filter((x) => `${x.dataset}|${x.loss}` === key);
    lines.push(`| ${runs[0]!.dataset} | ${runs[0]!.loss} | ${(runs.reduce((a, x) => a + x.seconds, 0) / runs.length).toFixed(1)} | ${runs[0]!.epochs} |`);
  }
  const logz = r.runs.filter((x) => x.extra.logz_mae !== undefined && x.extra.logz_mae !== null);
  if (logz.length) {
    lines.push('', '## Log-partition check (tau(x) vs the exact normalizer of the learned energy, test points)', '', '| data set | loss | seed | logz_mae | logz_corr |', '|---|---|---|---|---|');
    for (const x of logz) lines.push(`| ${x.dataset} | ${x.loss} | ${x.seed} | ${(x.extra.logz_mae as number).toFixed(4)} | ${(x.extra.logz_corr as number).toFixed(4)} |`);
    lines.push('', 'For min-min sparsemax, tau estimates the sparsemax threshold (E_q[g - tau]_+ = 1), and is compared with that.');
  }
  lines.push('', '## Known pairwise EBM (k = 6, d = 10, 1500 train / 500 test)', '');
  if (r.synthetic) {
    const s = r.synthetic as Record<string, number>;
    lines.push('| true model MAP | learned pairwise | learned unary | pairwise logz_mae / corr |', '|---|---|---|---|');
    lines.push(`| ${s.f1_true_map!.toFixed(2)} | ${s.f1_pairwise!.toFixed(2)} | ${s.f1_unary!.toFixed(2)} | ${(s.logz_mae_pairwise ?? NaN).toFixed(4)} / ${(s.logz_corr_pairwise ?? NaN).toFixed(4)} |`);
  } else lines.push('not run');
  mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
  writeFileSync(docsPath, lines.join('\n') + '\n');
}

export async function run(args: string[]): Promise<void> {
  if (!existsSync(shared)) {
    console.log(`skipped: ${shared} not found`);
    return;
  }
  let seeds = 1;
  let epochs: number | undefined;
  let datasets: string[] = [...MULTILABEL, ...RANKING];
  let losses: LossKind[] = ['minmin-logistic'];
  let doSynthetic = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--seeds') seeds = Number(args[++i]);
    else if (args[i] === '--epochs') epochs = Number(args[++i]);
    else if (args[i] === '--datasets') datasets = args[++i]!.split(',');
    else if (args[i] === '--losses') losses = args[++i]!.split(',') as LossKind[];
    else if (args[i] === '--synthetic') doSynthetic = true;
    else if (args[i] === '--report') {
      writeReport(load());
      return;
    }
  }
  const results = load();
  if (doSynthetic) {
    results.synthetic = await synthetic(1, epochs);
    console.log('synthetic', results.synthetic);
    save(results);
  }
  for (const dataset of datasets) {
    for (const loss of losses) {
      const isRanking = RANKING.includes(dataset as never);
      if (isRanking && loss === 'mcmc') continue;
      for (let seed = 1; seed <= seeds; seed++) {
        let run: Run;
        try {
          run = isRanking ? await rankingRun(dataset, loss, seed, epochs) : await multilabelRun(dataset, loss, seed, epochs);
        } catch (error) {
          console.log(`${dataset} ${loss} seed ${seed}: ${(error as Error).message}`);
          continue;
        }
        results.runs = results.runs.filter((x) => !(x.dataset === dataset && x.loss === loss && x.seed === seed));
        results.runs.push(run);
        console.log(`${dataset.padEnd(11)} ${loss.padEnd(17)} seed ${seed}  ${isRanking ? 'Kendall' : 'F1 ex.'} ${run.score.toFixed(2)}  (paper ${PAPER[dataset]})  ${run.seconds.toFixed(1)} s`);
        save(results);
      }
    }
  }
}
