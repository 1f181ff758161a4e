import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestEpoch } from '../../experiments/learning/protocol.ts';

const curve = (point: string, scores: number[]) => ({ point, history: scores.map((validation, i) => ({ epoch: i + 1, validation })) });

test('grid-v2 keeps the best validation score over every point and epoch', () => {
  assert.deepEqual(bestEpoch([curve('a', [0.2, 0.5, 0.4]), curve('b', [0.3, 0.6, 0.1])]), { point: 'b', epoch: 2, score: 0.6 });
});

test('grid-v2: a tie goes to the later epoch (validation Kendall saturates at 1 on iris), then to the earlier point', () => {
  assert.deepEqual(bestEpoch([curve('a', [0.5, 1, 1, 1, 0.9]), curve('b', [1, 1, 0.8])]), { point: 'a', epoch: 4, score: 1 });
  assert.deepEqual(bestEpoch([curve('a', [0.5, 1]), curve('b', [0.4, 1])]), { point: 'a', epoch: 2, score: 1 });
});

test('grid-v2: NaN (no validation rows) never wins', () => {
  assert.equal(bestEpoch([curve('a', [NaN, NaN])]), null);
  assert.deepEqual(bestEpoch([curve('a', [NaN, 0.1, NaN])]), { point: 'a', epoch: 2, score: 0.1 });
});
