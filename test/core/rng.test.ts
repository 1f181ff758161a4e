import { test } from 'node:test';
import assert from 'node:assert/strict';
import { native } from '../../src/native.ts';

// Known-answer vectors of Philox4x32-10 from Random123 (kat_vectors).
const vectors: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

test('Philox4x32-10 reproduces the Random123 known-answer vectors', () => {
  for (const [ctr, key, expected] of vectors) {
    assert.deepEqual(Array.from(native().philox(Uint32Array.from(ctr), Uint32Array.from(key))), expected);
  }
});

test('philox binding validates its arguments', () => {
  assert.throws(() => native().philox(new Uint32Array(3), new Uint32Array(2)), { name: 'RangeError', message: 'Expected length 4 for counter but received 3' });
  assert.throws(() => native().philox(new Int32Array(4) as unknown as Uint32Array, new Uint32Array(2)), { name: 'TypeError' });
});
