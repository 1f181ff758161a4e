/**
 * The chunked number reader (src/data/numbers.ts) under the Gset and QAPLIB formats: a file cut into chunks
 * anywhere (mid-number, mid-CRLF, after a sign, inside a multi-byte whitespace character) parses to the same bits
 * and the same errors, with the same file:line, as in one chunk; tokens are JavaScript's whitespace split.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNICODE_WHITESPACE } from '../../src/data/numbers.ts';
import { parseGset, parseGsetChunks, parseGsetStream, readGset, type Graph } from '../../src/data/gset.ts';
import { parseQaplibDat, parseQaplibDatChunks, parseQaplibDatStream, parseQaplibSln } from '../../src/data/qaplib.ts';
import { readChunks } from '../../src/data/readText.ts';
import { tempFolder } from '../helpers.ts';

const folder = tempFolder('ebm-numbers-');

/** The bytes cut at the given offsets. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const edges = [0, ...at, bytes.length];
  return edges.slice(1).map((end, k) => bytes.subarray(edges[k], end));
}

/** Every cut into two chunks, and every even cut into chunks of 1 to 7 bytes. */
function* cuts(bytes: Buffer): Generator<Buffer[]> {
  for (let p = 0; p <= bytes.length; p++) yield cut(bytes, [p]);
  for (let size = 1; size <= 7; size++) yield cut(bytes, Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, k) => (k + 1) * size));
}

/** The result, or the error's name and message. */
function outcome<T>(parse: () => T): T | string {
  try {
    return parse();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** Arrays compared by their bytes: -0 and 0 differ, as they must. */
function bits(x: unknown): unknown {
  if (typeof x !== 'object' || x === null) return typeof x === 'number' && Object.is(x, -0) ? '-0' : x;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, ArrayBuffer.isView(v) ? `${v.constructor.name} ${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}` : bits(v)]));
}

// A BOM, CRLF, signs at every place, decimals, exponents, -0, 15- and 16-digit integers, leading zeros, and the
// multi-byte spaces U+00A0, U+3000 and U+2028 between numbers.
const awkwardGset = '\ufeff5 7\r\n1 2 -1\r\n2 3 +2.5\r\n3\u00a04 1e-3\r\n4 5 -0\n\n5\u30001 123456789012345\r\n1 3 1234567890123456\r\n2\u20285 -000.5E+2\r\n';
const awkwardDat = '2\r\n\r\n0,-1.5\r\n+2 1e2\r\n\u00a0-0 3\r\n4\u3000  5.\r\n';

test('UNICODE_WHITESPACE is exactly what /\\s/ matches above ASCII', () => {
  const matched: number[] = [];
  for (let c = 0x80; c <= 0x10ffff; c++) if ((c < 0xd800 || c > 0xdfff) && /\s/.test(String.fromCodePoint(c))) matched.push(c);
  assert.deepEqual(UNICODE_WHITESPACE, matched);
});

test('Gset and .dat cut into chunks at every position parse to the same bits as one chunk', () => {
  const g = parseGset(awkwardGset, 'g.txt');
  assert.equal(g.n, 5);
  assert.deepEqual(g.u, Int32Array.of(0, 1, 2, 3, 4, 0, 1));
  assert.deepEqual(g.w, Float64Array.of(-1, 2.5, 1e-3, -0, 123456789012345, 1234567890123456, -50));
  assert.ok(Object.is(g.w[3], -0), '-0 stays -0');
  const gBytes = Buffer.from(awkwardGset);
  for (const chunks of cuts(gBytes)) assert.deepEqual(bits(parseGsetChunks(chunks, 'g.txt')), bits(g), chunks.map((c) => c.length).join('+'));
  const q = parseQaplibDat(awkwardDat, 'q.dat');
  assert.deepEqual(q.flow, Float64Array.of(0, -1.5, 2, 100));
  assert.deepEqual(q.distance, Float64Array.of(-0, 3, 4, 5));
  const qBytes = Buffer.from(awkwardDat);
  for (const chunks of cuts(qBytes)) assert.deepEqual(bits(parseQaplibDatChunks(chunks, 'q.dat')), bits(q), chunks.map((c) => c.length).join('+'));
});

test('values are parseDecimal\'s: integers read digit by digit agree with Number() at every length', () => {
  const tokens = ['0', '-0', '+0', '7', '-7', '+7', '000000000000001', '999999999999999', '-999999999999999', '9999999999999999', '12345678901234567890', '0.1', '-.5', '5.', '1e-7', '2E+3', '9007199254740993'];
  const g = parseGset(`2 ${tokens.length}\n${tokens.map((t) => `1 2 ${t}`).join('\n')}\n`);
  tokens.forEach((t, k) => assert.ok(Object.is(g.w[k], Number(t)), `${t}: ${g.w[k]} vs ${Number(t)}`));
});

test('errors are the same, with the same file:line, wherever the chunks are cut', () => {
  const texts = [
    '3 2\r\n1 2 1\r\n\r\n2 3 1e300\r\n',  // the overflow names line 4
    '3 2\n1 2 1\n2 3 0x10\n',
    '3 2\n1 2 1\n2\u00a0x 1\n',
    '3 2\n1 2 1\n2 3\n',
    '3 2\n1 4 1\n2 3 1 5\n',  // the count is checked before the bad vertex
    `3 1\n1 2 ${'x'.repeat(300)}\u00e9\n`,  // a long bad token is echoed cut
    '-2 1\n1 2 1',
  ];
  for (const text of texts) {
    const whole = outcome(() => parseGset(text, 'bad.txt'));
    assert.equal(typeof whole, 'string', text);
    for (const chunks of cuts(Buffer.from(text))) assert.equal(outcome(() => parseGsetChunks(chunks, 'bad.txt')), whole, `${JSON.stringify(text)} cut ${chunks.map((c) => c.length).join('+')}`);
  }
  assert.equal(outcome(() => parseGset(texts[0]!, 'bad.txt')), "RangeError: Expected edge weights with 4 sum |w| <= 1.34e+154 in bad.txt:4 but they overflow the energy's range at edge 2 (weight 1e+300)");
  assert.equal(outcome(() => parseGset(texts[4]!, 'bad.txt')), 'RangeError: Expected 6 numbers after "n m" in bad.txt but received 7');
  assert.equal(outcome(() => parseGset(texts[5]!, 'bad.txt')), `RangeError: Expected a number for edge 1 weight in bad.txt but received "${'x'.repeat(40)}…"`);
  for (const text of ['2 0 1 1 0 0 1 x 0', '2 0 1 1 0 0,1 -Infinity 0', '2 0 1e999 1 0\r\n0 1 1 0', '2 0 1 1 0 0 1 1']) {
    const whole = outcome(() => parseQaplibDat(text, 'bad.dat'));
    assert.equal(typeof whole, 'string', text);
    for (const chunks of cuts(Buffer.from(text))) assert.equal(outcome(() => parseQaplibDatChunks(chunks, 'bad.dat')), whole, text);
  }
});

test('a file read in chunks of 1 to 7 bytes, and the same bytes as a stream, parse as the one-chunk read', async () => {
  const path = folder.file('awkward.txt', awkwardGset);
  const whole = bits(readGset(path));
  for (let size = 1; size <= 7; size++) assert.deepEqual(bits(parseGsetChunks(readChunks(path, 'graph', size), 'awkward.txt')), whole, `chunks of ${size}`);
  async function* stream(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
    for (let p = 0; p < bytes.length; p += size) yield bytes.subarray(p, p + size);
  }
  for (const size of [1, 2, 3, 1000]) {
    assert.deepEqual(bits(await parseGsetStream(stream(Buffer.from(awkwardGset), size), 'awkward.txt')), whole);
    assert.deepEqual(bits(await parseQaplibDatStream(stream(Buffer.from(awkwardDat), size), 'q.dat')), bits(parseQaplibDat(awkwardDat, 'q.dat')));
  }
  await assert.rejects(parseGsetStream(stream(Buffer.from('3 2\n1 2 1\n'), 2), 'stdin'), { name: 'RangeError', message: 'Expected 6 numbers after "n m" in stdin but received 3' });
});

test('.sln: commas and whitespace split the same way in chunks; entries are checked in order', () => {
  assert.deepEqual(parseQaplibSln('3 40\r\n2,3,\u00a01\n', 'c.sln').permutation, Int32Array.of(1, 2, 0));
  // A repeat before a non-number is reported first, as the whole-text parser did.
  assert.throws(() => parseQaplibSln('3 40 2 2 x', 'x.sln'), { name: 'RangeError', message: 'Expected a permutation of 1..n in x.sln but value 2 repeats' });
  assert.throws(() => parseQaplibSln('3 40 x 2 2', 'x.sln'), { name: 'TypeError', message: 'Expected a number for permutation[0] in x.sln but received "x"' });
  assert.throws(() => parseQaplibSln('3', 'x.sln'), { name: 'RangeError', message: 'Expected a number for value in x.sln but received end of file' });
});

test('a graph keeps no more than its edges: typed arrays of exactly m entries', () => {
  const g: Graph = parseGset('1000000000 2\n1 2 1\n999999999 1000000000 -1\n');
  assert.equal(g.n, 1e9);
  assert.deepEqual([g.u.length, g.v.length, g.w.length, g.u.buffer.byteLength, g.w.buffer.byteLength], [2, 2, 2, 8, 16]);
  assert.deepEqual(g.v, Int32Array.of(1, 999999999));
});
