/**
 * The contract every energy model satisfies. E(y) scores a configuration (lower is better) and the model is
 * p(y) ∝ exp(-beta E(y)) over the admissible configurations (uniform base measure). Implementations:
 * set models (`setModel.ts`); permutation models come next.
 */
export interface EnergyModel<State> {
  readonly space: 'set' | 'permutation';
  /** Number of items. */
  readonly n: number;
  /** Inverse temperature of the model's distribution. */
  readonly beta: number;
  /** E(state), recomputed from scratch in JS (the reference the native core is checked against). */
  energy(state: State): number;
  /** Whether `state` is admissible (clamps, cardinality, permutation). */
  admissible(state: State): boolean;
}

/**
 * Largest energy magnitude a model may reach: the samplers' ladders are set from standard deviations of energy
 * steps (squares), so past sqrt(Number.MAX_VALUE) ~ 1.3e154 they overflow (weights of 1e200 gave no ladder).
 */
export const ENERGY_LIMIT = Math.sqrt(Number.MAX_VALUE);
