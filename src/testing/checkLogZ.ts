/** checkLogZ: an estimate of log Z against exact enumeration. */
import { logPartition } from '../sample/logz.ts';
import { invalidParameterError, rejectUnknownKeys, requireNumber } from '../errors.ts';
import { requireModel } from '../energies/modelFile.ts';
import type { CheckedModel } from './states.ts';

/** Absolute floor of the tolerance: round-off of the enumeration itself. */
const FLOOR = 1e-9;
/** Standard errors allowed: a correct estimator fails about once in 16 000 (two-sided normal tail at 4 sigma). */
const SIGMAS = 4;

export interface LogZCheck {
  pass: boolean;
  exact: number;
  estimate: number;
  /** estimate - exact. */
  error: number;
  /** max(4 stdError, 1e-9). */
  tolerance: number;
  /** error / stdError (NaN without one). */
  z: number;
}

/**
 * Compares an estimate of log Z (at the model's beta, or `beta`) with exact enumeration (at most 24 free set
 * items, 10 permutation items): pass when |estimate - exact| <= max(4 stdError, 1e-9). Without `stdError` the
 * estimate must be exact to 1e-9.
 * @example
 * ```ts
 * import { setModel, logPartition } from 'discrete-ebm';
 * import { checkLogZ } from 'discrete-ebm/testing';
 * const model = setModel({ n: 6, unary: [1, 0, -1, 0.5, 0, 2], edges: [[0, 1, 1]] });
 * const pt = await logPartition(model, { method: 'pt', seed: 1 });
 * const r = await checkLogZ(model, pt.logZ, { stdError: pt.stdError }); // r.pass true
 * ```
 * @throws (the Promise rejects) TypeError or RangeError, code EBM_INVALID_INPUT: not a model, a model too large to
 * enumerate, an estimate or stdError that is not a finite number (stdError >= 0).
 */
export async function checkLogZ(model: CheckedModel, estimate: number, options: { stdError?: number; beta?: number } = {}): Promise<LogZCheck> {
  const m = requireModel(model);
  requireNumber('estimate', estimate);
  if (typeof options !== 'object' || options === null) throw invalidParameterError('options', 'object', options, 'type');
  rejectUnknownKeys('options', options, ['stdError', 'beta']);
  const stdError = options.stdError === undefined ? undefined : requireNumber('stdError', options.stdError, 0);
  const exact = (await logPartition(m, { method: 'exact', ...(options.beta !== undefined && { beta: options.beta }) })).logZ;
  const error = estimate - exact;
  const tolerance = Math.max(SIGMAS * (stdError ?? 0), FLOOR);
  return { pass: Math.abs(error) <= tolerance, exact, estimate, error, tolerance, z: stdError ? error / stdError : NaN };
}
