/**
 * ebm predict --model DIR --test F [--xml F | --labels K]   (a set model: MULAN ARFF rows)
 * ebm predict --model DIR --test F.csv                      (a ranking model: label-ranking CSV rows)
 * MAP predictions of a model saved by `ebm train ... --save DIR`, with the metrics against the file's labels.
 */
import { readMultilabel } from '../../data/arff.ts';
import { readLabelRanking } from '../../data/labelRanking.ts';
import { multilabelScores } from '../../metrics/multilabel.ts';
import { kendallTau, spearmanRho } from '../../metrics/ranking.ts';
import { loadModel } from '../../learn/persist.ts';
import { predict, type LearnedModel } from '../../learn/train.ts';
import { mustStr, num, str, type CommandResult, type Flag, type Flags, type Operand } from '../args.ts';
import { round } from './train.ts';
import { rangeError } from '../../errors.ts';

export const operands: readonly Operand[] = [];

export const flags: readonly Flag[] = [
  { name: 'model', value: 'DIR', type: 'string', required: true, meaning: 'model directory written by ebm train --save DIR' },
  { name: 'test', value: 'F', type: 'string', required: true, meaning: 'rows to predict: MULAN ARFF (set model) or label-ranking CSV (ranking model)' },
  { name: 'xml', value: 'F', type: 'string', meaning: 'set model: MULAN .xml naming the label attributes (or --labels K)' },
  { name: 'labels', value: 'K', type: 'number', meaning: 'set model: the last K attributes are the labels (or --xml F)' },
];

/** The `--json` predictions (the HTTP service answers the same): "0110" per row (sets), item rankings (permutations). */
export function predictionRows(model: LearnedModel, predicted: Int32Array, rows: number): string[] | number[][] {
  const k = model.structure.k;
  const row = (r: number) => Array.from(predicted.subarray(r * k, (r + 1) * k));
  return model.structure.space === 'set' ? Array.from({ length: rows }, (_, r) => row(r).join('')) : Array.from({ length: rows }, (_, r) => row(r));
}

export async function run(_operands: string[], flags: Flags): Promise<CommandResult> {
  const testFile = mustStr(flags, 'test');
  const { model, backend } = await loadModel(mustStr(flags, 'model'));
  const k = model.structure.k;
  if (model.structure.space === 'set') {
    const labels = num(flags, 'labels');
    const xml = str(flags, 'xml');
    if (xml === undefined && labels === undefined) throw rangeError('Expected --xml F or --labels K for a set model');
    const te = readMultilabel(testFile, { ...(xml !== undefined && { xml }), ...(labels !== undefined && { labels }) });
    if (te.d !== model.d || te.k !== k) throw rangeError(`Expected --test with ${model.d} features and ${k} labels (as the model) but received ${te.d} and ${te.k}`);
    const { predicted } = predict(model, te.x, te.rows);
    const s = multilabelScores(te.y, predicted, k);
    const predictions = predictionRows(model, predicted, te.rows);
    return {
      json: { f1_example: round(s.f1Example), f1_micro: round(s.f1Micro), f1_macro: round(s.f1Macro), hamming: round(s.hamming), backend, predictions },
      text: `${te.rows} rows: F1 example ${(100 * s.f1Example).toFixed(2)}  micro ${(100 * s.f1Micro).toFixed(2)}  macro ${(100 * s.f1Macro).toFixed(2)}  Hamming ${s.hamming.toFixed(4)}`,
    };
  }
  const ds = readLabelRanking(testFile);
  if (ds.d !== model.d || ds.k !== k) throw rangeError(`Expected --test with ${model.d} features and ${k} labels (as the model) but received ${ds.d} and ${ds.k}`);
  const { predicted } = predict(model, ds.x, ds.rows);
  const kendall = kendallTau(ds.rankings, predicted, k);
  const spearman = spearmanRho(ds.rankings, predicted, k);
  const predictions = predictionRows(model, predicted, ds.rows);
  return { json: { kendall: round(kendall), spearman: round(spearman), backend, predictions }, text: `${ds.rows} rows: Kendall ${(100 * kendall).toFixed(2)}  Spearman ${(100 * spearman).toFixed(2)}` };
}
