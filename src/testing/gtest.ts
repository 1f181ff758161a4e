/**
 * The G-test (log-likelihood ratio) of observed counts against expected counts, cells of expected count under
 * 5 pooled: G = 2 sum_c O_c log(O_c / E_c), chi-square with (cells - 1) degrees of freedom under the null.
 */
import { chiSquareSurvival } from './gamma.ts';

/** Expected count below which cells are pooled (the usual rule of thumb for the chi-square approximation). */
export const MIN_EXPECTED = 5;

export interface GTestResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Cells after pooling. */
  cells: number;
}

/**
 * G-test of `observed` against probabilities `p` (cells with p = 0 are skipped: they are the impossible states,
 * failed separately). The small cells are pooled into one; if that pool is itself under 5, it joins the smallest
 * large cell, so every tested cell expects at least 5 when the sample allows.
 */
export function gTest(observed: ArrayLike<number>, p: ArrayLike<number>, total: number): GTestResult {
  const O: number[] = [];
  const E: number[] = [];
  let poolO = 0;
  let poolE = 0;
  for (let k = 0; k < p.length; k++) {
    const e = p[k]! * total;
    if (e <= 0) continue;
    if (e < MIN_EXPECTED) {
      poolO += observed[k]!;
      poolE += e;
    } else {
      O.push(observed[k]!);
      E.push(e);
    }
  }
  if (poolE > 0) {
    if (poolE >= MIN_EXPECTED || E.length === 0) {
      O.push(poolO);
      E.push(poolE);
    } else {
      // The smallest large cell absorbs an undersized pool.
      let s = 0;
      for (let c = 1; c < E.length; c++) if (E[c]! < E[s]!) s = c;
      O[s]! += poolO;
      E[s]! += poolE;
    }
  }
  let g = 0;
  for (let c = 0; c < O.length; c++) if (O[c]! > 0) g += O[c]! * Math.log(O[c]! / E[c]!);
  const statistic = Math.max(0, 2 * g);
  const df = O.length - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), cells: O.length };
}
