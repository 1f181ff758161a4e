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
    'early stopping with patience 25 on validation F1); the test rows are used only for the scores below. At a seed the',
    'variants share the validation split and the initial weights; the batch order and dropout draws come from the same',
    'generator as the samples, so they part after the first step, and F1 differs between variants by that noise too (mle',
    'shows its size: its energy never sees tau, yet its F1 moves between variants). MAE, correlation and the fraction of test rows',
    'within 0.1 nats compare tau(x) with the exact log Z(x) of the learned energy (sum of softplus; for min-min sparsemax',
    'the exact sparsemax threshold).',
    '',
    `Variants: ${Object.entries(VARIANTS)
      .map(([name, v]) => `${name} = proposal ${v.proposal}, tau of ${v.tauInput}, ${v.tauEpochs} refit epochs`)
      .join('; ')}.`,
    '',
  ];
  lines.push(
    '**What the runs show** (table below):',
    '',
    '- Starting point (paper variant, this code): tau is 0.45-0.55 nats off on emotions, 0.62-0.75 on yeast, 1.0-1.1 on scene,',
    '  with correlation 0.2-0.75 and 6-14% of test rows within 0.1 nats.',
    '- The variance of E_q was not the main error. With the importance-sampled term alone (mean-field, tau of x) the tau',
    '  gradient is exact, yet emotions stays at 0.52. Adding a tau of theta: 0.43; a tau of theta and a refit, with prior draws: 0.21.',
    '  What was left was tau lagging the energy at the kept epoch, and a tau of x failing to generalize to new rows.',
    '- All three together (trusted-400: mean-field, tau of theta, 400 refit epochs) bring it under 0.1 nats on every run',
    '  of the three data sets (3 seeds each; worst 0.077), with correlation 0.996 or more. 150 refit epochs are not enough (0.16-0.21 on emotions',
    '  and on scene seed 1).',
    '- F1 is the same at trusted and trusted-400 for a seed (the refit runs after the kept epoch), so the refit costs no',
    '  F1. The training changes (mean-field draws, a tau of theta) move F1 seed by seed (line under the table): on average',
    '  up on all three data sets, down on some single seeds. Those moves mix the method and the noise of the parted',
    '  random streams (the mle rows show that noise alone). With 3 seeds this shows no loss on average, not parity',
    '  within a stated tolerance.',
    '- Other losses: mle and mcmc fit tau beside their own objective with the same estimator, and it reaches 0.066 / 0.081',
    '  (from 1.10 / 1.15) on emotions seed 1. min-min sparsemax keeps prior draws (its E_q term is not an exp).',
    '  Its tau (the sparsemax threshold) improves less: 1.04 to 0.60.',
    '- Cost: the mean-field draws need theta in JS each step (one forward pass and a read-back), and the refit runs',
    '  400 epochs of the small tau network. The seconds column was measured at a load of 10-24 on 2 cores, so it is',
    '  only a rough guide. Measured apart (a one-off script, not this experiment; load about 3): in the learning-speed',
    '  configuration on yeast an epoch took 0.46 s with prior draws and 0.51-0.62 s with mean-field draws (two runs back',
    '  to back, median of epochs 2-7). `ebm train` on emotions took 14 s as the paper variant and 39 s with',
    '  `--proposal mean-field --tau-input theta --tau-epochs 400` (load about 5).',
    '',
  );
  if (!runs.length) return [...lines, 'not run'];
  lines.push('| data set | loss | variant | seeds | F1 example x100 | logz_mae | max logz_mae over seeds | logz_corr | logz_within_0_1 | kept epoch | seconds (mean) |', '|---|---|---|---|---|---|---|---|---|---|---|');
  const keys = [...new Set(runs.map((x) => `${x.dataset}|${x.loss}|${x.variant}`))];
  for (const key of keys) {
    const c = runs.filter((x) => `${x.dataset}|${x.loss}|${x.variant}` === key).sort((a, b) => a.seed - b.seed);
    const [dataset, loss, variant] = key.split('|');
    lines.push(`| ${dataset} | ${loss} | ${variant} | ${c.map((x) => x.seed).join(',')} | ${pm(c.map((x) => x.f1), 2)} | ${pm(c.map((x) => x.mae), 4)} | ${Math.max(...c.map((x) => x.mae)).toFixed(4)} | ${mean(c.map((x) => x.corr)).toFixed(4)} | ${mean(c.map((x) => x.within)).toFixed(3)} | ${c.map((x) => x.bestEpoch).join(',')} | ${mean(c.map((x) => x.seconds)).toFixed(0)} |`);
  }
  // F1 of trusted-400 against the paper variant at the same seed (the test of "at no loss of F1").
  const paired: string[] = [];
  for (const dataset of [...new Set(runs.map((x) => x.dataset))]) {
    const at = (variant: string, seed: number) => runs.find((x) => x.dataset === dataset && x.loss === 'minmin-logistic' && x.variant === variant && x.seed === seed);
    const d = runs.filter((x) => x.dataset === dataset && x.loss === 'minmin-logistic' && x.variant === 'paper' && at('trusted-400', x.seed)).map((x) => at('trusted-400', x.seed)!.f1 - x.f1);
    if (d.length) paired.push(`${dataset} ${d.map((v) => (v >= 0 ? '+' : '') + v.toFixed(2)).join(', ')} (mean ${(d.reduce((a, v) => a + v, 0) / d.length).toFixed(2)})`);
  }
  if (paired.length) lines.push('', `F1 x100 of trusted-400 minus paper, min-min logistic, seed by seed: ${paired.join('; ')}.`);
  return lines;
}
