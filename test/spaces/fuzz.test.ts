/**
 * Fuzzed bad input never crashes the process: every call either works or throws a TypeError/RangeError naming
 * the input (1500 fast-check runs per entry point and space), for the TS layer and for the addon called directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelFromJson } from '../../src/energies/modelFile.ts';
import { sampleSync } from '../../src/sample/sample.ts';
import { isInputError } from '../../src/errors.ts';
import { SPACES } from './table.ts';

function namedOnly(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok((e instanceof TypeError || e instanceof RangeError) && isInputError(e), `unexpected ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
}

for (const row of SPACES) {
  test(`${row.name}: model JSON fuzz: only TypeError/RangeError`, () => {
    fc.assert(
      fc.property(row.modelJson, (json) => {
        namedOnly(() => sampleSync(modelFromJson(json), { samples: 4, burnIn: 2 }));
      }),
      { seed: 1, numRuns: 1500 },
    );
  });

  test(`${row.name}: run options fuzz: only TypeError/RangeError`, () => {
    const w = row.weird;
    fc.assert(
      fc.property(fc.record({ samples: w, seed: w, chains: w, thin: w, beta: w, method: w, burnIn: w, timeLimitMs: w }, { requiredKeys: [] }), (o) => {
        namedOnly(() => sampleSync(row.optionsModel, o as never));
      }),
      { seed: 2, numRuns: 1500 },
    );
  });

  test(`${row.name}: addon fuzz (bypassing TS validation): only TypeError/RangeError`, () => {
    fc.assert(
      fc.property(row.nativeModel, row.nativeOptions, (m, o) => {
        for (const call of row.nativeCalls(m as never, o)) namedOnly(call);
      }),
      { seed: 3, numRuns: 1500 },
    );
  });
}
