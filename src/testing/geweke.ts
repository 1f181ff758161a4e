/**
 * The "getting it right" test (Geweke 2004, JASA 99:799): a posterior sampler is right when two simulators of
 * the joint p(theta, y) agree. The marginal-conditional one draws theta ~ prior, y ~ p(y | theta) exactly; the
 * successive-conditional one alternates the sampler under test (theta' from a kernel leaving p(theta | y)
 * invariant) with an exact y ~ p(y | theta'). For each test function g(theta, y), the statistic is
 * z = (mean_1 g - mean_2 g) / sqrt(var_1 / M_1 + s_2^2 / M_2), s_2^2 the long-run variance of the chain by
 * batch means; under a correct sampler each z is standard normal.
 */
import { mulberry32 } from '../data/preprocess.ts';
import { invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber } from '../errors.ts';
import { gammaQ } from './gamma.ts';
import { DEFAULT_ALPHA } from './verdict.ts';

export interface GewekeOptions<T, Y> {
  /** theta ~ the prior. */
  prior: (random: () => number) => T;
  /** y ~ p(y | theta), exact. */
  simulate: (theta: T, random: () => number) => Y;
  /** The sampler under test: one transition theta -> theta' that should leave p(theta | y) invariant. */
  step: (theta: T, y: Y, random: () => number) => T;
  /** The test functions g(theta, y): first and second moments of theta are the usual choice. */
  statistics: (theta: T, y: Y) => number[];
  /** Draws of each simulator (default 20 000). */
  draws?: number;
  seed?: number;
  /** Family-wise level over the statistics (Bonferroni; default 1e-3). */
  alpha?: number;
}

export interface GewekeResult {
  pass: boolean;
  /** One z per statistic. */
  z: number[];
  /** Two-sided normal p-value of each z. */
  pValues: number[];
  /** Means of each statistic under the marginal-conditional and the successive-conditional simulator. */
  marginalMeans: number[];
  chainMeans: number[];
}

/** Batches of the chain's batch-means variance estimate. */
const BATCHES = 50;

/**
 * Geweke's joint-distribution test of a posterior sampler (see the module comment for the statistic). It fails
 * when some statistic's two-sided p-value is below alpha / (number of statistics).
 * @example
 * ```ts
 * import { gewekeTest } from 'discrete-ebm/testing';
 * // theta ~ N(0, 1), y | theta ~ Bernoulli(sigmoid(theta)); the step is a random-walk Metropolis on theta.
 * const sig = (t) => 1 / (1 + Math.exp(-t));
 * const logPost = (t, y) => -t * t / 2 + Math.log(y ? sig(t) : 1 - sig(t));
 * const r = gewekeTest({
 *   prior: (u) => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()),
 *   simulate: (t, u) => (u() < sig(t) ? 1 : 0),
 *   step: (t, y, u) => { const s = t + (u() - 0.5) * 2; return Math.log(u()) < logPost(s, y) - logPost(t, y) ? s : t; },
 *   statistics: (t, y) => [t, t * t, t * y],
 * }); // r.pass true
 * ```
 * @throws RangeError or TypeError, code EBM_INVALID_INPUT, for missing functions or bad options.
 */
export function gewekeTest<T, Y>(options: GewekeOptions<T, Y>): GewekeResult {
  if (typeof options !== 'object' || options === null) throw invalidParameterError('options', 'object', options, 'type');
  rejectUnknownKeys('options', options, ['prior', 'simulate', 'step', 'statistics', 'draws', 'seed', 'alpha']);
  for (const key of ['prior', 'simulate', 'step', 'statistics'] as const) if (typeof options[key] !== 'function') throw invalidParameterError(key, 'function', options[key], 'type');
  const draws = requireInteger('draws', options.draws ?? 20_000, BATCHES * 2);
  const alpha = options.alpha === undefined ? DEFAULT_ALPHA : requireNumber('alpha', options.alpha, 0, 1);
  const random = mulberry32(requireInteger('seed', options.seed ?? 1, 0));
  const marginal: number[][] = [];
  for (let m = 0; m < draws; m++) {
    const theta = options.prior(random);
    marginal.push(options.statistics(theta, options.simulate(theta, random)));
  }
  const chain: number[][] = [];
  let theta = options.prior(random);
  let y = options.simulate(theta, random);
  for (let m = 0; m < draws; m++) {
    theta = options.step(theta, y, random);
    y = options.simulate(theta, random);
    chain.push(options.statistics(theta, y));
  }
  const k = marginal[0]!.length;
  const z: number[] = [];
  const pValues: number[] = [];
  const marginalMeans: number[] = [];
  const chainMeans: number[] = [];
  const size = Math.floor(draws / BATCHES);
  for (let j = 0; j < k; j++) {
    const a = marginal.map((g) => g[j]!);
    const b = chain.map((g) => g[j]!);
    const ma = mean(a);
    const mb = mean(b);
    const va = a.reduce((s, x) => s + (x - ma) ** 2, 0) / (draws - 1);
    // Long-run variance of the chain: size x the variance of its batch means.
    const batchMeans = Array.from({ length: BATCHES }, (_, i) => mean(b.slice(i * size, (i + 1) * size)));
    const mbm = mean(batchMeans);
    const vb = (size * batchMeans.reduce((s, x) => s + (x - mbm) ** 2, 0)) / (BATCHES - 1);
    const zj = (ma - mb) / Math.sqrt(va / draws + vb / (BATCHES * size));
    z.push(zj);
    // P(|Z| >= |z|) = Q(1/2, z^2 / 2) for a standard normal Z.
    pValues.push(Number.isFinite(zj) ? gammaQ(0.5, (zj * zj) / 2) : 0);
    marginalMeans.push(ma);
    chainMeans.push(mb);
  }
  return { pass: pValues.every((p) => p >= alpha / k), z, pValues, marginalMeans, chainMeans };
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
