/**
 * The conformance table: one row per space with what the shared tests need (random models, the exact oracle's
 * index, sizes and seeds as the per-space tests had them), and one row per (space, method). The tests in this
 * folder iterate it, so a new space or method is one more row (like BlackJAX's tests/mcmc/test_sampling.py).
 */
import fc from 'fast-check';
import { native } from '../../src/native.ts';
import { setModel, type SetModel } from '../../src/energies/setModel.ts';
import { permModel, type PermModel } from '../../src/energies/permModel.ts';
import { setSpace } from '../../src/spaces/set.ts';
import { permSpace } from '../../src/spaces/perm.ts';
import { randomSetModel, rng } from '../helpers.ts';
import { randomPermModel } from '../perms/permHelpers.ts';
import { arbPermModel, arbSetModel } from '../../src/testing/arbitraries.ts';

type Model = SetModel | PermModel;

export interface SpaceRow {
  name: 'set' | 'permutation';
  space: typeof setSpace | typeof permSpace;
  /** A random model of the space from a fast-check record (small enough to enumerate). */
  exactConfig: fc.Arbitrary<Record<string, unknown>>;
  exactModel(c: Record<string, unknown>): Model;
  /** Determinism: named models and sample sizes. */
  determinismModels: [string, Model][];
  determinismSamples: number;
  chainSamples: number;
  /** Fixed-round minimization: the model. */
  minimizeModel: Model;
  /** 1, 2 and 4 workers: the models and the run options (chains, sizes, beta) per operation. */
  workerModels: Model[];
  workerSample: { samples: number; seed: number; chains: number; beta?: number };
  workerLogZ: { seed: number; chains: number; rounds: number; beta?: number };
  workerMinimizeModels: Model[];
  workerMinimize: { maxRounds: number; seed: number; chains: number };
  /** PT log Z against exact enumeration. */
  logZModels: Model[];
  /** Every state of n items (admissible or not): the brute-force oracle of small models. */
  allStates(n: number): Iterable<number[]>;
  /** Small models for the brute-force checks: base measure (log Z at beta = 0) and the exact minimum. */
  bruteForceModels: Model[];
  /**
   * Cached local fields (sets) or energies and tabu swap deltas (permutations) against recomputation after long
   * random move sequences: the addon's probe, its largest errors and the lane precision it ran in.
   */
  cacheProbe(m: Model, o: CacheProbeOptions): { errors: Record<string, number>; precision?: string };
  /** Random models for the probe (double lanes) with the probe options. */
  cacheConfig: fc.Arbitrary<Record<string, unknown> & { seed: number; beta: number }>;
  cacheModel(c: Record<string, unknown>): Model;
  cacheOptions: Omit<CacheProbeOptions, 'seed' | 'beta'>;
  /** Integer models: the cache is exact, in the lane precision given. */
  integerCache: { model: Model; options: CacheProbeOptions; precision?: string }[];
  /** Fuzz: odd values, model files, a model for option fuzz, addon models and the addon calls on them (unvalidated). */
  weird: fc.Arbitrary<unknown>;
  modelJson: fc.Arbitrary<Record<string, unknown>>;
  optionsModel: Model;
  nativeModel: fc.Arbitrary<Record<string, unknown>>;
  nativeOptions: fc.Arbitrary<Record<string, unknown>>;
  nativeCalls(m: never, o: object): (() => unknown)[];
}

/** Values that break naive validation: non-finite, negative, fractional, huge, wrong types. */
function weirdValues(maxInt: number, maxArrayInt: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1, 2.5, 1e308, -0, 2 ** 31, 2 ** 53),
    fc.integer({ min: -5, max: maxInt }),
    fc.double(),
    fc.string({ maxLength: 4 }),
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.array(fc.integer({ min: -2, max: maxArrayInt }), { maxLength: 6 }),
  );
}

/** Typed arrays of each element type the addon reads (and odd values), for models passed around the TS layer. */
function typedArrays(maxLength: number, weird: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.array(fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity)), { maxLength }).map((a) => Float64Array.from(a)),
    fc.array(fc.integer({ min: -3, max: 10 }), { maxLength }).map((a) => Int32Array.from(a)),
    fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 8 }).map((a) => Int8Array.from(a)),
    weird,
  );
}

const setWeird = weirdValues(30, 12);
const permWeird = weirdValues(12, 8);
const permMatrix = fc.oneof(fc.array(fc.array(fc.oneof(fc.double({ min: -3, max: 3 }), permWeird), { maxLength: 5 }), { maxLength: 5 }), fc.array(fc.double({ min: -3, max: 3 }), { maxLength: 26 }), permWeird);
/** Matrices (rows, row-major, odd values) as a LAP cost or a permutation model's part. */
export const fuzzMatrix = permMatrix;

export interface CacheProbeOptions {
  lanes: number;
  sweeps: number;
  beta: number;
  seed?: number;
  tabuIterations?: number;
}

/** Every permutation of n items (Heap's algorithm would do; recursion is plainer for a test oracle). */
function* permutations(n: number, prefix: number[] = []): Iterable<number[]> {
  if (prefix.length === n) yield prefix;
  for (let slot = 0; slot < n; slot++) if (!prefix.includes(slot)) yield* permutations(n, [...prefix, slot]);
}

const permConfig = (c: Record<string, unknown>) => ({ ...c, linear: c.parts !== 'qap', qap: c.parts !== 'linear' }) as Parameters<typeof randomPermModel>[0];
const randomQap = (n: number, seed: number, clampCount = 0) => randomPermModel({ n, seed, integer: true, clampCount });

/** QAP with a symmetric flow A and a general distance B (integer entries). */
function halfSymmetric(n: number, seed: number): PermModel {
  const r = rng(seed);
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i]![j] = A[j]![i] = Math.round(r() * 10);
  const B = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round(r() * 10)));
  return permModel({ n, qap: { flow: A, distance: B } });
}

export const SPACES: SpaceRow[] = [
  {
    name: 'set',
    space: setSpace,
    // The product's arbitraries (discrete-ebm/testing): dense or sparse, with or without |y| = k, clamps.
    exactConfig: fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), model: arbSetModel({ n: [3, 8], clamps: 2, scale: 1 }) }),
    exactModel: (c) => c.model as SetModel,
    determinismModels: [
      ['plain', randomSetModel({ n: 10, seed: 5, dense: true })],
      ['cardinality+clamp', randomSetModel({ n: 10, seed: 6, cardinality: 4, clampCount: 1 })],
    ],
    determinismSamples: 5000,
    chainSamples: 400,
    minimizeModel: randomSetModel({ n: 10, seed: 5, dense: true }),
    workerModels: [randomSetModel({ n: 12, seed: 21, dense: true }), randomSetModel({ n: 12, seed: 22, cardinality: 5, clampCount: 2 })],
    workerSample: { samples: 20011, seed: 5, chains: 11 },
    workerLogZ: { seed: 2, chains: 6, rounds: 3000 },
    workerMinimizeModels: [randomSetModel({ n: 12, seed: 21, dense: true }), randomSetModel({ n: 12, seed: 22, cardinality: 5, clampCount: 2 })],
    workerMinimize: { maxRounds: 150, seed: 3, chains: 5 },
    logZModels: [
      { n: 12, seed: 1, dense: true },
      { n: 12, seed: 2 },
      { n: 12, seed: 3, dense: true, scale: 1.5 },
      { n: 12, seed: 4, cardinality: 5 },
      { n: 12, seed: 5, clampCount: 3 },
    ].map(randomSetModel),
    allStates: function* (n) {
      for (let mask = 0; mask < 2 ** n; mask++) yield Array.from({ length: n }, (_, i) => (mask >> i) & 1);
    },
    bruteForceModels: [randomSetModel({ n: 10, seed: 8 }), randomSetModel({ n: 10, seed: 8, cardinality: 4, clampCount: 2 }), randomSetModel({ n: 9, seed: 9, dense: true, clampCount: 3 })],
    cacheConfig: fc.record({
      seed: fc.integer({ min: 1, max: 1e6 }),
      n: fc.integer({ min: 2, max: 40 }),
      dense: fc.boolean(),
      cardinality: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      clampCount: fc.integer({ min: 0, max: 5 }),
      beta: fc.double({ min: 0, max: 5, noNaN: true }),
    }),
    cacheModel: (c) => randomSetModel({ ...(c as { n: number; seed: number }), cardinality: c.cardinality === null ? null : Math.min(c.cardinality as number, c.n as number) }),
    cacheOptions: { lanes: 24, sweeps: 2000 },
    cacheProbe: (m, o) => {
      const r = native().setCacheCheckSync((m as SetModel).toNative(), o);
      return { errors: { maxError: r.maxError }, precision: r.precision };
    },
    // int8 lanes at scale 1, int16 at scale 30, float32 lanes at scale 3000 (fields still exact in 24 bits).
    integerCache: ([['int8', 1], ['int16', 30], ['float32', 3000]] as const).flatMap(([precision, scale]) =>
      [1, 2, 3].map((seed) => ({
        model: randomSetModel({ n: 60, seed, integer: true, dense: seed === 2, scale, cardinality: seed === 3 ? 20 : null }),
        options: { lanes: 40, sweeps: 5000, beta: 0.5 / scale, seed },
        precision,
      })),
    ),
    weird: setWeird,
    modelJson: fc.record(
      {
        format: fc.oneof(fc.constant('ebm-model/1'), setWeird),
        space: fc.oneof(fc.constant('set'), setWeird),
        n: fc.oneof(fc.integer({ min: 1, max: 6 }), setWeird),
        beta: setWeird,
        unary: fc.oneof(fc.array(fc.oneof(fc.double({ min: -3, max: 3 }), setWeird), { maxLength: 7 }), setWeird),
        pairwise: fc.oneof(
          fc.record({ edges: fc.array(fc.array(setWeird, { maxLength: 4 }), { maxLength: 5 }) }),
          fc.record({ dense: fc.array(fc.array(fc.oneof(fc.constant(0), setWeird), { maxLength: 6 }), { maxLength: 6 }) }),
          setWeird,
        ),
        cardinality: setWeird,
        clamp: fc.oneof(fc.dictionary(fc.string({ maxLength: 2 }), setWeird, { maxKeys: 3 }), setWeird),
        extra: setWeird,
      },
      { requiredKeys: ['format', 'space', 'n'] },
    ),
    optionsModel: setModel({ n: 5, unary: [1, -1, 0.5, 0, 2], edges: [[0, 1, 1], [2, 3, -2]] }),
    nativeModel: fc.record({ n: setWeird, unary: typedArrays(8, setWeird), rowPtr: typedArrays(8, setWeird), col: typedArrays(8, setWeird), weight: typedArrays(8, setWeird), dense: typedArrays(8, setWeird), cardinality: setWeird, clamp: typedArrays(8, setWeird) }, { requiredKeys: [] }),
    nativeOptions: fc.record({ samples: setWeird, seed: setWeird, chains: setWeird, method: setWeird }, { requiredKeys: [] }),
    nativeCalls: (m, o) => [
      () => native().setSampleSync(m, { samples: 2, ...o } as never),
      () => native().setExactSync(m, o as never),
      () => native().setMinimizeSync(m, { maxRounds: 2, ...o } as never),
    ],
  },
  {
    name: 'permutation',
    space: permSpace,
    // The product's arbitraries: linear costs with or without a QAP part, clamps.
    exactConfig: fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), model: arbPermModel({ n: [3, 6], clamps: 2 }) }),
    exactModel: (c) => c.model as PermModel,
    determinismModels: [
      ['plain', randomPermModel({ n: 9, seed: 5 })],
      ['clamped+symmetric', randomPermModel({ n: 9, seed: 6, clampCount: 2, symmetric: true })],
    ],
    determinismSamples: 4000,
    chainSamples: 300,
    minimizeModel: randomPermModel({ n: 9, seed: 5 }),
    workerModels: [randomQap(6, 3), randomQap(6, 4, 2)],
    workerSample: { samples: 10007, seed: 2, chains: 7, beta: 0.05 },
    workerLogZ: { seed: 4, chains: 6, rounds: 2000, beta: 0.05 },
    workerMinimizeModels: [randomQap(25, 5)],
    workerMinimize: { maxRounds: 80, seed: 6, chains: 4 },
    logZModels: [
      { n: 8, seed: 1 },
      { n: 8, seed: 2, qap: false, scale: 1.5 },
      { n: 8, seed: 3, linear: false, symmetric: true },
      { n: 8, seed: 4, clampCount: 2 },
      { n: 8, seed: 5, scale: 1.5 },
    ].map(randomPermModel),
    allStates: permutations,
    bruteForceModels: [randomPermModel({ n: 7, seed: 6, clampCount: 3 }), ...[5, 6, 7].map((seed) => randomPermModel({ n: 7, seed, clampCount: seed - 5 }))],
    cacheConfig: fc.record({
      seed: fc.integer({ min: 1, max: 1e6 }),
      n: fc.integer({ min: 2, max: 30 }),
      parts: fc.constantFrom('linear', 'qap', 'both'),
      symmetric: fc.boolean(),
      clampCount: fc.integer({ min: 0, max: 4 }),
      beta: fc.double({ min: 0, max: 5, noNaN: true }),
    }),
    cacheModel: (c) => randomPermModel(permConfig(c)),
    cacheOptions: { lanes: 6, sweeps: 2000, tabuIterations: 3000 },
    cacheProbe: (m, o) => {
      const r = native().permCacheCheckSync((m as PermModel).toNative(), o);
      return { errors: { maxError: r.maxError, tabuError: r.tabuError } };
    },
    integerCache: [
      ...[1, 2, 3].map((seed) => ({ model: randomPermModel({ n: 25, seed, integer: true, symmetric: seed === 2 }), options: { lanes: 4, sweeps: 5000, beta: 0.2, seed, tabuIterations: 5000 } })),
      // A symmetric, B not: the core replaces B by (B + B^T)/2 internally; energies must still be exact.
      { model: halfSymmetric(12, 4), options: { lanes: 4, sweeps: 3000, beta: 0.1, tabuIterations: 3000 } },
    ],
    weird: permWeird,
    modelJson: fc.record(
      {
        format: fc.oneof(fc.constant('ebm-model/1'), permWeird),
        space: fc.oneof(fc.constant('permutation'), permWeird),
        n: fc.oneof(fc.integer({ min: 1, max: 5 }), permWeird),
        beta: permWeird,
        linear: permMatrix,
        qap: fc.oneof(fc.record({ flow: permMatrix, distance: permMatrix }, { requiredKeys: [] }), permWeird),
        clamp: fc.oneof(fc.dictionary(fc.string({ maxLength: 2 }), permWeird, { maxKeys: 3 }), fc.array(permWeird, { maxLength: 5 }), permWeird),
        extra: permWeird,
      },
      { requiredKeys: ['format', 'space', 'n'] },
    ),
    optionsModel: permModel({ n: 4, linear: [[1, 2, 3, 4], [0, 0, 1, 1], [2, 2, 2, 2], [3, 1, 4, 1]], clamp: { 1: 2 } }),
    nativeModel: fc.record({ n: permWeird, linear: typedArrays(10, permWeird), flow: typedArrays(10, permWeird), distance: typedArrays(10, permWeird), clamp: typedArrays(10, permWeird) }, { requiredKeys: [] }),
    nativeOptions: fc.record({ samples: permWeird, seed: permWeird, chains: permWeird, method: permWeird, beta: permWeird, replicas: permWeird }, { requiredKeys: [] }),
    nativeCalls: (m, o) => [
      () => native().permSampleSync(m, { samples: 2, burnIn: 1, ...o } as never),
      () => native().permExactSync(m, o as never),
      () => native().permMinimizeSync(m, { maxRounds: 2, ...o } as never),
      () => native().permLogZSync(m, { rounds: 2, tuneRounds: 1, ...o } as never),
      () => native().lapSolveSync({ n: (m as { n?: unknown }).n, cost: (m as { linear?: unknown }).linear } as never, o as never),
    ],
  },
];

export interface MethodRow {
  row: SpaceRow;
  method: 'gibbs' | 'pt';
  /** fast-check seed and runs of the exactness property (as the per-space tests had them). */
  exactSeed: number;
  exactRuns: number;
  /** [run seed, model]: sampling at beta * 1.05 must fail the TV bound of beta. */
  power: [number, Model][];
}

const [SET, PERM] = SPACES as [SpaceRow, SpaceRow];
const setPower: [number, Model][] = [3, 4].map((seed) => [seed, randomSetModel({ n: 8, seed, dense: seed % 2 === 0 })]);

export const METHODS: MethodRow[] = [
  { row: SET, method: 'gibbs', exactSeed: 42, exactRuns: 12, power: setPower },
  { row: SET, method: 'pt', exactSeed: 43, exactRuns: 12, power: setPower },
  { row: PERM, method: 'gibbs', exactSeed: 52, exactRuns: 16, power: [1, 2].map((seed) => [seed, randomPermModel({ n: 6, seed, scale: 2, symmetric: seed === 2 })]) },
  { row: PERM, method: 'pt', exactSeed: 53, exactRuns: 8, power: [[2, randomPermModel({ n: 6, seed: 2, scale: 2, symmetric: true })]] },
];
