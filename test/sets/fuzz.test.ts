/**
 * Fuzzed bad input never crashes the process: every call either works or throws a TypeError/RangeError
 * (>= 1000 fast-check runs per entry point), for the TS layer and for the addon called directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { setModel } from '../../src/energies/setModel.ts';
import { modelFromJson } from '../../src/energies/modelFile.ts';
import { sampleSync } from '../../src/sample/sample.ts';
import { native } from '../../src/native.ts';
import { isInputError } from '../../src/errors.ts';

const weird = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1, 2.5, 1e308, -0, 2 ** 31, 2 ** 53),
  fc.integer({ min: -5, max: 30 }),
  fc.double(),
  fc.string({ maxLength: 4 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 6 }),
);

function namedOnly(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok((e instanceof TypeError || e instanceof RangeError) && isInputError(e), `unexpected ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
}

test('model JSON fuzz: only TypeError/RangeError', () => {
  const modelJson = fc.record(
    {
      format: fc.oneof(fc.constant('ebm-model/1'), weird),
      space: fc.oneof(fc.constant('set'), weird),
      n: fc.oneof(fc.integer({ min: 1, max: 6 }), weird),
      beta: weird,
      unary: fc.oneof(fc.array(fc.oneof(fc.double({ min: -3, max: 3 }), weird), { maxLength: 7 }), weird),
      pairwise: fc.oneof(
        fc.record({ edges: fc.array(fc.array(weird, { maxLength: 4 }), { maxLength: 5 }) }),
        fc.record({ dense: fc.array(fc.array(fc.oneof(fc.constant(0), weird), { maxLength: 6 }), { maxLength: 6 }) }),
        weird,
      ),
      cardinality: weird,
      clamp: fc.oneof(fc.dictionary(fc.string({ maxLength: 2 }), weird, { maxKeys: 3 }), weird),
      extra: weird,
    },
    { requiredKeys: ['format', 'space', 'n'] },
  );
  fc.assert(
    fc.property(modelJson, (json) => {
      namedOnly(() => {
        const m = modelFromJson(json);
        if (m.space === 'set') sampleSync(m, { samples: 4, burnIn: 2 });
      });
    }),
    { seed: 1, numRuns: 1500 },
  );
});

test('run options fuzz: only TypeError/RangeError', () => {
  const m = setModel({ n: 5, unary: [1, -1, 0.5, 0, 2], edges: [[0, 1, 1], [2, 3, -2]] });
  fc.assert(
    fc.property(fc.record({ samples: weird, seed: weird, chains: weird, thin: weird, beta: weird, method: weird, burnIn: weird, timeLimitMs: weird }, { requiredKeys: [] }), (o) => {
      namedOnly(() => sampleSync(m, o as never));
    }),
    { seed: 2, numRuns: 1500 },
  );
});

test('addon fuzz (bypassing TS validation): only TypeError/RangeError', () => {
  const b = native();
  const typed = fc.oneof(
    fc.array(fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity)), { maxLength: 8 }).map((a) => Float64Array.from(a)),
    fc.array(fc.integer({ min: -3, max: 10 }), { maxLength: 8 }).map((a) => Int32Array.from(a)),
    fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 8 }).map((a) => Int8Array.from(a)),
    weird,
  );
  const nativeModel = fc.record({ n: weird, unary: typed, rowPtr: typed, col: typed, weight: typed, dense: typed, cardinality: weird, clamp: typed }, { requiredKeys: [] });
  fc.assert(
    fc.property(nativeModel, fc.record({ samples: weird, seed: weird, chains: weird, method: weird }, { requiredKeys: [] }), (m, o) => {
      namedOnly(() => b.setSampleSync(m as never, { samples: 2, ...(o as object) } as never));
      namedOnly(() => b.setExactSync(m as never, o as never));
      namedOnly(() => b.setMinimizeSync(m as never, { maxRounds: 2, ...(o as object) } as never));
    }),
    { seed: 3, numRuns: 1500 },
  );
});
