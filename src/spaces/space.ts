/**
 * A space descriptor: what the front doors (sample, sampleCounts, minimize, logPartition) need to know about
 * a state space, so that each of them is written once. Two spaces exist: sets y in {0,1}^n (set.ts) and
 * permutations sigma of n items (perm.ts); the lane systems and PT engine below them are shared in the addon.
 */
import { native, type LanePrecision, type NativeBinding, type NativeExactResult, type NativeMinimizeOptions, type NativeRunStats } from '../native.ts';

/** A row of a state: 0/1 per item (sets) or sigma, item -> slot (permutations). */
export type Row = Uint8Array | Int32Array;

/** The addon's sampling result in the space's row type; `precision` is reported by set lanes only. */
export interface NativeRows<R extends Row> extends NativeRunStats {
  samples: R;
  produced: number;
  precision?: LanePrecision;
}

/** The addon's minimization result; `precision` comes from set lanes, `tabuIterations` from permutations. */
export interface NativeBest<R extends Row> extends NativeRunStats {
  state: R;
  energy: number;
  secondsToBest: number;
  chainOfBest: number;
  roundOfBest: number;
  samplerEnergy: number;
  precision?: LanePrecision;
  tabuIterations?: number;
}

/** The addon's exact enumeration result: marginals flat (n values for sets, n x n for permutations). */
export interface NativeExact<R extends Row> extends Omit<NativeExactResult, 'argmin'> {
  argmin: R;
}

export type NativeMinimizeOptionsOf<Method extends string> = Omit<NativeMinimizeOptions, 'method'> & { method?: Method };

export interface Space<M extends { n: number; beta: number }, R extends Row, Marginals, Method extends string> {
  readonly name: 'set' | 'permutation';
  /** The row type of samples and states. */
  readonly Row: R extends Uint8Array ? Uint8ArrayConstructor : Int32ArrayConstructor;
  /** Between the values of a state key: "0110" for sets (item 0 first), "2 0 1" for permutations. */
  readonly keySeparator: '' | ' ';
  /** Base b of a state's integer code sum_i x_i b^i: 2 for sets, n for permutations. */
  codeBase(n: number): number;
  /** Index of a state in exact probabilities: the bitmask for sets, the lexicographic rank for permutations. */
  probabilityIndex(row: ArrayLike<number>): number;
  /** log of the base measure (the admissible states, log Z at beta = 0): log 2^free or log C(free, k - ones); log(free!). */
  logBaseMeasure(model: M): number;
  /** Exact marginals in the space's shape: P(y_i = 1), or rows P(sigma(i) = j). */
  marginals(flat: Float64Array, n: number): Marginals;
  /** The methods of each operation (the first is the default). */
  readonly methods: { sample: readonly ['gibbs', 'pt']; minimize: readonly Method[]; logZ: readonly ['exact', 'pt'] };
  readonly defaults: {
    /** Sweeps between kept samples. */
    thin: number;
    /** Minimization lanes per chain when `replicas` is omitted, by method (the addon's defaultReplicas; 0: no sampler). */
    minimizeReplicas(method: Method): number;
  };
  /** The space's size limits (from src/limits.ts: native/core/limits.hpp, the addon's own checks). */
  limits(): {
    /** Items of a model (n). */
    items: number;
    /** samples * n: sample rows are returned in memory. */
    cells: number;
    /** Free items of exact enumeration (the addon's limit, checked there). */
    exactFreeItems: number;
    /** Largest n whose state codes sum_i x_i b^i are exact in a double (b^n <= 2^53). */
    codeItems: number;
  };
  /**
   * The addon's entry points on this space's models, by name in NativeBinding: the async forms run on the
   * libuv thread pool, the *Sync forms in pool workers (functions do not cross threads, names do).
   */
  readonly native: Record<'sample' | 'sampleSync' | 'minimize' | 'minimizeSync' | 'logZ' | 'logZSync' | 'exact' | 'exactSync', keyof NativeBinding>;
}

/** State key as in the CLI contract: a row's values joined by the space's separator. */
export function stateKey(row: ArrayLike<number>, separator: '' | ' '): string {
  return Array.prototype.join.call(row, separator);
}

/** The key of the state with code sum_i x_i base^i. */
export function keyOfCode(code: number, n: number, base: number, separator: '' | ' '): string {
  const values: number[] = [];
  for (let i = 0, c = code; i < n; i++, c = Math.floor(c / base)) values.push(c % base);
  return values.join(separator);
}

/**
 * Calls the addon function `name` (an entry of a space's `native` table) on a model's native form. The one
 * untyped step: the table pairs each name with its own space's models, and the caller names the result type.
 */
export function callNative<T>(name: keyof NativeBinding, model: { toNative(): unknown }, ...rest: unknown[]): T {
  return (native()[name] as unknown as (...args: unknown[]) => T)(model.toNative(), ...rest);
}
