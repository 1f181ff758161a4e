/** The docs/results.md section of the tau check (logz.ts): the objective, why the estimator is unbiased, the table. */
import { mean, meanSd } from '../../src/metrics/summary.ts';
import { VARIANTS } from './logz.ts';
import type { Results } from './results.ts';

const pm = (v: number[], digits: number) => {
  const { mean: m, sd } = meanSd(v);
  return `${m.toFixed(digits)}${v.length > 1 && Number.isFinite(sd) ? ` ± ${sd.toFixed(digits)}` : ''}`;
};

export function logzSection(r: Results): string[] {
  const runs = r.logz ?? [];
  const lines = [
    '',
    '## tau(x) you can trust (issue 16 item 3; `npm run experiment -- learning --logz`)',
    '',
    'The objective is min-min logistic\'s, unchanged: minimize over the energy g and the network tau',
    '',
    '    L(g, tau) = E_(x,y) [ tau(x) + E_q exp(g(x, y\') - tau(x)) - 1 - g(x, y) ],',
    '',
    'whose minimizer in tau at each x is log Z(x) = log E_q exp g(x, .), after which L is the negative log-likelihood in g.',
    'Three changes to how it is estimated and fit (src/learn; `ebm train --proposal mean-field --tau-input theta --tau-epochs E`):',
    '',
    '1. **Importance-sampled E_q** (`proposal: mean-field`): the S draws per row come from r(y|x), the mean field of the',
    '   current energy (for a unary energy, r = p_theta(y|x) itself), and each term is weighted by q(y\')/r(y\').',
    '   For r held fixed once drawn (r > 0 on every label set), E_r[(q/r) exp(g - tau)] = E_q exp(g - tau) at every (g, tau),',
    '   so the weighted sample mean is an unbiased estimate of L\'s inner term for all parameters at once, and its gradient',
    '   (draws and weights held fixed) an unbiased estimate of L\'s gradient. For unary energies every weighted term',
    '   equals Z(x) e^{-tau(x)}: zero variance, so the tau gradient 1 - Z e^{-tau} is exact.',
    '2. **tau reads theta** (`tauInput: theta`): tau is an MLP of the energy\'s head output theta(x) (a copy with no gradient',
    '   into the energy: the energy\'s update is L\'s partial gradient with tau\'s values held fixed, as in min-min, where',
    '   tau(x) never depended on the energy\'s weights). log Z depends on x only through theta, so a tau of theta can',
    '   learn one function for all rows instead of relearning the energy network from x.',
    '3. **tau refit** (`tauEpochs: E`): after training, E epochs of Adam (step decaying linearly to 0) on tau alone, the',
    '   energy frozen at the kept epoch, on L restricted to tau (same estimator, unbiased). The kept epoch is chosen by',
    '   validation F1 while tau still lags the energy; with the energy frozen tau converges. Predictions, hence F1,',
    '   are exactly the kept epoch\'s.',
    '',
    'Runs: the no-grid point of the protocol (lr 0.001, one hidden layer of 256, batch 64 / 32 on emotions, 32 samples,',
    'early stopping with patience 25 on validation F1); the test rows are used only for the scores below. The variants',
    'share the data split, initialization and batch order at a seed. MAE, correlation and the fraction of test rows',
    'within 0.1 nats compare tau(x) with the exact log Z(x) of the learned energy (sum of softplus; for min-min sparsemax',
    'the exact sparsemax threshold).',
    '',
    `Variants: ${Object.entries(VARIANTS)
      .map(([name, v]) => `${name} = proposal ${v.proposal}, tau of ${v.tauInput}, ${v.tauEpochs} refit epochs`)
      .join('; ')}.`,
    '',
  ];
  if (!runs.length) return [...lines, 'not run'];
  lines.push('| data set | loss | variant | seeds | F1 example x100 | logz_mae | max logz_mae over seeds | logz_corr | logz_within_0_1 | kept epoch |', '|---|---|---|---|---|---|---|---|---|---|');
  const keys = [...new Set(runs.map((x) => `${x.dataset}|${x.loss}|${x.variant}`))];
  for (const key of keys) {
    const c = runs.filter((x) => `${x.dataset}|${x.loss}|${x.variant}` === key).sort((a, b) => a.seed - b.seed);
    const [dataset, loss, variant] = key.split('|');
    lines.push(`| ${dataset} | ${loss} | ${variant} | ${c.map((x) => x.seed).join(',')} | ${pm(c.map((x) => x.f1), 2)} | ${pm(c.map((x) => x.mae), 4)} | ${Math.max(...c.map((x) => x.mae)).toFixed(4)} | ${mean(c.map((x) => x.corr)).toFixed(4)} | ${mean(c.map((x) => x.within)).toFixed(3)} | ${c.map((x) => x.bestEpoch).join(',')} |`);
  }
  return lines;
}
