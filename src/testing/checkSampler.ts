/** checkSampler and assertSampler: run a sampler on a model and judge its output against the exact answer. */
import { invalidParameterError, rejectUnknownKeys, requireInteger } from '../errors.ts';
import { tallyCounts, tallyStates, type StateCounts } from './tally.ts';
import { verdict, type CheckResult } from './verdict.ts';
import { alphaOf, exactTally } from './checkCounts.ts';
import { requireModel } from '../energies/modelFile.ts';
import { formatResult } from './format.ts';
import type { CheckedModel } from './states.ts';

/** Samples drawn when not given: enough for the G-test to see a 2% beta error on small models. */
export const DEFAULT_SAMPLES = 200_000;

/** What a sampler may return: rows of states, or counts by key (`{ counts }` as `ebm sample --json` prints). */
export type SamplerOutput = Iterable<ArrayLike<number>> | { counts: StateCounts };

/** The sampler under test: `samples` states of `model` (at model.beta) from the given seed. */
export type Sampler<M extends CheckedModel = CheckedModel> = (model: M, options: { samples: number; seed: number; thin?: number }) => SamplerOutput | Promise<SamplerOutput>;

export interface CheckSamplerOptions {
  /** States to ask for (default 200 000). */
  samples?: number;
  /** Passed to the sampler (default 1). */
  seed?: number;
  /** Passed to the sampler when given: sweeps between kept samples of an MCMC sampler. */
  thin?: number;
  /** Significance level of the G-test (default 1e-3). */
  alpha?: number;
}

/**
 * Runs `sampler(model, { samples, seed })` and checks its output with the verdict of checkCounts: no
 * impossible state, TV below 3 x the iid noise + 0.001, and a G-test (small cells pooled) not rejecting at alpha.
 * @returns (a Promise of) `{ pass, tv, bound, samples, impossibleStates, statistic, df, pValue, alpha, reasons, worst }`.
 * @example
 * ```ts
 * import { setModel, sampleCounts } from 'discrete-ebm';
 * import { checkSampler } from 'discrete-ebm/testing';
 * const model = setModel({ n: 4, unary: [1, -1, 0.5, 0], edges: [[0, 1, -1]] });
 * const r = await checkSampler(model, (m, o) => sampleCounts(m, o)); // the library's Gibbs sampler
 * if (!r.pass) console.log(r.reasons, r.worst);
 * ```
 * @throws (the Promise rejects) TypeError or RangeError, code EBM_INVALID_INPUT: not a model, a sampler that is
 * not a function, bad options, or a sampler output that is neither rows nor `{ counts }`.
 */
export async function checkSampler<M extends CheckedModel>(model: M, sampler: Sampler<M>, options: CheckSamplerOptions = {}): Promise<CheckResult> {
  const m = requireModel(model);
  if (typeof sampler !== 'function') throw invalidParameterError('sampler', 'function', sampler, 'type');
  if (typeof options !== 'object' || options === null) throw invalidParameterError('options', 'object', options, 'type');
  rejectUnknownKeys('options', options, ['samples', 'seed', 'thin', 'alpha']);
  const samples = requireInteger('samples', options.samples ?? DEFAULT_SAMPLES, 1);
  const seed = requireInteger('seed', options.seed ?? 1, 0);
  const thin = options.thin === undefined ? undefined : requireInteger('thin', options.thin, 1);
  const alpha = alphaOf(options);
  const { p, t } = exactTally(m);
  const out = await sampler(model, { samples, seed, ...(thin !== undefined && { thin }) });
  if (typeof out === 'object' && out !== null && 'counts' in out) tallyCounts(m, out.counts, t, 'sampler output counts');
  else tallyStates(m, out, t, 'sampler output');
  return verdict(m, p, t.observed, t.outside, alpha);
}

/**
 * checkSampler for test runners (node:test, vitest, jest): resolves to the result when it passes, rejects
 * with an Error listing the reasons and a table of the worst states when it does not.
 * @example
 * ```ts
 * import { assertSampler, exactSampler } from 'discrete-ebm/testing';
 * await assertSampler(model, exactSampler, { samples: 100_000 });
 * ```
 */
export async function assertSampler<M extends CheckedModel>(model: M, sampler: Sampler<M>, options: CheckSamplerOptions = {}): Promise<CheckResult> {
  const r = await checkSampler(model, sampler, options);
  if (!r.pass) throw new Error(`sampler check failed\n${formatResult(r)}`);
  return r;
}
