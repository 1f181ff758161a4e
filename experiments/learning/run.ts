/**
 * The learning reproduction: `npm run experiment -- learning [--seeds K] [--epochs E]
 * [--datasets yeast,glass,...] [--losses minmin-logistic,...] [--synthetic] [--pairwise-yeast] [--no-grid]
 * [--seed-major] [--resume] [--first-seed S] [--model unary|pairwise] [--controls] [--report]
 * [--ranking-protocol grid-v1|grid-v2] [--multilabel-protocol grid-v1|grid-v2] [--multilabel-study] [--ranking-study [--study-configs 0,3]] [--logz [--variants paper,trusted,...]]` (--logz: logz.ts,
 * the tau check of issue 16 on emotions, yeast, scene; --ranking-study: rankingStudy.ts; label ranking runs
 * protocol grid-v2 unless --ranking-protocol grid-v1, see protocol.ts).
 *
 * Multilabel: MULAN train/test splits (yeast, scene, birds, emotions) and cal500 (5-fold CV); metric F1
 * example-based x100. Label ranking: 10-fold CV (authorship, glass, iris, vehicle, vowel, wine); Kendall x100.
 * The protocol (grid and epoch chosen on validation rows) is protocol.ts; every cell measured is merged into
 * experiments/results/learning.json and docs/results.md is rewritten from it (report.ts), with the cells not
 * measured marked "not run". --synthetic adds the known-pairwise-EBM experiment (synthetic.ts) on --seeds
 * data sets of the generator.
 */
import { existsSync } from 'node:fs';
import { readMultilabel } from '../../src/data/arff.ts';
import { readLabelRanking } from '../../src/data/labelRanking.ts';
import { kFold, takeRows } from '../../src/data/preprocess.ts';
import { checkLogPartition } from '../../src/learn/logz.ts';
import type { LossKind } from '../../src/learn/losses.ts';
import { predict, train, type TrainOptions, type TrainResult } from '../../src/learn/train.ts';
import { f1Example, multilabelScores } from '../../src/metrics/multilabel.ts';
import { kendallTau, spearmanRho } from '../../src/metrics/ranking.ts';
import { multilabelControls, rankingControls } from './controls.ts';
import { MULTILABEL, MULTILABEL_PROTOCOL, PAPER, PROTOCOL, RANKING, RANKING_PROTOCOL, fit, fitRefit, fitRefitMultilabel, isRanking, MULTILABEL_EPOCHS, optionsFor, rankingEpochs, shared, type Settings } from './protocol.ts';
import { writeReport } from './report.ts';
import { load, store, type Results, type Run } from './results.ts';
import { synthetic } from './synthetic.ts';
import { shiftedMap } from './threshold.ts';
import { logzExperiment } from './logz.ts';
import { STUDY, rankingStudy } from './rankingStudy.ts';
import { MULTILABEL_STUDY, multilabelStudy } from './multilabelStudy.ts';

function save(r: Results): void {
  store(r);
  writeReport(r);
}

/** Rows of a data set as the CV loop needs them: features x [rows * d], targets y [rows * k]. */
interface Table {
  x: Float64Array;
  y: Uint8Array | Int32Array;
  rows: number;
  d: number;
  k: number;
}

type FoldMetric = (truth: Uint8Array | Int32Array, predicted: Int32Array, k: number) => number;

type FitSplit = (data: Table) => Promise<{ r: TrainResult; chosen: string }>;

/** Seeded k-fold CV: the grid is fit on each fold's training rows (fitSplit); each metric x100, averaged over folds. */
async function crossValidate(ds: Table, nFolds: number, seed: number, fitSplit: FitSplit, metrics: FoldMetric[]) {
  const folds = kFold(ds.rows, nFolds, seed);
  const means = metrics.map(() => 0);
  let seconds = 0;
  let backend = '';
  const chosen: string[] = [];
  for (const fold of folds) {
    const { r, chosen: c } = await fitSplit({ x: takeRows(ds.x, ds.d, fold.train), y: takeRows(ds.y, ds.k, fold.train), rows: fold.train.length, d: ds.d, k: ds.k });
    chosen.push(c);
    const truth = takeRows(ds.y, ds.k, fold.test);
    const { predicted } = predict(r.model, takeRows(ds.x, ds.d, fold.test), fold.test.length);
    metrics.forEach((metric, t) => (means[t]! += (100 * metric(truth, predicted, ds.k)) / folds.length));
    seconds += r.seconds;
    backend = r.backend;
    r.model.networks.dispose();
  }
  return { means, seconds, backend, chosen };
}

async function multilabelRun(dataset: string, loss: LossKind, seed: number, epochs: number | undefined, settings: Settings): Promise<Run> {
  const dir = `${shared}multilabel/${dataset}/`;
  const xml = `${dir}${dataset}.xml`;
  const o = optionsFor(dataset, loss, seed, epochs, settings);
  if (dataset === 'cal500') {
    const ds = readMultilabel(`${dir}cal500.arff`, { xml });
    const cv = await crossValidate(ds, 5, seed, (data) => fit(data, o, settings), [(truth, predicted, k) => f1Example(truth, predicted, k)]);
    return { protocol: PROTOCOL, dataset, loss, model: o.model, seed, score: cv.means[0]!, extra: {}, seconds: cv.seconds, backend: cv.backend, epochs: o.epochs!, chosen: cv.chosen };
  }
  const tr = readMultilabel(`${dir}${dataset}-train.arff`, { xml });
  const te = readMultilabel(`${dir}${dataset}-test.arff`, { xml });
  const v2 = settings.multilabelProtocol !== 'grid-v1';
  const data = { x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k };
  const { r, chosen, threshold } = v2 ? await fitRefitMultilabel(data, o) : { ...(await fit(data, o, settings)), threshold: null };
  const { predicted, z, theta } = predict(r.model, te.x, te.rows);
  const s = multilabelScores(te.y, predicted, te.k);
  // The threshold rule (threshold.ts): unary terms shifted by -t, t chosen on the validation rows of the choice runs.
  const f1Threshold = threshold === null ? {} : { threshold, f1_threshold: 100 * f1Example(te.y, shiftedMap(r.model.structure, theta, te.rows, threshold), te.k) };
  const logz = checkLogPartition(r.model, z, te.rows);
  r.model.networks.dispose();
  return {
    protocol: v2 ? MULTILABEL_PROTOCOL : PROTOCOL,
    dataset,
    loss,
    model: o.model,
    seed,
    chosen: [chosen],
    score: 100 * s.f1Example,
    extra: { f1_micro: 100 * s.f1Micro, f1_macro: 100 * s.f1Macro, hamming: s.hamming, f1_example_empty0: 100 * f1Example(te.y, predicted, te.k, 0), logz_mae: logz?.mae ?? null, logz_corr: logz?.corr ?? null, logz_within_0_1: logz?.within ?? null, ...f1Threshold },
    seconds: r.seconds,
    backend: r.backend,
    epochs: v2 ? MULTILABEL_EPOCHS : o.epochs!,
  };
}

async function rankingRun(dataset: string, loss: LossKind, seed: number, epochs: number | undefined, settings: Settings): Promise<Run> {
  const ds = readLabelRanking(`${shared}label_ranking/${dataset}.csv`);
  const v2 = settings.rankingProtocol !== 'grid-v1';
  const o = { ...optionsFor(dataset, loss, seed, epochs, settings), ...(v2 && { epochs: epochs ?? rankingEpochs(dataset) }) };
  const cv = await crossValidate({ ...ds, y: ds.rankings }, 10, seed, (data) => (v2 ? fitRefit(data, o) : fit(data, o, settings)), [kendallTau, spearmanRho]);
  return { protocol: v2 ? RANKING_PROTOCOL : PROTOCOL, dataset, loss, model: o.model, seed, score: cv.means[0]!, extra: { spearman: cv.means[1]! }, seconds: cv.seconds, backend: cv.backend, epochs: o.epochs!, chosen: cv.chosen };
}

/** Pairwise min-min on yeast: the default settings vs lower lr, more prior samples and a unary warm start. */
async function pairwiseYeast(): Promise<Record<string, number | string | boolean>[]> {
  const dir = `${shared}multilabel/yeast/`;
  const tr = readMultilabel(`${dir}yeast-train.arff`, { xml: `${dir}yeast.xml` });
  const te = readMultilabel(`${dir}yeast-test.arff`, { xml: `${dir}yeast.xml` });
  const data = { x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k };
  const base: TrainOptions = { model: 'unary', loss: 'minmin-logistic', epochs: 100, patience: 25, seed: 1, hidden: [256] };
  const out: Record<string, number | string | boolean>[] = [];
  const record = (model: string, o: TrainOptions, warm: boolean, r: TrainResult) => {
    const f1 = 100 * f1Example(te.y, predict(r.model, te.x, te.rows).predicted, te.k);
    const row = { model, lr: o.lr ?? 1e-3, samples: o.samples ?? 32, warm, f1, validation: 100 * r.bestValidation, bestEpoch: r.bestEpoch, epochsRun: r.history.length, seconds: r.seconds };
    console.log('pairwise-yeast', row);
    out.push(row);
  };
  const unary = await train(data, base);
  record('unary', base, false, unary);
  for (const [lr, samples, warm] of [
    [1e-3, 32, false],
    [3e-4, 128, false],
    [3e-4, 128, true],
    [1e-4, 128, true],
  ] as const) {
    const o: TrainOptions = { ...base, model: 'pairwise', lr, samples, ...(warm && { warmStart: unary.model }) };
    const r = await train(data, o);
    record('pairwise', o, warm, r);
    r.model.networks.dispose();
  }
  unary.model.networks.dispose();
  return out;
}

export async function run(args: string[]): Promise<void> {
  if (!existsSync(shared)) {
    console.log(`skipped: ${shared} not found`);
    return;
  }
  let seeds = 1;
  let firstSeed = 1; // --first-seed: a second process can take the later seeds of the same cells
  let epochs: number | undefined;
  let datasets: string[] = [...MULTILABEL, ...RANKING];
  let losses: LossKind[] = ['minmin-logistic'];
  let doSynthetic = false;
  let doPairwiseYeast = false;
  let doControls = false;
  let doLogz = false;
  let doRankingStudy = false;
  let doMultilabelStudy = false;
  let studyIndices: number[] | null = null; // --study-configs 0,3: only these rows of STUDY[dataset]
  let variants = ['paper', 'trusted'];
  const settings: Settings = { multilabelModel: 'unary', grid: true, rankingProtocol: RANKING_PROTOCOL, multilabelProtocol: MULTILABEL_PROTOCOL };
  let seedMajor = false;
  let resume = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--seeds') seeds = Number(args[++i]);
    else if (args[i] === '--first-seed') firstSeed = Number(args[++i]);
    else if (args[i] === '--epochs') epochs = Number(args[++i]);
    else if (args[i] === '--datasets') datasets = args[++i]!.split(',');
    else if (args[i] === '--losses') losses = args[++i]!.split(',') as LossKind[];
    else if (args[i] === '--synthetic') doSynthetic = true;
    else if (args[i] === '--no-grid') settings.grid = false;
    else if (args[i] === '--ranking-protocol') {
      const p = args[++i];
      if (p !== 'grid-v1' && p !== 'grid-v2') throw new RangeError(`Expected grid-v1 or grid-v2 for --ranking-protocol but received ${JSON.stringify(p)}`);
      settings.rankingProtocol = p;
    }
    else if (args[i] === '--multilabel-protocol') {
      const p = args[++i];
      if (p !== 'grid-v1' && p !== 'grid-v2') throw new RangeError(`Expected grid-v1 or grid-v2 for --multilabel-protocol but received ${JSON.stringify(p)}`);
      settings.multilabelProtocol = p;
    }
    else if (args[i] === '--seed-major') seedMajor = true;
    else if (args[i] === '--resume') resume = true;
    else if (args[i] === '--pairwise-yeast') doPairwiseYeast = true;
    else if (args[i] === '--controls') doControls = true;
    else if (args[i] === '--logz') doLogz = true;
    else if (args[i] === '--ranking-study') doRankingStudy = true;
    else if (args[i] === '--multilabel-study') doMultilabelStudy = true;
    else if (args[i] === '--study-configs') studyIndices = args[++i]!.split(',').map(Number);
    else if (args[i] === '--variants') variants = args[++i]!.split(',');
    else if (args[i] === '--model') {
      const m = args[++i];
      if (m !== 'unary' && m !== 'pairwise') throw new RangeError(`Expected unary or pairwise for --model but received ${JSON.stringify(m)}`);
      settings.multilabelModel = m;
    }
    else if (args[i] === '--report') {
      writeReport(load());
      return;
    }
  }
  if (doLogz) {
    const sets = datasets.filter((d) => ['emotions', 'yeast', 'scene'].includes(d));
    await logzExperiment(sets.length ? sets : ['emotions', 'yeast', 'scene'], losses, variants, firstSeed, seeds, save);
    return;
  }
  if (doRankingStudy) {
    for (const dataset of datasets.filter((d) => STUDY[d]))
      for (const loss of losses)
        for (const [index, config] of STUDY[dataset]!.entries()) {
          if (studyIndices && !studyIndices.includes(index)) continue;
          const row = await rankingStudy(dataset, loss, config);
          console.log('ranking-study', row);
          const current = load();
          const key = (s: Record<string, unknown>) => JSON.stringify([s.dataset, s.loss, s.seed, s.lr, s.hidden, s.epochs, s.validation, s.dropout, s.batch]);
          current.rankingStudy = [...(current.rankingStudy ?? []).filter((s) => key(s) !== key(row)), row];
          save(current);
        }
    return;
  }
  if (doMultilabelStudy) {
    for (let seed = firstSeed; seed <= Math.max(firstSeed, seeds); seed++)
      for (const dataset of datasets.filter((d) => MULTILABEL.includes(d as never) && d !== 'cal500'))
        for (const loss of losses)
          for (const [index, config] of MULTILABEL_STUDY.entries()) {
            if (studyIndices && !studyIndices.includes(index)) continue;
            const row = await multilabelStudy(dataset, loss, settings.multilabelModel, config, seed);
            console.log('multilabel-study', JSON.stringify(row));
            const current = load();
            const key = (s: Record<string, unknown>) => JSON.stringify([s.dataset, s.loss, s.model, s.seed, s.config]);
            current.multilabelStudy = [...(current.multilabelStudy ?? []).filter((s) => key(s) !== key(row)), row];
            save(current);
          }
    return;
  }
  if (doPairwiseYeast) {
    const p = await pairwiseYeast();
    const current = load();
    current.pairwiseYeast = p;
    save(current);
  }
  if (doControls) {
    for (const dataset of datasets) {
      const c = isRanking(dataset) ? await rankingControls(dataset, settings) : multilabelControls(dataset);
      console.log('controls', c);
      const current = load();
      current.controls = [...(current.controls ?? []).filter((x) => x.dataset !== dataset), c];
      save(current);
    }
    return;
  }
  if (doSynthetic) {
    const all: Record<string, unknown>[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const s = await synthetic(seed, epochs);
      console.log('synthetic', s);
      all.push(s);
    }
    const current = load();
    current.synthetic = all[0]!;
    current.syntheticSeeds = all;
    save(current);
  }
  // --seed-major: every cell's seed 1 before any seed 2 (fills more cells when the run is cut short).
  const jobs: { dataset: string; loss: LossKind; seed: number }[] = [];
  for (const dataset of datasets)
    for (const loss of losses) {
      // Exact MLE over rankings enumerates the k! permutations (k <= 8; vowel's k = 11 fails with a named error).
      for (let seed = firstSeed; seed <= seeds; seed++) jobs.push({ dataset, loss, seed });
    }
  if (seedMajor) jobs.sort((a, b) => a.seed - b.seed);
  for (const { dataset, loss, seed } of jobs) {
    const ranking = isRanking(dataset);
    const model = optionsFor(dataset, loss, seed, epochs, settings).model;
    const protocol = ranking ? (settings.rankingProtocol !== 'grid-v1' ? RANKING_PROTOCOL : PROTOCOL) : dataset !== 'cal500' && settings.multilabelProtocol !== 'grid-v1' ? MULTILABEL_PROTOCOL : PROTOCOL;
    const same = (x: Run) => x.dataset === dataset && x.loss === loss && x.seed === seed && x.model === model && x.protocol === protocol;
    if (resume && load().runs.some(same)) continue;
    let run: Run;
    try {
      run = ranking ? await rankingRun(dataset, loss, seed, epochs, settings) : await multilabelRun(dataset, loss, seed, epochs, settings);
    } catch (error) {
      console.log(`${dataset} ${loss} seed ${seed}: ${(error as Error).message}`);
      continue;
    }
    // Re-read before writing: two experiment processes may fill different cells at once.
    const current = load();
    current.runs = current.runs.filter((x) => !same(x));
    if (loss === 'mcmc') run.mcmcChains = 'persistent';
    current.runs.push(run);
    console.log(`${dataset.padEnd(11)} ${loss.padEnd(17)} seed ${seed}  ${ranking ? 'Kendall' : 'F1 ex.'} ${run.score.toFixed(2)}  (paper ${PAPER[dataset]})  ${run.seconds.toFixed(1)} s`);
    save(current);
  }
}
