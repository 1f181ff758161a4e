/**
 * The multilabel grid-v2 section of docs/results.md: the tables (unary and pairwise), the runs seed by seed, the
 * study of what the gap depends on (`--multilabel-study`, multilabelStudy.ts) and what the runs show. The grid-v1
 * tables it replaces stay in report.ts as the previous protocol.
 */
import type { LossKind } from '../../src/learn/losses.ts';
import { meanSd } from '../../src/metrics/summary.ts';
import { MULTILABEL_EPOCHS, MULTILABEL_GRID, MULTILABEL_NET, MULTILABEL_PROTOCOL, PAPER, PROTOCOL, TABLE_LOSSES, multilabelRepeats } from './protocol.ts';
import type { Results, Run } from './results.ts';
import { MULTILABEL_STUDY, configLabel } from './multilabelStudy.ts';

/** The MULAN splits grid-v2 runs on (cal500's CV and birds, whose paper column is not comparable, stay grid-v1). */
const SETS = ['yeast', 'scene', 'emotions'];
const TRAIN_ROWS: Record<string, number> = { yeast: 1500, scene: 1211, emotions: 391 };

function cellText(v: number[]): string {
  const { mean, sd } = meanSd(v);
  return `${mean.toFixed(2)}${v.length > 1 ? ` ± ${sd.toFixed(2)}` : ''} (${v.length} seed${v.length > 1 ? 's' : ''})`;
}

function runsOf(r: Results, protocol: string, ds: string, loss: string, model: string): Run[] {
  return r.runs.filter((x) => x.protocol === protocol && x.dataset === ds && x.loss === loss && (x.model === 'pairwise') === (model === 'pairwise') && !['cal500'].includes(x.dataset)).sort((a, b) => a.seed - b.seed);
}

export function multilabelSection(r: Results, notRun: string): string[] {
  const v2 = r.runs.filter((x) => x.protocol === MULTILABEL_PROTOCOL && SETS.includes(x.dataset));
  if (!v2.length) return [];
  const cell = (ds: string, l: LossKind, model: string) => {
    const v = runsOf(r, MULTILABEL_PROTOCOL, ds, l, model);
    return v.length ? cellText(v.map((x) => x.score)) : notRun;
  };
  const thresholdCell = (ds: string, l: LossKind, model: string) => {
    const v = runsOf(r, MULTILABEL_PROTOCOL, ds, l, model);
    if (!v.length) return notRun;
    const w = v.filter((x) => typeof x.extra.f1_threshold === 'number');
    if (!w.length) return 'not measured';
    const ts = w.map((x) => x.extra.threshold as number);
    return `${cellText(w.map((x) => x.extra.f1_threshold as number))}, t ${Math.min(...ts)}..${Math.max(...ts)}`;
  };
  const lines = [
    '',
    '## Multilabel: example-based F1 x100',
    '',
    `**Protocol \`${MULTILABEL_PROTOCOL}\`** (yeast, scene, emotions since issue 16 item 2; experiments/learning/protocol.ts,`,
    `fitRefitMultilabel). The network of issue 16's speed configuration: backbone ${MULTILABEL_NET.hidden.join(' x ')} (relu), dropout`,
    `${MULTILABEL_NET.dropout} on its hidden units, tau of the same widths, batch ${MULTILABEL_NET.batch}, ${MULTILABEL_NET.samples} prior (or model: MCMC chains) samples per example, Adam lr`,
    `{${MULTILABEL_GRID.lr.join(', ')}}. It trains ${MULTILABEL_EPOCHS} epochs (no early stopping) on 85% of the MULAN training rows and is`,
    'scored on the other 15% (a seeded shuffle) at every epoch; where that split holds under 100 rows (emotions: 59) this is',
    `done on ${multilabelRepeats(TRAIN_ROWS.emotions!)} independent splits and the validation curves are averaged (one split of 59 rows is a noisy judge of the`,
    `epoch), on ${multilabelRepeats(TRAIN_ROWS.yeast!)} elsewhere (yeast 225 rows, scene 182). The epoch of best (mean) validation F1 is chosen, ties going`,
    'to the later epoch, and the model is retrained on all the training rows for that many epochs (the refit) and scored',
    'on the test file. Test rows never enter a choice. Pairwise models start from a unary model of the same loss trained',
    'on the same rows (couplings at zero): in the choice runs its epoch is chosen on the same validation rows, in the refit',
    'it is retrained on all rows for that epoch. Why this protocol: the study below.',
    '',
    ...lossTable(cell),
    '',
    'The same runs, threshold rule (threshold.ts): the MAP of the energy with every unary term shifted by -t, t in',
    '{-2, -1.9, ..., 2} chosen for the best mean validation F1 over the choice runs\' validation splits (each at its own',
    'best validation epoch), then applied to the refit model\'s test rows; t = 0 is the MAP above. Example-based F1 is',
    'not maximized by the MAP of p(y|x): it rewards predicting a label more often than p > 1/2 does. The t range shown',
    'is over seeds; min-min sparsemax often chooses the end of the grid (-2), whose energies are on another scale, so',
    'its cells may be held back by the grid. A cell shows "not measured" for runs made before the rule was recorded.',
    '',
    ...lossTable(thresholdCell),
    '',
    `${MULTILABEL_PROTOCOL} multilabel runs seed by seed (F1 x100; the chosen lr/net@epoch, +uE: the unary warm start's epoch):`,
    '',
    '| data set | loss | model | seed 1 | seed 2 | seed 3 | seed 4 | seed 5 | seconds per seed (mean) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const ds of SETS)
    for (const model of ['unary', 'pairwise'])
      for (const l of TABLE_LOSSES) {
        const v = runsOf(r, MULTILABEL_PROTOCOL, ds, l, model);
        if (!v.length) continue;
        const bySeed = [1, 2, 3, 4, 5].map((s) => v.find((x) => x.seed === s)).map((x) => (x ? `${x.score.toFixed(2)} (${x.chosen?.[0] ?? '?'})` : 'not run'));
        lines.push(`| ${ds} | ${l} | ${model} | ${bySeed.join(' | ')} | ${(v.reduce((a, x) => a + x.seconds, 0) / v.length).toFixed(0)} |`);
      }
  lines.push(...bestCells(r), ...studySection(r), ...studyFindings(r));
  return lines;
}

/** Seed-1 study rows by MULTILABEL_STUDY index, read out per data set and loss (every figure from the stored rows). */
/** A table of the three sets by loss and model (unary, pairwise), each cell from `cellOf`. */
function lossTable(cellOf: (ds: string, loss: LossKind, model: string) => string): string[] {
  return [
    `| data set | paper | ${TABLE_LOSSES.map((l) => `${l}, unary | ${l}, pairwise`).join(' | ')} |`,
    `|---|---|${TABLE_LOSSES.map(() => '---|---').join('|')}|`,
    ...SETS.map((ds) => `| ${ds} | ${PAPER[ds]} | ${TABLE_LOSSES.map((l) => `${cellOf(ds, l, 'unary')} | ${cellOf(ds, l, 'pairwise')}`).join(' | ')} |`),
  ];
}

function studyFindings(r: Results): string[] {
  const rows = (r.multilabelStudy ?? []) as Record<string, number | string>[];
  const at = (ds: string, loss: string, index: number, seed = 1) => rows.find((s) => s.dataset === ds && s.loss === loss && s.model === 'unary' && s.seed === seed && s.config === configLabel(MULTILABEL_STUDY[index]!));
  const f = (s: Record<string, number | string> | undefined) => (s ? (s.test as number).toFixed(2) : 'not run');
  const out: string[] = [];
  for (const ds of SETS)
    for (const loss of ['minmin-logistic', 'minmin-sparsemax']) {
      if (!at(ds, loss, 0)) continue;
      const noChoice = rows.filter((s) => s.dataset === ds && s.loss === loss && s.model === 'unary' && s.config === configLabel(MULTILABEL_STUDY[4]!));
      const parts = [
        `grid-v1 point ${f(at(ds, loss, 0))}`,
        `same net, grid-v2 choice and refit ${f(at(ds, loss, 1))}`,
        `paper-like net (2 x 256, dropout 0.3, 100 samples) with grid-v1's early stopping ${f(at(ds, loss, 2))}, with grid-v2's choice and refit ${f(at(ds, loss, 3))}`,
        `depth alone ${f(at(ds, loss, 5))}`,
        `dropout alone ${f(at(ds, loss, 6))}`,
        `paper-like net with lr 0.003 ${f(at(ds, loss, 7))}, dropout 0.5 ${f(at(ds, loss, 8))}`,
        `min-max scaled inputs ${f(at(ds, loss, 12))}`,
        `threshold rule ${f(at(ds, loss, 9))}`,
        `no choice, last of 100 epochs ${noChoice.length ? `${cellText(noChoice.map((s) => s.test as number))}` : 'not run'}`,
      ].filter((p) => !p.endsWith('not run') || p.startsWith('grid-v1'));
      out.push(`- ${ds}, ${loss} (test F1, seed 1 unless said): ${parts.join('; ')}.`);
    }
  return out.length ? ['', '**What the study shows** (computed from the rows above):', '', ...out, ...READING] : [];
}

/** Hand-written reading of the runs of 2026-12-02 (grid-v2 cells above and the study rows). */
const READING = [
  '',
  '**Reading.** What the grid-v1 gap depended on, and what is left:',
  '',
  '- Architecture (the main lever). grid-v1\'s one hidden layer without dropout and 32 samples is what kept scene 4 to 9',
  '  points under the paper: on seed 1 the paper-like net (2 x 256, dropout 0.3, 100 samples) takes scene min-min logistic',
  '  from 66.81 to 75.93, and depth is the part that matters there (two layers without dropout 74.80; one layer with',
  '  dropout 65.29). On yeast it adds 1.3 (logistic) and 3.3 (sparsemax) points. The refit on all training rows adds the',
  '  rest on scene: the same net under grid-v1\'s early stopping (the model trained on 85% of the rows) scores 73.54',
  '  (logistic) and 73.44 (sparsemax) where grid-v2\'s choice and refit give 75.93 and 75.01 (on yeast 63.37 and 63.26 vs',
  '  63.27 and 63.90). Under grid-v2 the scene cells moved from 68.6-74.4 (grid-v1) to 71.8-75.0.',
  '- emotions reaches the paper under MAP with the pairwise model (min-min logistic 67.83, 5 seeds). Its unary cells stay',
  '  under, and there the gap is the epoch choice: grid-v2 picks the epoch on validation splits of 59 rows (three,',
  '  averaged) and chooses epochs 13 to 69; the same unary net trained a fixed 100 epochs on all training rows with no',
  '  choice reaches 66.60 (logistic) and 67.71 (sparsemax) over 5 seeds, where grid-v2 gives 64.52 and 65.17. The',
  '  100-epoch rows are a measurement (no choice on validation rows), not a protocol result, and we did not tune a',
  '  protocol toward them after seeing test scores.',
  '- Prediction rule (yeast, and the rest). Example-based F1 rewards predicting more labels than the MAP (p > 1/2) does.',
  '  Shifting the unary terms by a threshold chosen on validation rows (every threshold chosen for min-min logistic unary',
  '  was 0 or negative: more labels) gives yeast 65.40, scene 75.76, emotions 68.37 (min-min logistic, unary; 5 seeds), at',
  '  or within a standard error of the paper everywhere; on yeast also mcmc 65.62 and mle 65.14 (unary), whose MAP cells',
  '  chose epochs 7 to 12 and sit at 61.8 and 62.1. Under MAP yeast stays about 1 under (pairwise min-min sparsemax 64.09,',
  '  unary 63.83; pairwise min-min logistic 63.25 keeps epochs 1 to 4 after its unary warm start, the instability of',
  '  pairwise min-min on yeast seen under grid-v1 too): its gap is the decision rule. Which rule the paper used is not',
  '  stated in what we have. yeast pairwise mle and mcmc were not run (compute budget of the session).',
  '- Input normalisation is not a lever: min-max scaling the inputs before train()\'s standardization gives the same F1 to',
  '  the last digit (emotions 63.88, yeast 63.27, seed 1), as a per-feature affine map must.',
  '- What stays, under MAP: scene 0.8 under with a seed sd of 0.8 (standard error 0.36); the paper\'s column is also the',
  '  best of its losses, a maximum over several noisy means. Pairwise models did not beat unary ones under grid-v2 on',
  '  scene (their cells above).',
];

/** Per data set: the best grid-v2 cell and the best grid-v1 cell against the paper, computed from the runs. */
function bestCells(r: Results): string[] {
  const out: string[] = [];
  for (const ds of SETS) {
    const best = (protocol: string) => {
      let b: { text: string; mean: number } | null = null;
      for (const model of ['unary', 'pairwise'])
        for (const l of TABLE_LOSSES) {
          const v = runsOf(r, protocol, ds, l, model);
          if (v.length < 5) continue;
          const { mean, sd } = meanSd(v.map((x) => x.score));
          if (!b || mean > b.mean) b = { text: `${l} ${model} ${mean.toFixed(2)} (sd over seeds ${sd.toFixed(2)}, standard error ${(sd / Math.sqrt(v.length)).toFixed(2)})`, mean };
        }
      return b;
    };
    const now = best(MULTILABEL_PROTOCOL);
    const before = best(PROTOCOL);
    let thr: { text: string; mean: number } | null = null;
    for (const model of ['unary', 'pairwise'])
      for (const l of TABLE_LOSSES) {
        const v = runsOf(r, MULTILABEL_PROTOCOL, ds, l, model).filter((x) => typeof x.extra.f1_threshold === 'number');
        if (v.length < 5) continue;
        const { mean, sd } = meanSd(v.map((x) => x.extra.f1_threshold as number));
        if (!thr || mean > thr.mean) thr = { text: `${l} ${model} ${mean.toFixed(2)} (sd ${sd.toFixed(2)}, standard error ${(sd / Math.sqrt(v.length)).toFixed(2)})`, mean };
      }
    out.push(
      `- ${ds} (paper ${PAPER[ds]}): best 5-seed cell under ${MULTILABEL_PROTOCOL}, MAP: ${now ? `${now.text}, ${(now.mean - PAPER[ds]!).toFixed(2)} from the paper` : 'none yet'}; threshold rule: ${thr ? `${thr.text}, ${(thr.mean - PAPER[ds]!).toFixed(2)} from the paper` : 'none yet'}; under ${PROTOCOL}: ${before ? before.text : 'none'}.`,
    );
  }
  return ['', '**Best cells** (computed from the runs above; cells with 5 seeds):', '', ...out];
}

/** `--multilabel-study`: one row per configuration and seed (multilabelStudy.ts). */
function studySection(r: Results): string[] {
  const rows = (r.multilabelStudy ?? []) as Record<string, number | string>[];
  if (!rows.length) return [];
  const lines = [
    '',
    '### Multilabel: what the F1 gap depends on (`--multilabel-study`)',
    '',
    'One configuration and one seed per row, the MULAN train/test split. Every row starts from grid-v1\'s point (lr 0.001,',
    'one hidden layer of 256, no dropout, 32 prior samples, early stopping with patience 25 on 15% validation rows; batch',
    '32 on emotions, 64 elsewhere) and changes what its columns say. "best epoch, refit" trains a fixed number of epochs,',
    'chooses the epoch of best validation F1 (ties later) and retrains on all training rows for it (grid-v2 at one point,',
    'one validation split); "none" trains on all training rows and keeps the last epoch (no choice at all: a measurement',
    'of what the configuration reaches, not a protocol result). "train F1" scores the final model on all its training',
    'rows (underfit vs overfit).',
    '',
    '| data set | loss | model | seed | lr | width | dropout | samples | batch | epochs | choice | test F1 x100 | validation F1 x100 | train F1 x100 | kept epoch | seconds |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  // Configurations run on several seeds: mean test F1 (the single-seed rows above and below read with it).
  const groups = new Map<string, Record<string, number | string>[]>();
  for (const s of rows) {
    const key = JSON.stringify([s.dataset, s.loss, s.model, s.config]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const multi = [...groups.values()].filter((g) => g.length > 1);
  const order = (s: Record<string, number | string>) => `${SETS.indexOf(s.dataset as string)}|${s.loss}|${s.model}|${s.seed}`;
  for (const s of [...rows].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)))
    lines.push(
      `| ${s.dataset} | ${s.loss} | ${s.model} | ${s.seed} | ${s.lr} | ${s.hidden} | ${s.dropout} | ${s.samples} | ${s.batch} | ${s.epochs} | ${s.choice} | ${(s.test as number).toFixed(2)} | ${typeof s.validation === 'number' ? s.validation.toFixed(2) : s.validation} | ${(s.train as number).toFixed(2)} | ${s.epoch} | ${(s.seconds as number).toFixed(1)} |`,
    );
  if (multi.length) {
    lines.push('', 'Configurations run on several seeds (test F1 x100, mean ± sd over the seeds listed):', '', '| data set | loss | model | width | dropout | samples | epochs | choice | seeds | test F1 x100 | train F1 x100 |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const g of multi) {
      const s = g[0]!;
      const seeds = g.map((x) => x.seed).sort();
      const train = meanSd(g.map((x) => x.train as number)).mean;
      lines.push(`| ${s.dataset} | ${s.loss} | ${s.model} | ${s.hidden} | ${s.dropout} | ${s.samples} | ${s.epochs} | ${s.choice} | ${seeds.join(',')} | ${cellText(g.map((x) => x.test as number)).replace(/ \(\d+ seeds?\)/, '')} | ${train.toFixed(2)} |`);
    }
  }
  return lines;
}
