/**
 * fast-check arbitraries of valid set and permutation models small enough to enumerate. fast-check is an
 * optional peer dependency: it is loaded (synchronously, by require) on the first call, so the rest of
 * discrete-ebm/testing works without it.
 */
import { createRequire } from 'node:module';
import type * as FastCheck from 'fast-check';
import { setModel, type SetModel } from '../energies/setModel.ts';
import { permModel, type PermModel } from '../energies/permModel.ts';
import { rejectUnknownKeys, requireInteger, requireNumber, rangeError, invalidParameterError } from '../errors.ts';

let loaded: typeof FastCheck | undefined;

/** fast-check, or a named error saying to install it. */
function fastCheck(): typeof FastCheck {
  try {
    loaded ??= createRequire(import.meta.url)('fast-check') as typeof FastCheck;
  } catch {
    throw rangeError('arbSetModel and arbPermModel need fast-check: npm install --save-dev fast-check');
  }
  return loaded;
}

/** [lo, hi] from a number (exactly) or a pair, within [min, max]. */
function range(name: string, value: unknown, dflt: [number, number], min: number, max: number): [number, number] {
  if (value === undefined) return dflt;
  if (typeof value === 'number') return [requireInteger(name, value, min, max), value];
  if (!Array.isArray(value) || value.length !== 2) throw invalidParameterError(name, `integer or [min, max] in [${min}, ${max}]`, value, 'type');
  const lo = requireInteger(`${name}[0]`, value[0], min, max);
  return [lo, requireInteger(`${name}[1]`, value[1], lo, max)];
}

export interface ArbSetModelOptions {
  /** Items: exactly, or [min, max] (default [2, 8]; at most 20, the exact distribution's limit). */
  n?: number | [number, number];
  /** Dense couplings (true), sparse edges (false) or either (default). */
  dense?: boolean;
  /** Add a cardinality constraint |y| = k: always (true), never (false), or either (default). */
  cardinality?: boolean;
  /** Clamped items: at most this many (default 2). */
  clamps?: number;
  /** Scale of the weights (default 1): |h|, |W| up to 2 x scale. */
  scale?: number;
}

/**
 * Random valid set models, small enough for checkCounts and checkLogZ.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbSetModel, checkSampler, exactSampler } from 'discrete-ebm/testing';
 * await fc.assert(fc.asyncProperty(arbSetModel({ n: [2, 6] }), async (m) => (await checkSampler(m, exactSampler, { samples: 20_000 })).pass), { numRuns: 5 });
 * ```
 * @throws RangeError or TypeError, code EBM_INVALID_INPUT, for bad options or when fast-check is not installed.
 */
export function arbSetModel(options: ArbSetModelOptions = {}): FastCheck.Arbitrary<SetModel> {
  rejectUnknownKeys('options', options, ['n', 'dense', 'cardinality', 'clamps', 'scale']);
  const [lo, hi] = range('n', options.n, [2, 8], 1, 20);
  const clamps = requireInteger('clamps', options.clamps ?? 2, 0, 20);
  const scale = requireNumber('scale', options.scale ?? 1, 0);
  const fc = fastCheck();
  const weight = fc.double({ min: -2 * scale, max: 2 * scale, noNaN: true });
  return fc.integer({ min: lo, max: hi }).chain((n) =>
    fc
      .record({
        unary: fc.array(weight, { minLength: n, maxLength: n }),
        pairs: fc.array(fc.option(weight, { freq: 2 }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        dense: options.dense === undefined ? fc.boolean() : fc.constant(options.dense),
        k: options.cardinality === false ? fc.constant(null) : options.cardinality === true ? fc.integer({ min: 0, max: n }) : fc.option(fc.integer({ min: 0, max: n })),
        clamp: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 1 })), { maxLength: Math.min(clamps, n) }),
      })
      .map(({ unary, pairs, dense, k, clamp }) => {
        const fixed = new Array<number>(n).fill(-1);
        for (const [i, v] of clamp) fixed[i] = v;
        const ones = fixed.filter((c) => c === 1).length;
        const free = fixed.filter((c) => c === -1).length;
        // Keep the cardinality satisfiable given the clamps.
        const cardinality = k === null ? null : Math.min(Math.max(k, ones), ones + free);
        const edges: [number, number, number][] = [];
        const W = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        for (let i = 0, p = 0; i < n; i++)
          for (let j = i + 1; j < n; j++, p++) {
            const w = pairs[p] ?? null;
            if (w === null) continue;
            edges.push([i, j, w]);
            W[i]![j] = W[j]![i] = w;
          }
        return setModel({ n, unary, cardinality, clamp: fixed, ...(dense ? { dense: W } : { edges }) });
      }),
  );
}

export interface ArbPermModelOptions {
  /** Items: exactly, or [min, max] (default [2, 6]; at most 8, so n! stays small). */
  n?: number | [number, number];
  /** Add a QAP part (flow x distance): always (true), never (false: linear only), or either (default). */
  qap?: boolean;
  /** Clamped items: at most this many (default 1). */
  clamps?: number;
}

/**
 * Random valid permutation models (linear costs, optionally QAP flow and distance), small enough to enumerate.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbPermModel, checkLogZ } from 'discrete-ebm/testing';
 * import { logPartition } from 'discrete-ebm';
 * await fc.assert(fc.asyncProperty(arbPermModel({ n: [2, 5] }), async (m) => (await checkLogZ(m, (await logPartition(m)).logZ)).pass));
 * ```
 * @throws RangeError or TypeError, code EBM_INVALID_INPUT, for bad options or when fast-check is not installed.
 */
export function arbPermModel(options: ArbPermModelOptions = {}): FastCheck.Arbitrary<PermModel> {
  rejectUnknownKeys('options', options, ['n', 'qap', 'clamps']);
  const [lo, hi] = range('n', options.n, [2, 6], 1, 8);
  const clamps = requireInteger('clamps', options.clamps ?? 1, 0, 8);
  const fc = fastCheck();
  const matrix = (n: number) => fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n });
  return fc.integer({ min: lo, max: hi }).chain((n) =>
    fc
      .record({
        linear: matrix(n),
        qap: options.qap === undefined ? fc.boolean() : fc.constant(options.qap),
        flow: matrix(n),
        distance: matrix(n),
        // Distinct items to distinct slots: a valid clamp.
        clamp: fc.tuple(fc.shuffledSubarray([...Array(n).keys()], { maxLength: Math.min(clamps, n) }), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })),
      })
      .map(({ linear, qap, flow, distance, clamp: [items, slots] }) => {
        const clamp: Record<string, number> = {};
        items.forEach((item, c) => (clamp[String(item)] = slots[c]!));
        return permModel({ n, linear, ...(qap && { qap: { flow, distance } }), clamp });
      }),
  );
}
