/**
 * Fuzzed linear-assignment input never crashes the process: `assign` either works or throws a named
 * TypeError/RangeError (1500 fast-check runs). Model files, run options and the addon for every space:
 * test/spaces/fuzz.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assign } from '../../src/solve/assign.ts';
import { isInputError } from '../../src/errors.ts';
import { fuzzMatrix } from '../spaces/table.ts';

test('LAP input fuzz: only TypeError/RangeError', () => {
  fc.assert(
    fc.property(fuzzMatrix, (cost) => {
      try {
        assign(cost as never);
      } catch (e) {
        assert.ok((e instanceof TypeError || e instanceof RangeError) && isInputError(e), `unexpected ${(e as Error)?.name}: ${(e as Error)?.message}`);
      }
    }),
    { seed: 2, numRuns: 1500 },
  );
});
