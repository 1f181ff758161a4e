/**
 * Every shared Gset graph and QAPLIB instance (../shared/data) read chunk by chunk gives the same bits as the
 * reference reading of a valid file: the whole text split on whitespace (QAPLIB: and commas), each token through
 * Number() (all these files are plain decimal numbers), and as a read cut into odd-sized chunks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGsetChunks, readGset } from '../../src/data/gset.ts';
import { parseQaplibDatChunks, readQaplibDat } from '../../src/data/qaplib.ts';
import { readChunks } from '../../src/data/readText.ts';

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const skip = existsSync(shared + 'gset') && existsSync(shared + 'qaplib/dat') ? false : `shared data not found at ${shared}`;

/** The bytes of a typed array, so -0, NaN payloads and every bit count. */
const hex = (a: Int32Array | Float64Array): string => `${a.constructor.name} ${Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')}`;

/** The reference reading: whole text, split, Number(). */
function tokens(path: string, separators: RegExp): number[] {
  return readFileSync(path, 'utf8').split(separators).filter((t) => t.length > 0).map(Number);
}

test('every shared Gset file parses to the reference bits, in 1 MB and in 4093-byte chunks', { skip }, () => {
  const files = readdirSync(shared + 'gset').filter((f) => /^G\d+\.txt$/.test(f));  // gbench_BLS2013.txt is a list of names
  assert.ok(files.length >= 30, `${files.length} Gset files`);
  for (const f of files) {
    const path = shared + 'gset/' + f;
    const t = tokens(path, /\s+/);
    const m = t[1]!;
    assert.equal(t.length, 2 + 3 * m, f);
    const at = (field: number) => Array.from({ length: m }, (_, e) => t[2 + 3 * e + field]!);
    const g = readGset(path);
    assert.equal(g.n, t[0], f);
    assert.equal(hex(g.u), hex(Int32Array.from(at(0), (x) => x - 1)), f);
    assert.equal(hex(g.v), hex(Int32Array.from(at(1), (x) => x - 1)), f);
    assert.equal(hex(g.w), hex(Float64Array.from(at(2))), f);
    const chunked = parseGsetChunks(readChunks(path, 'graph', 4093), f);
    assert.deepEqual([chunked.n, hex(chunked.u), hex(chunked.v), hex(chunked.w)], [g.n, hex(g.u), hex(g.v), hex(g.w)], f);
  }
});

test('every shared QAPLIB .dat parses to the reference bits, in 1 MB and in 4093-byte chunks', { skip }, () => {
  const files = readdirSync(shared + 'qaplib/dat').filter((f) => f.endsWith('.dat'));
  assert.ok(files.length >= 100, `${files.length} .dat files`);
  for (const f of files) {
    const path = shared + 'qaplib/dat/' + f;
    const t = tokens(path, /[\s,]+/);
    const n = t[0]!;
    assert.equal(t.length, 1 + 2 * n * n, f);
    const q = readQaplibDat(path);
    assert.equal(q.n, n, f);
    assert.equal(hex(q.flow), hex(Float64Array.from(t.slice(1, 1 + n * n))), f);
    assert.equal(hex(q.distance), hex(Float64Array.from(t.slice(1 + n * n))), f);
    const chunked = parseQaplibDatChunks(readChunks(path, 'QAPLIB .dat', 4093), f);
    assert.deepEqual([chunked.n, hex(chunked.flow), hex(chunked.distance)], [q.n, hex(q.flow), hex(q.distance)], f);
  }
});
