/**
 * ebm train multilabel --train F --test F [--xml F | --labels K] ...   (MULAN ARFF train/test split)
 * ebm train ranking --data F [--folds 10] ...                          (label-ranking CSV, k-fold CV)
 */
import { readMultilabel } from '../../data/arff.ts';
import { readLabelRanking } from '../../data/labelRanking.ts';
import { kFold, takeRows } from '../../data/preprocess.ts';
import { f1Example, multilabelScores } from '../../metrics/multilabel.ts';
import { kendallTau, spearmanRho } from '../../metrics/ranking.ts';
import { predict, train, type EpochReport, type TrainOptions, type TrainResult } from '../../learn/train.ts';
import { checkLogPartition } from '../../learn/logz.ts';
import { saveModel } from '../../learn/persist.ts';
import type { LossKind } from '../../learn/losses.ts';
import type { StructureKind } from '../../learn/structures.ts';
import { num, parse, requirePositional, type Flags } from '../args.ts';
import type { CommandResult } from '../main.ts';
import { rangeError } from '../../errors.ts';

export const usage =
  'ebm train multilabel --train F --test F [--xml F | --labels K] [--model unary|pairwise [--no-warm-start]] | ebm train ranking --data F [--folds 10] [--model permutahedron|birkhoff]; ' +
  'both: [--loss minmin-logistic|minmin-sparsemax|mle|mcmc|minmax] [--epochs E] [--samples S] [--lr L] [--batch B] [--hidden H[,H]] [--dropout P] [--validation F] [--patience P] [--seed N] [--save DIR] [--json] [--quiet]';

export const flagSpec = {
  train: { type: 'string' },
  test: { type: 'string' },
  xml: { type: 'string' },
  labels: { type: 'string' },
  data: { type: 'string' },
  folds: { type: 'string' },
  loss: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  samples: { type: 'string' },
  lr: { type: 'string' },
  batch: { type: 'string' },
  hidden: { type: 'string' },
  dropout: { type: 'string' },
  validation: { type: 'string' },
  patience: { type: 'string' },
  'warm-start': { type: 'boolean' },
  'no-warm-start': { type: 'boolean' },
  seed: { type: 'string' },
  save: { type: 'string' },
} as const;

/** One stderr line per epoch (rewritten on a TTY); silent with --quiet, and with --json unless stderr is a TTY. */
export function epochPrinter(flags: Flags, prefix = ''): (p: EpochReport) => void {
  const tty = Boolean(process.stderr.isTTY);
  const enabled = !flags.quiet && (!flags.json || tty);
  return (p) => {
    if (!enabled) return;
    const line = `${prefix}epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  validation ${p.validation.toFixed(4)}  ${p.seconds.toFixed(1)} s`;
    process.stderr.write(tty ? `\r${line}\x1b[K${p.epoch === p.epochs ? '\n' : ''}` : line + '\n');
  };
}

export function trainOptions(flags: Flags, model: StructureKind): TrainOptions {
  const hidden = flags.hidden === undefined ? undefined : String(flags.hidden).split(',').map((h) => {
    const v = Number(h);
    if (h.trim() === '' || !Number.isInteger(v) || v < 1) throw rangeError(`Expected comma-separated positive integers for --hidden but received ${JSON.stringify(flags.hidden)}`);
    return v;
  });
  const o: TrainOptions = { model, loss: (flags.loss as LossKind | undefined) ?? 'minmin-logistic' };
  const map = { epochs: 'epochs', samples: 'samples', lr: 'lr', batch: 'batch', dropout: 'dropout', validation: 'validation', patience: 'patience', seed: 'seed' } as const;
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

export async function run(argv: string[]): Promise<CommandResult> {
  const { flags, positionals } = parse(argv, flagSpec);
  const task = requirePositional(positionals, 0, 'a task (multilabel or ranking)');
  if (task === 'multilabel') return multilabel(flags);
  if (task === 'ranking') return ranking(flags);
  throw rangeError(`Expected multilabel or ranking for the task but received ${JSON.stringify(task)}`);
}

async function multilabel(flags: Flags): Promise<CommandResult> {
  if (typeof flags.train !== 'string') throw rangeError('Expected --train F (a MULAN ARFF file)');
  if (typeof flags.test !== 'string') throw rangeError('Expected --test F (a MULAN ARFF file)');
  const labels = num(flags, 'labels');
  const xml = typeof flags.xml === 'string' ? flags.xml : undefined;
  if (xml === undefined && labels === undefined) throw rangeError('Expected --xml F or --labels K');
  const model = (flags.model as StructureKind | undefined) ?? 'unary';
  if (model !== 'unary' && model !== 'pairwise') throw rangeError(`Expected unary or pairwise for --model but received ${JSON.stringify(model)}`);
  const read = (f: string) => readMultilabel(f, { ...(xml !== undefined && { xml }), ...(labels !== undefined && { labels }) });
  const tr = read(flags.train);
  const te = read(flags.test);
  if (te.d !== tr.d || te.k !== tr.k) throw rangeError(`Expected --test with ${tr.d} features and ${tr.k} labels (as --train) but received ${te.d} and ${te.k}`);
  const options: TrainOptions = { ...trainOptions(flags, model), onEpoch: epochPrinter(flags) };
  const data = { x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k };
  if (flags['warm-start'] && flags['no-warm-start']) throw rangeError('Expected --warm-start or --no-warm-start, not both');
  if (flags['warm-start'] && model !== 'pairwise') throw rangeError('Expected --model pairwise with --warm-start');
  // Pairwise starts from a unary model by default: from scratch its min-min training is unstable.
  if (model === 'pairwise' && !flags['no-warm-start']) {
    // Stabilizes pairwise min-min: start from a unary model trained with the same options.
    options.warmStart = (await train(data, { ...options, model: 'unary', onEpoch: epochPrinter(flags, 'unary warm start  ') })).model;
  }
  const r = await train(data, options);
  const { predicted, z } = predict(r.model, te.x, te.rows);
  const s = multilabelScores(te.y, predicted, te.k);
  const logz = checkLogPartition(r.model, z, te.rows);
  const saved = typeof flags.save === 'string' ? saveModel(flags.save, r.model, { labelNames: tr.labelNames }) : undefined;
  const json = {
    f1_example: round(s.f1Example),
    f1_micro: round(s.f1Micro),
    f1_macro: round(s.f1Macro),
    hamming: round(s.hamming),
    backend: r.backend,
    logz_mae: logz ? round(logz.mae) : null,
    logz_corr: logz ? round(logz.corr) : null,
    logz_target: logz?.target ?? null,
    loss: r.model.loss,
    model,
    seconds: round(r.seconds, 2),
    best_epoch: r.bestEpoch,
    train_rows: tr.rows,
    test_rows: te.rows,
    labels: tr.k,
    ...(saved && { saved }),
  };
  const text = [
    `${model} EBM, ${r.model.loss}, ${tr.rows} train / ${te.rows} test rows, ${tr.k} labels, backend ${r.backend}, ${r.seconds.toFixed(1)} s (kept epoch ${r.bestEpoch})`,
    `F1 example ${(100 * s.f1Example).toFixed(2)}  micro ${(100 * s.f1Micro).toFixed(2)}  macro ${(100 * s.f1Macro).toFixed(2)}  Hamming ${s.hamming.toFixed(4)}`,
    logz ? `tau vs exact ${logz.target}: MAE ${logz.mae.toFixed(4)}, correlation ${logz.corr.toFixed(4)}` : 'tau vs exact log Z: not computable (too many states)',
    ...(saved ? [`saved ${saved}`] : []),
  ].join('\n');
  return { json, text };
}

function meanSd(v: number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
}

async function ranking(flags: Flags): Promise<CommandResult> {
  if (typeof flags.data !== 'string') throw rangeError('Expected --data F (a label-ranking CSV file)');
  const model = (flags.model as StructureKind | undefined) ?? 'permutahedron';
  if (model !== 'permutahedron' && model !== 'birkhoff') throw rangeError(`Expected permutahedron or birkhoff for --model but received ${JSON.stringify(model)}`);
  const ds = readLabelRanking(flags.data);
  const folds = kFold(ds.rows, num(flags, 'folds') ?? 10, num(flags, 'seed') ?? 1);
  const kendall: number[] = [];
  const spearman: number[] = [];
  const maes: number[] = [];
  const corrs: number[] = [];
  let backend = '';
  let seconds = 0;
  let first: TrainResult | undefined;
  for (const [f, fold] of folds.entries()) {
    const options = { ...trainOptions(flags, model), onEpoch: epochPrinter(flags, `fold ${f + 1}/${folds.length}  `) };
    const r = await train({ x: takeRows(ds.x, ds.d, fold.train), y: takeRows(ds.rankings, ds.k, fold.train), rows: fold.train.length, d: ds.d, k: ds.k }, options);
    const truth = takeRows(ds.rankings, ds.k, fold.test);
    const { predicted, z } = predict(r.model, takeRows(ds.x, ds.d, fold.test), fold.test.length);
    kendall.push(kendallTau(truth, predicted, ds.k));
    spearman.push(spearmanRho(truth, predicted, ds.k));
    const logz = checkLogPartition(r.model, z, fold.test.length);
    if (logz) {
      maes.push(logz.mae);
      corrs.push(logz.corr);
    }
    backend = r.backend;
    seconds += r.seconds;
    if (f === 0) first = r;
    else r.model.networks.dispose();
  }
  const saved = typeof flags.save === 'string' ? saveModel(flags.save, first!.model) : undefined;
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
    loss: first!.model.loss,
    model,
    folds: folds.length,
    seconds: round(seconds, 2),
    rows: ds.rows,
    labels: ds.k,
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
  say(`${step}. Multilabel EBM on emotions (${tr.rows} train / ${te.rows} test, ${tr.k} labels): min-min logistic, ${epochs} epochs in ${r.seconds.toFixed(1)} s (tfjs ${r.backend})`);
  say(`   F1 example ${(100 * s.f1Example).toFixed(2)}, micro ${(100 * s.f1Micro).toFixed(2)}; tau(x) vs exact log Z: MAE ${logz!.mae.toFixed(3)}, correlation ${logz!.corr.toFixed(3)}`);
  // Label interactions: a pairwise energy started from the unary model (couplings at zero), MAP by enumeration.
  const pw = await train({ x: tr.x, y: tr.y, rows: tr.rows, d: tr.d, k: tr.k }, { model: 'pairwise', loss: 'minmin-logistic', epochs, seed: 1, warmStart: r.model });
  const pairwiseF1 = f1Example(te.y, predict(pw.model, te.x, te.rows).predicted, te.k);
  say(`   pairwise EBM warm-started from it: F1 example ${(100 * pairwiseF1).toFixed(2)} (${epochs} more epochs in ${pw.seconds.toFixed(1)} s)`);
  r.model.networks.dispose();
  pw.model.networks.dispose();
  return { f1_example: round(s.f1Example), f1_example_pairwise: round(pairwiseF1), backend: r.backend, seconds: round(r.seconds + pw.seconds, 2), logz_mae: round(logz!.mae), logz_corr: round(logz!.corr) };
}
