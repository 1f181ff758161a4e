/**
 * The label-ranking section of docs/results.md: the grid-v2 table (the current ranking protocol, with exact MLE),
 * its runs seed by seed, the grid-v1 table it replaces, and the study of why grid-v1 stopped early
 * (`--ranking-study`, rankingStudy.ts).
 */
import type { LossKind } from '../../src/learn/losses.ts';
import { meanSd } from '../../src/metrics/summary.ts';
import { PAPER, PATIENCE, PROTOCOL, RANKING, RANKING_GRID, RANKING_PROTOCOL, rankingEpochs } from './protocol.ts';
import type { Results, Run } from './results.ts';

const LOSSES: LossKind[] = ['minmin-logistic', 'minmin-sparsemax', 'mle', 'mcmc'];
/** The level an independent exact-MLE implementation reaches on glass here (issue 16 item 2), beside the paper. */
const TARGET: Record<string, number> = { glass: 91.4 };

function cellText(v: number[]): string {
  const { mean, sd } = meanSd(v);
  return `${mean.toFixed(2)}${v.length > 1 ? ` ± ${sd.toFixed(2)}` : ''} (${v.length} seed${v.length > 1 ? 's' : ''})`;
}

export function rankingSection(r: Results, notRun: string): string[] {
  const runsOf = (protocol: string, ds: string, loss: string): Run[] =>
    r.runs.filter((x) => x.protocol === protocol && x.dataset === ds && x.loss === loss).sort((a, b) => a.seed - b.seed);
  const table = (protocol: string, losses: LossKind[]) => [
    `| data set | paper | ${losses.join(' | ')} |`,
    `|---|---|${losses.map(() => '---').join('|')}|`,
    ...RANKING.map((ds) => `| ${ds} | ${PAPER[ds]}${TARGET[ds] ? ` (exact MLE elsewhere: ${TARGET[ds]})` : ''} | ${losses.map((l) => { const v = runsOf(protocol, ds, l); return v.length ? cellText(v.map((x) => x.score)) : notRun; }).join(' | ')} |`),
  ];
  const lines = [
    '',
    '## Label ranking: Kendall tau x100 (permutahedron model, 10-fold CV)',
    '',
    `**Protocol \`${RANKING_PROTOCOL}\`** (label ranking since issue 16 item 2; experiments/learning/protocol.ts, fitRefit). Same`,
    'folds and the same validation split as grid-v1 (15% of each fold\'s training rows, a seeded shuffle). Each grid point,',
    `Adam learning rate in {${RANKING_GRID.lr.join(', ')}} x width {${RANKING_GRID.hidden.join(', ')}}, trains on the other 85% for a fixed`,
    `number of epochs (${rankingEpochs('iris')} on iris and wine, ${rankingEpochs('glass')} elsewhere; no early stopping) and is scored on the validation rows at`,
    'every epoch; the (point, epoch) with the best validation Kendall is chosen, ties going to the later epoch; that point',
    'is then retrained on all the fold\'s training rows for that many epochs (the refit), and scored on the fold\'s test',
    'rows. Test rows never enter a choice. What changed from grid-v1 and why: the study below (grid-v1 kept the first',
    `epoch of best validation Kendall with patience ${PATIENCE}; on iris that is an underfit model). Exact MLE enumerates the k! rankings`,
    '(k <= 8). Batch 32 on the small sets (iris, glass, wine), 64 elsewhere; 32 prior (or model) samples per example.',
    '',
    ...table(RANKING_PROTOCOL, LOSSES),
    '',
    `${RANKING_PROTOCOL} runs seed by seed (Kendall x100; the chosen lr/width@epoch of the first fold):`,
    '',
    '| data set | loss | seed 1 | seed 2 | seed 3 | seed 4 | seed 5 | seconds per seed (mean) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const ds of RANKING)
    for (const l of LOSSES) {
      const v = runsOf(RANKING_PROTOCOL, ds, l);
      if (!v.length) continue;
      const bySeed = [1, 2, 3, 4, 5].map((s) => v.find((x) => x.seed === s)).map((x) => (x ? `${x.score.toFixed(2)} (${x.chosen?.[0] ?? '?'})` : 'not run'));
      lines.push(`| ${ds} | ${l} | ${bySeed.join(' | ')} | ${(v.reduce((a, x) => a + x.seconds, 0) / v.length).toFixed(0)} |`);
    }
  lines.push(
    '',
    `**Previous protocol \`${PROTOCOL}\`** (the multilabel protocol above: early stopping with patience ${PATIENCE}, at most 150 epochs on the`,
    'small sets, lr {0.001, 0.003} x width {128, 256}; measured with the code before issue 16\'s faster learning step):',
    '',
    ...table(PROTOCOL, ['minmin-logistic', 'minmin-sparsemax', 'mcmc']),
  );
  lines.push(...studySection(r), ...findings(r));
  return lines;
}

/** Where the grid-v2 runs chose the last epoch allowed (the epoch cap binds), counted over folds and seeds. */
function capShare(runs: Run[], cap: number): string {
  const epochs = runs.flatMap((x) => (x.chosen ?? []).map((c) => Number(c.split('@')[1])));
  return `${epochs.filter((e) => e === cap).length} of ${epochs.length}`;
}

/** What the runs show, every figure computed from the stored runs and study rows. */
function findings(r: Results): string[] {
  const out: string[] = [];
  const study = (r.rankingStudy ?? []) as Record<string, number | string>[];
  for (const ds of ['iris', 'glass']) {
    const v2 = r.runs.filter((x) => x.protocol === RANKING_PROTOCOL && x.dataset === ds);
    const rows = study.filter((s) => s.dataset === ds);
    if (!v2.length && !rows.length) continue;
    const parts: string[] = [];
    for (const l of LOSSES) {
      const runs = v2.filter((x) => x.loss === l);
      if (!runs.length) continue;
      const { mean } = meanSd(runs.map((x) => x.score));
      parts.push(`${l} ${mean.toFixed(2)} (${runs.length} seeds; chosen epoch = the cap ${rankingEpochs(ds)} at ${capShare(runs, rankingEpochs(ds))} folds)`);
    }
    const rowText = rows.map((s) => `lr ${s.lr}, width ${s.hidden}, ${s.epochs} epochs, validation ${s.validation}${Number(s.dropout) ? `, dropout ${s.dropout}` : ''}: test ${(s.test as number).toFixed(2)}, train ${(s.train as number).toFixed(2)}, kept epochs ${s.kept}`);
    out.push(`- ${ds} (paper ${PAPER[ds]}${TARGET[ds] ? `, exact MLE elsewhere ${TARGET[ds]}` : ''}): grid-v2 ${parts.join('; ') || 'not run'}.${rowText.length ? ` Study, seed ${rows[0]!.seed}: ${rowText.join('; ')}.` : ''}`);
  }
  return out.length ? ['', '**What the runs show** (computed from the runs above):', '', ...out, ...READING] : [];
}

/** Hand-written reading of the runs of 2026-12-01 (grid-v2 mle and the study, seed 1 for the study rows). */
const READING = [
  '',
  '**Reading.** iris: the grid-v1 gap was its early stopping, not the model. The 20 validation rows of a fold reach',
  'Kendall 1 within 5 to 20 epochs, and no later epoch can beat it, so grid-v1 kept models that still misrank their own',
  'training rows (study: train Kendall 91.56 at the grid-v1 point; 96.00 with lr 0.01 and patience 200, kept epochs 5-17);',
  'the same network trained 300 epochs ranks its training rows perfectly (train 100) and scores 98.67 on test. grid-v2',
  'chooses the last epoch allowed at most folds (ties on saturated validation go to the later epoch) and closes most of',
  'the gap for every loss it ran. What stays under 99.26 is 1.1 to 1.8 points: a test row with one adjacent pair',
  'swapped costs 100 * (2/3) / 150 = 0.44, so 2.5 to 4 rows of 150, and training longer does not remove them (the',
  '1000-epoch study row). We found no choice on validation rows that moves it further in the time we had.',
  '',
  'glass: exact MLE under grid-v2 stays about 1.4 under the 91.4 of the independent implementation. The epoch cap is',
  'not the limit (grid-v2 chooses it at 1 of 50 folds), and the study says',
  'the gap does not depend on the epochs, depth or dropout: with no choice at all (all training rows, fixed epochs)',
  'the 1 x 256 network reaches 90.45 at 300 epochs, 2 x 256 89.88 at 150, dropout 0.3 89.80 at 150, while a linear',
  'theta(x) underfits (83.73, train 85.84). Every MLP row fits its training rankings almost perfectly (train 97.7-99.8)',
  'and generalizes at 89.8-90.5: this network family with Adam and these epochs is overfit-limited at about 90 on',
  'glass. What the independent implementation does differently (its architecture, optimizer or regularization) is not',
  'known here; no run of ours reached 91.4.',
];

/** `--ranking-study`: one row per configuration (rankingStudy.ts). */
function studySection(r: Results): string[] {
  const rows = (r.rankingStudy ?? []) as Record<string, number | string>[];
  if (!rows.length) return [];
  const lines = [
    '',
    '### Label ranking: why grid-v1 stopped early, and what glass depends on (`--ranking-study`)',
    '',
    'One configuration per row, 10-fold CV, the folds of the seed; "train Kendall" scores each fold\'s model on its own',
    'training rows (underfit vs overfit). Rows with validation "none" train on all the training rows for a fixed number of',
    'epochs and keep the last (no choice at all: a measurement of what the architecture can reach, not a protocol result).',
    '',
    '| data set | loss | seed | lr | width | epochs | validation | dropout | batch | test Kendall x100 | train Kendall x100 | kept epochs (folds) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of rows)
    lines.push(`| ${s.dataset} | ${s.loss} | ${s.seed} | ${s.lr} | ${s.hidden} | ${s.epochs} | ${s.validation} | ${s.dropout} | ${s.batch} | ${(s.test as number).toFixed(2)} | ${(s.train as number).toFixed(2)} | ${s.kept} |`);
  return lines;
}
