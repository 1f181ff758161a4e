/**
 * Fuzzed bad permutation input never crashes the process: every call either works or throws a
 * TypeError/RangeError (>= 1000 fast-check runs per entry point), for the TS layer and the addon called directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelFromJson } from '../../src/energies/modelFile.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { samplePermutationsSync } from '../../src/sample/permSample.ts';
import { assign } from '../../src/solve/assign.ts';
import { native } from '../../src/native.ts';
import { isInputError } from '../../src/errors.ts';
import type { PermModel } from '../../src/energies/permModel.ts';

const weird = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1, 2.5, 1e308, -0, 2 ** 31, 2 ** 53),
  fc.integer({ min: -5, max: 12 }),
  fc.double(),
  fc.string({ maxLength: 4 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.integer({ min: -2, max: 8 }), { maxLength: 6 }),
);
const matrix = fc.oneof(fc.array(fc.array(fc.oneof(fc.double({ min: -3, max: 3 }), weird), { maxLength: 5 }), { maxLength: 5 }), fc.array(fc.double({ min: -3, max: 3 }), { maxLength: 26 }), weird);

function namedOnly(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok((e instanceof TypeError || e instanceof RangeError) && isInputError(e), `unexpected ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
}

test('permutation model JSON fuzz: only TypeError/RangeError', () => {
  const modelJson = fc.record(
    {
      format: fc.oneof(fc.constant('ebm-model/1'), weird),
      space: fc.oneof(fc.constant('permutation'), weird),
      n: fc.oneof(fc.integer({ min: 1, max: 5 }), weird),
      beta: weird,
      linear: matrix,
      qap: fc.oneof(fc.record({ flow: matrix, distance: matrix }, { requiredKeys: [] }), weird),
      clamp: fc.oneof(fc.dictionary(fc.string({ maxLength: 2 }), weird, { maxKeys: 3 }), fc.array(weird, { maxLength: 5 }), weird),
      extra: weird,
    },
    { requiredKeys: ['format', 'space', 'n'] },
  );
  fc.assert(
    fc.property(modelJson, (json) => {
      namedOnly(() => {
        const m = modelFromJson(json) as PermModel;
        samplePermutationsSync(m, { samples: 4, burnIn: 2 });
      });
    }),
    { seed: 1, numRuns: 1500 },
  );
});

test('run options and LAP input fuzz: only TypeError/RangeError', () => {
  const m = permModel({ n: 4, linear: [[1, 2, 3, 4], [0, 0, 1, 1], [2, 2, 2, 2], [3, 1, 4, 1]], clamp: { 1: 2 } });
  fc.assert(
    fc.property(fc.record({ samples: weird, seed: weird, chains: weird, thin: weird, beta: weird, method: weird, burnIn: weird, timeLimitMs: weird }, { requiredKeys: [] }), matrix, (o, cost) => {
      namedOnly(() => samplePermutationsSync(m, o as never));
      namedOnly(() => assign(cost as never));
    }),
    { seed: 2, numRuns: 1500 },
  );
});

test('addon fuzz (bypassing TS validation): only TypeError/RangeError', () => {
  const b = native();
  const typed = fc.oneof(
    fc.array(fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity)), { maxLength: 10 }).map((a) => Float64Array.from(a)),
    fc.array(fc.integer({ min: -3, max: 10 }), { maxLength: 10 }).map((a) => Int32Array.from(a)),
    fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 8 }).map((a) => Int8Array.from(a)),
    weird,
  );
  const nativeModel = fc.record({ n: weird, linear: typed, flow: typed, distance: typed, clamp: typed }, { requiredKeys: [] });
  fc.assert(
    fc.property(nativeModel, fc.record({ samples: weird, seed: weird, chains: weird, method: weird, beta: weird, replicas: weird }, { requiredKeys: [] }), (m, o) => {
      namedOnly(() => b.permSampleSync(m as never, { samples: 2, burnIn: 1, ...(o as object) } as never));
      namedOnly(() => b.permExactSync(m as never, o as never));
      namedOnly(() => b.permMinimizeSync(m as never, { maxRounds: 2, ...(o as object) } as never));
      namedOnly(() => b.permLogZSync(m as never, { rounds: 2, tuneRounds: 1, ...(o as object) } as never));
      namedOnly(() => b.lapSolveSync({ n: (m as { n?: unknown }).n, cost: (m as { linear?: unknown }).linear } as never, o as never));
    }),
    { seed: 3, numRuns: 1500 },
  );
});
