/**
 * ebm train multilabel --train F --test F [--xml F | --labels K] ...   (MULAN ARFF train/test split)
 * ebm train ranking --data F [--folds 10] ...                          (label-ranking CSV, k-fold CV)
 */
import { readMultilabel } from '../../data/arff.ts';
import { readLabelRanking } from '../../data/labelRanking.ts';
import { kFold, takeRows } from '../../data/preprocess.ts';
import { f1Example, multilabelScores } from '../../metrics/multilabel.ts';
import { kendallTau, spearmanRho } from '../../metrics/ranking.ts';
import { meanSd } from '../../metrics/summary.ts';
import { predict, train, type EpochReport, type TrainOptions, type TrainResult } from '../../learn/train.ts';
import { checkLogPartition } from '../../learn/logz.ts';
import { checkSaveTarget, saveModel } from '../../learn/persist.ts';
import type { LossKind } from '../../learn/losses.ts';
import type { ProposalKind, TauInput } from '../../learn/types.ts';
import type { StructureKind } from '../../learn/structures.ts';
import { mustNum, mustStr, num, str, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { quote, rangeError } from '../../errors.ts';
import { parseDecimal } from '../../data/decimal.ts';
import { PLOT_FLAG, writePlot } from '../plot.ts';
import { epochSpec, logZSpec, stacked } from '../../service/charts.ts';

export const operands: readonly Operand[] = [{ name: 'TASK', choices: ['multilabel', 'ranking'], meaning: 'multilabel: MULAN ARFF train/test split; ranking: label-ranking CSV, k-fold CV' }];

export const flags: readonly Flag[] = [
  { name: 'train', value: 'F', type: 'string', meaning: 'multilabel: training rows (MULAN ARFF)' },
  { name: 'test', value: 'F', type: 'string', meaning: 'multilabel: test rows (MULAN ARFF)' },
  { name: 'xml', value: 'F', type: 'string', meaning: 'multilabel: MULAN .xml naming the label attributes (or --labels K)' },
  { name: 'labels', value: 'K', type: 'number', meaning: 'multilabel: the last K attributes are the labels (or --xml F)' },
  { name: 'data', value: 'F', type: 'string', meaning: 'ranking: label-ranking CSV' },
  { name: 'folds', value: 'K', type: 'number', default: 10, meaning: 'ranking: cross-validation folds' },
  { name: 'model', value: 'M', type: 'string', defaultText: 'unary (multilabel) / permutahedron (ranking)', meaning: 'energy: unary|pairwise (multilabel), permutahedron|birkhoff (ranking)' },
  { name: 'loss', value: 'L', type: ['minmin-logistic', 'minmin-sparsemax', 'mle', 'mcmc', 'minmax'], default: 'minmin-logistic', meaning: 'training loss' },
  { name: 'epochs', value: 'E', type: 'number', defaultText: '60', meaning: 'passes over the training rows' },
  { name: 'samples', value: 'S', type: 'number', defaultText: '32', meaning: 'prior / MCMC samples per row for the log-partition term' },
  { name: 'proposal', value: 'P', type: ['prior', 'mean-field'], default: 'prior', meaning: "log-partition term's draws: prior q, or the energy's mean field, importance-weighted (sets; not sparsemax)" },
  { name: 'tau-input', value: 'I', type: ['x', 'theta'], default: 'x', meaning: 'what tau reads: the features x, or the head output theta(x) of the energy it normalizes' },
  { name: 'tau-epochs', value: 'E', type: 'number', defaultText: '0', meaning: 'after training, epochs fitting a tau of theta alone, the energy frozen (predictions unchanged; 400 makes logz_mae about 0.02-0.05 nats)' },
  { name: 'lr', value: 'L', type: 'number', defaultText: '0.001', meaning: 'Adam learning rate' },
  { name: 'batch', value: 'B', type: 'number', defaultText: '64', meaning: 'rows per minibatch' },
  { name: 'hidden', value: 'H[,H]', type: 'string', defaultText: '256', meaning: 'hidden layer widths, comma-separated' },
  { name: 'dropout', value: 'P', type: 'number', defaultText: '0', meaning: 'dropout rate of the hidden layers' },
  { name: 'validation', value: 'F', type: 'number', defaultText: '0.15', meaning: 'fraction of the training rows held out to pick the kept epoch' },
  { name: 'patience', value: 'P', type: 'number', defaultText: '0 (off)', meaning: 'stop after P epochs without a better validation loss' },
  { name: 'warm-start', type: 'boolean', meaning: 'multilabel pairwise: start from a unary model (the default for pairwise)' },
  { name: 'no-warm-start', type: 'boolean', meaning: 'multilabel pairwise: train from scratch' },
  { name: 'seed', value: 'N', type: 'number', defaultText: '1', meaning: 'random seed (folds, initialization, shuffles)' },
  { name: 'save', value: 'DIR', type: 'string', meaning: 'save the trained model (ranking: fold 1) for ebm predict, as DIR/model.json' },
  { name: 'force', type: 'boolean', meaning: 'with --save: replace an existing DIR/model.json' },
  PLOT_FLAG,
];

/** --save DIR, checked before any training (a bad destination fails in a second, not after the run). */
function saveTarget(flags: Flags): string | undefined {
  const dir = str(flags, 'save');
  if (dir === undefined) {
    if (flags.force) throw rangeError('Expected --save DIR with --force');
    return undefined;
  }
  checkSaveTarget(dir, flags.force === true);
  return dir;
}

/** train() with a progress bar over its epochs (training and validation loss beside it), cleared when it returns. */
async function trainWithProgress(context: RunContext, label: string, data: Parameters<typeof train>[0], options: TrainOptions): Promise<TrainResult> {
  const progress = context.progress(label);
  const onEpoch = (p: EpochReport) =>
    progress.update({ seconds: p.seconds, done: p.epoch, total: p.epochs, status: `epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  validation ${p.validation.toFixed(4)}` });
  try {
    return await train(data, { ...options, onEpoch });
  } finally {
    progress.stop();
  }
}

export function trainOptions(flags: Flags, model: StructureKind): TrainOptions {
  const hiddenText = str(flags, 'hidden');
  const hidden = hiddenText === undefined ? undefined : hiddenText.split(',').map((h) => {
    const v = parseDecimal(h.trim());
    if (h.trim() === '' || !Number.isInteger(v) || v < 1) throw rangeError(`Expected comma-separated positive integers for --hidden but received ${quote(hiddenText)}`);
    return v;
  });
  const o: TrainOptions = { model, loss: mustStr(flags, 'loss') as LossKind, proposal: mustStr(flags, 'proposal') as ProposalKind, tauInput: mustStr(flags, 'tau-input') as TauInput };
  const map = { epochs: 'epochs', samples: 'samples', lr: 'lr', batch: 'batch', dropout: 'dropout', validation: 'validation', patience: 'patience', seed: 'seed', 'tau-epochs': 'tauEpochs' } as const;
  for (const [flag, key] of Object.entries(map)) {
    const v = num(flags, flag);
    if (v !== undefined) (o as unknown as Record<string, number>)[key] = v;
  }
  if (hidden) o.hidden = hidden;
  return o;
}

export function round(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

/**
 * The per-epoch history for --json: mean training loss, the validation score (null without validation rows),
 * the epoch's own seconds and the seconds since training started.
 */
export function historyJson(history: EpochReport[]) {
  return history.map((h, i) => ({
    epoch: h.epoch,
    loss: round(h.loss),
    validation: Number.isFinite(h.validation) ? round(h.validation) : null,
    seconds: round(h.seconds - (i > 0 ? history[i - 1]!.seconds : 0), 4),
    elapsed: round(h.seconds, 4),
  }));
}

export async function run([task]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  return task === 'multilabel' ? multilabel(flags, context) : ranking(flags, context);
}

async function multilabel(flags: Flags, context: RunContext): Promise<CommandResult> {
  const trainFile = str(flags, 'train');
  const testFile = str(flags, 'test');
  if (trainFile === undefined) throw rangeError('Expected --train F (a MULAN ARFF file)');
  if (testFile === undefined) throw rangeError('Expected --test F (a MULAN ARFF file)');
  const labels = num(flags, 'labels');
  const xml = str(flags, 'xml');
  if (xml === undefined && labels === undefined) throw rangeError('Expected --xml F or --labels K');
  const saveDir = saveTarget(flags);
  const model = (str(flags, 'model') as StructureKind | undefined) ?? 'unary';
  if (model !== 'unary' && model !== 'pairwise') throw rangeError(`Expected unary or pairwise for --model but received ${quote(model)}`);
  const read = (f: string) => readMultilabel(f, { ...(xml !== undefined && { xml }), ...(labels !== undefined && { labels }) });
  const tr = read(trainFile);
  const te = read(testFile);
  if (te.d !== tr.d || te.k !== tr.k) throw rangeError(`Expected --test with ${tr.d} features and ${tr.k} labels (as --train) but received ${te.d} and ${te.k}`);
  const options: TrainOptions = trainOptions(flags, model);
  const data = { x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k };
  // Both flags given: the last one wins (commander's --x / --no-x), as with any negatable flag.
  if (flags['warm-start'] && model !== 'pairwise') throw rangeError('Expected --model pairwise with --warm-start');
  // Pairwise starts from a unary model trained with the same options by default: from scratch its min-min training is unstable.
  let warmHistory: EpochReport[] | undefined;
  if (model === 'pairwise' && !flags['no-warm-start']) {
    // No tau refit of the warm start: its tau is copied into the pairwise tau as trained (same tauInput).
    const w = await trainWithProgress(context, 'train (unary warm start)', data, { ...options, model: 'unary', tauEpochs: 0 });
    options.warmStart = w.model;
    warmHistory = w.history;
  }
  const warm = options.warmStart ? warmHistory : undefined;
  const r = await trainWithProgress(context, `train ${model}`, data, options);
  const { predicted, z } = predict(r.model, te.x, te.rows);
  const s = multilabelScores(te.y, predicted, te.k);
  const logz = checkLogPartition(r.model, z, te.rows);
  await writePlot(flags, () => (logz ? stacked([epochSpec(r.history, 'F1 (example)'), logZSpec(logz)]) : epochSpec(r.history, 'F1 (example)')));
  const saved = saveDir !== undefined ? saveModel(saveDir, r.model, { labelNames: tr.labelNames, force: flags.force === true }) : undefined;
  const json = {
    f1_example: round(s.f1Example),
    f1_micro: round(s.f1Micro),
    f1_macro: round(s.f1Macro),
    hamming: round(s.hamming),
    backend: r.backend,
    logz_mae: logz ? round(logz.mae) : null,
    logz_corr: logz ? round(logz.corr) : null,
    logz_within_0_1: logz ? round(logz.within) : null,
    logz_target: logz?.target ?? null,
    loss: r.model.loss,
    proposal: r.model.options.proposal,
    tau_input: r.model.options.tauInput,
    tau_epochs: r.model.options.tauEpochs,
    model,
    warm_start: options.warmStart !== undefined,
    seconds: round(r.seconds, 2),
    best_epoch: r.bestEpoch,
    train_rows: tr.rows,
    test_rows: te.rows,
    labels: tr.k,
    history: historyJson(r.history),
    ...(warm && { warm_start_history: historyJson(warm) }),
    ...(saved && { saved }),
  };
  const text = [
    `${model} EBM${options.warmStart !== undefined ? ' (warm-started from a unary model)' : ''}, ${r.model.loss}, ${tr.rows} train / ${te.rows} test rows, ${tr.k} labels, backend ${r.backend}, ${r.seconds.toFixed(1)} s (kept epoch ${r.bestEpoch})`,
    `F1 example ${(100 * s.f1Example).toFixed(2)}  micro ${(100 * s.f1Micro).toFixed(2)}  macro ${(100 * s.f1Macro).toFixed(2)}  Hamming ${s.hamming.toFixed(4)}`,
    logz ? `tau vs exact ${logz.target}: MAE ${logz.mae.toFixed(4)}, correlation ${logz.corr.toFixed(4)}, ${(100 * logz.within).toFixed(1)}% of test rows within 0.1` : 'tau vs exact log Z: not computable (too many states)',
    ...(saved ? [`saved ${saved}`] : []),
  ].join('\n');
  return { json, text };
}

async function ranking(flags: Flags, context: RunContext): Promise<CommandResult> {
  const dataFile = str(flags, 'data');
  if (dataFile === undefined) throw rangeError('Expected --data F (a label-ranking CSV file)');
  const saveDir = saveTarget(flags);
  const model = (str(flags, 'model') as StructureKind | undefined) ?? 'permutahedron';
  if (model !== 'permutahedron' && model !== 'birkhoff') throw rangeError(`Expected permutahedron or birkhoff for --model but received ${quote(model)}`);
  const ds = readLabelRanking(dataFile);
  const folds = kFold(ds.rows, mustNum(flags, 'folds'), num(flags, 'seed') ?? 1);
  const kendall: number[] = [];
  const spearman: number[] = [];
  const maes: number[] = [];
  const corrs: number[] = [];
  const withins: number[] = [];
  let backend = '';
  let seconds = 0;
  let first: TrainResult | undefined;
  let firstLogz: ReturnType<typeof checkLogPartition> = null;
  for (const [f, fold] of folds.entries()) {
    const trainRows = { x: takeRows(ds.x, ds.d, fold.train), y: takeRows(ds.rankings, ds.k, fold.train), rows: fold.train.length, d: ds.d, k: ds.k };
    const r = await trainWithProgress(context, `train ${model} fold ${f + 1}/${folds.length}`, trainRows, trainOptions(flags, model));
    const truth = takeRows(ds.rankings, ds.k, fold.test);
    const { predicted, z } = predict(r.model, takeRows(ds.x, ds.d, fold.test), fold.test.length);
    kendall.push(kendallTau(truth, predicted, ds.k));
    spearman.push(spearmanRho(truth, predicted, ds.k));
    const logz = checkLogPartition(r.model, z, fold.test.length);
    if (logz) {
      maes.push(logz.mae);
      corrs.push(logz.corr);
      withins.push(logz.within);
    }
    backend = r.backend;
    seconds += r.seconds;
    if (f === 0) [first, firstLogz] = [r, logz];
    else r.model.networks.dispose();
  }
  // The first fold's epochs: the folds train alike, one is what a person reads.
  await writePlot(flags, () => {
    const epochs = epochSpec(first!.history, 'Kendall tau (fold 1)');
    return firstLogz ? stacked([epochs, logZSpec(firstLogz)]) : epochs;
  });
  const saved = saveDir !== undefined ? saveModel(saveDir, first!.model, { force: flags.force === true }) : undefined;
  const kt = meanSd(kendall);
  const sr = meanSd(spearman);
  const json = {
    kendall: round(kt.mean),
    kendall_sd: round(kt.sd),
    spearman: round(sr.mean),
    spearman_sd: round(sr.sd),
    backend,
    logz_mae: maes.length ? round(meanSd(maes).mean) : null,
    logz_corr: corrs.length ? round(meanSd(corrs.filter(Number.isFinite)).mean) : null,
    logz_within_0_1: withins.length ? round(meanSd(withins).mean) : null,
    loss: first!.model.loss,
    proposal: first!.model.options.proposal,
    tau_input: first!.model.options.tauInput,
    tau_epochs: first!.model.options.tauEpochs,
    model,
    folds: folds.length,
    seconds: round(seconds, 2),
    rows: ds.rows,
    labels: ds.k,
    // The first fold's epochs, as --plot draws (the folds train alike).
    history: historyJson(first!.history),
    history_fold: 1,
    ...(saved && { saved, saved_fold: 1 }),
  };
  const text = [
    `${model} EBM, ${first!.model.loss}, ${ds.rows} rows, ${ds.k} labels, ${folds.length}-fold CV, backend ${backend}, ${seconds.toFixed(1)} s`,
    `Kendall ${(100 * kt.mean).toFixed(2)} ± ${(100 * kt.sd).toFixed(2)}  Spearman ${(100 * sr.mean).toFixed(2)} ± ${(100 * sr.sd).toFixed(2)}`,
    maes.length ? `tau vs exact log Z: MAE ${json.logz_mae}, correlation ${json.logz_corr}` : 'tau vs exact log Z: not computable (k > 8)',
    ...(saved ? [`saved ${saved} (the model of fold 1)`] : []),
  ].join('\n');
  return { json, text };
}

/** The `ebm demo` training step: a short min-min logistic run on the embedded emotions split (data/). */
export async function demoStep(say: (s: string) => void, step: number, epochs = 40): Promise<Record<string, unknown>> {
  const data = (f: string) => new URL(`../../../data/${f}`, import.meta.url).pathname;
  const read = (f: string) => readMultilabel(data(f), { xml: data('emotions.xml') });
  const tr = read('emotions-train.arff');
  const te = read('emotions-test.arff');
  const r = await train({ x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k }, { model: 'unary', loss: 'minmin-logistic', epochs, seed: 1 });
  const { predicted, z } = predict(r.model, te.x, te.rows);
  const s = multilabelScores(te.y, predicted, te.k);
  const logz = checkLogPartition(r.model, z, te.rows);
  say(`${step}. Multilabel EBM on emotions (${tr.rows} train / ${te.rows} test, ${tr.k} labels): min-min logistic, ${epochs} epochs in ${r.seconds.toFixed(1)} s (dense layers in the native core, losses on tfjs ${r.backend})`);
  say(`   F1 example ${(100 * s.f1Example).toFixed(2)}, micro ${(100 * s.f1Micro).toFixed(2)}; tau(x) vs exact log Z: MAE ${logz!.mae.toFixed(3)}, correlation ${logz!.corr.toFixed(3)}`);
  // Label interactions: a pairwise energy started from the unary model (couplings at zero), MAP by enumeration.
  const pw = await train({ x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k }, { model: 'pairwise', loss: 'minmin-logistic', epochs, seed: 1, warmStart: r.model });
  const pairwiseF1 = f1Example(te.y, predict(pw.model, te.x, te.rows).predicted, te.k);
  say(`   pairwise EBM warm-started from it: F1 example ${(100 * pairwiseF1).toFixed(2)} (${epochs} more epochs in ${pw.seconds.toFixed(1)} s)`);
  r.model.networks.dispose();
  pw.model.networks.dispose();
  return { f1_example: round(s.f1Example), f1_example_pairwise: round(pairwiseF1), backend: r.backend, seconds: round(r.seconds + pw.seconds, 2), logz_mae: round(logz!.mae), logz_corr: round(logz!.corr) };
}
