import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { invertPermutation, parseQaplibDat, parseQaplibSln, qapCost, readQaplibDat, readQaplibSln } from '../../src/data/qaplib.ts';

// n = 3 with CRLF endings, a blank line and rows wrapped at odd places (all seen in QAPLIB copies).
const tinyDat = '3\r\n\r\n0 1 2\r\n1 0\r\n3 2 3 0\r\n\r\n 0 5 7 5\r\n0 4\r\n7 4 0\r\n';
const tinySln = '3 40\n2 3 1\n';

test('dat: n, then A (flow) and B (distance) row-major, across wrapped lines and CRLF', () => {
  const { n, flow, distance } = parseQaplibDat(tinyDat, 'tiny.dat');
  assert.equal(n, 3);
  assert.deepEqual(flow, new Float64Array([0, 1, 2, 1, 0, 3, 2, 3, 0]));
  assert.deepEqual(distance, new Float64Array([0, 5, 7, 5, 0, 4, 7, 4, 0]));
});

test('sln: n, value, 1-based permutation returned 0-based; indexBase 0 reads 0-based files', () => {
  assert.deepEqual(parseQaplibSln(tinySln, 'tiny.sln'), { n: 3, value: 40, permutation: new Int32Array([1, 2, 0]) });
  assert.deepEqual(parseQaplibSln('3 40 1 2 0', 'z.sln', { indexBase: 0 }).permutation, new Int32Array([1, 2, 0]));
  // Commas separate like whitespace (ste36a.sln is written that way).
  assert.deepEqual(parseQaplibSln('3 40\n2,3,\n1\n', 'c.sln').permutation, new Int32Array([1, 2, 0]));
});

test('qapCost = sum_ij A[i][j] B[sigma i][sigma j], checked against a direct double loop', () => {
  const { n, flow, distance } = parseQaplibDat(tinyDat);
  const a = (i: number, j: number) => flow[i * n + j]!;
  const b = (k: number, l: number) => distance[k * n + l]!;
  // sigma = [1, 2, 0]: 2*(1*B[1][2] + 2*B[1][0] + 3*B[2][0]) = 2*(4 + 10 + 21) = 70
  const sigma = new Int32Array([1, 2, 0]);
  assert.equal(qapCost(flow, distance, n, sigma), 70);
  for (const s of [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]) {
    let expected = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expected += a(i, j) * b(s[i]!, s[j]!);
    assert.equal(qapCost(flow, distance, n, new Int32Array(s)), expected);
  }
  // With q = sigma^-1 the relabelling moves to A: sum_ij A[i][j] B[q i][q j] = sum_kl A[sigma k][sigma l] B[k][l].
  const inverse = invertPermutation(sigma);
  assert.deepEqual(inverse, new Int32Array([2, 0, 1]));
  let relabelledA = 0;
  for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) relabelledA += a(sigma[k]!, sigma[l]!) * b(k, l);
  assert.equal(qapCost(flow, distance, n, inverse), relabelledA);
});

test('dat errors name the field and the file', () => {
  assert.throws(() => parseQaplibDat('2 0 1 1 0 0 1 1', 'x.dat'), { name: 'RangeError', message: 'Expected 8 numbers after n in x.dat but received 7' });
  assert.throws(() => parseQaplibDat('2 0 1 1 0 0 1 1 0 9', 'x.dat'), { name: 'RangeError', message: 'Expected 8 numbers after n in x.dat but received 9' });
  assert.throws(() => parseQaplibDat('0', 'x.dat'), { name: 'RangeError', message: 'Expected a positive integer for n in x.dat but received 0' });
  assert.throws(() => parseQaplibDat('2.5 1', 'x.dat'), { name: 'RangeError', message: 'Expected a positive integer for n in x.dat but received 2.5' });
  assert.throws(() => parseQaplibDat('  \n', 'x.dat'), { name: 'RangeError', message: 'Expected a number for n in x.dat but received end of file' });
  assert.throws(() => parseQaplibDat('n=2', 'x.dat'), { name: 'TypeError', message: 'Expected a number for n in x.dat but received "n=2"' });
  assert.throws(() => parseQaplibDat('2 0 1 1 0 0 1 x 0', 'x.dat'), { name: 'TypeError', message: 'Expected a number for distance[1][0] in x.dat but received "x"' });
  assert.throws(() => parseQaplibDat('2 0 1 NaN 0 0 1 1 0', 'x.dat'), { name: 'RangeError', message: 'Expected a finite number for flow[1][0] in x.dat but received NaN' });
  assert.throws(() => parseQaplibDat('2 0 1e999 1 0 0 1 1 0', 'x.dat'), { name: 'RangeError', message: 'Expected a finite number for flow[0][1] in x.dat but received 1e999' });
  assert.throws(() => parseQaplibDat('2 0 1 1 0 0 1 -Infinity 0'), { name: 'RangeError', message: 'Expected a finite number for distance[1][0] in input.dat but received -Infinity' });
});

test('sln errors name the field and the file', () => {
  assert.throws(() => parseQaplibSln('3 40 2 3', 'x.sln'), { name: 'RangeError', message: 'Expected 3 numbers after n and value in x.sln but received 2' });
  assert.throws(() => parseQaplibSln('3 40 2 3 2', 'x.sln'), { name: 'RangeError', message: 'Expected a permutation of 1..n in x.sln but value 2 repeats' });
  assert.throws(() => parseQaplibSln('3 40 2 3 0', 'x.sln'), { name: 'RangeError', message: 'Expected a permutation of 1..n in x.sln but value 0 is outside 1..3' });
  assert.throws(() => parseQaplibSln('3 40 1 5 0', 'x.sln', { indexBase: 0 }), { name: 'RangeError', message: 'Expected a permutation of 0..n-1 in x.sln but value 5 is outside 0..2' });
  assert.throws(() => parseQaplibSln('3 40 1 2 1', 'x.sln', { indexBase: 0 }), { name: 'RangeError', message: 'Expected a permutation of 0..n-1 in x.sln but value 1 repeats' });
  assert.throws(() => parseQaplibSln('3 40 1 2.5 3', 'x.sln'), { name: 'RangeError', message: 'Expected a permutation of 1..n in x.sln but value 2.5 is not an integer' });
  assert.throws(() => parseQaplibSln('3 Infinity 1 2 3', 'x.sln'), { name: 'RangeError', message: 'Expected a finite number for value in x.sln but received Infinity' });
  assert.throws(() => parseQaplibSln('-3 40 1 2 3', 'x.sln'), { name: 'RangeError', message: 'Expected a positive integer for n in x.sln but received -3' });
});

test('qapCost rejects shapes that do not match n and sigma that is not a permutation', () => {
  const { flow, distance } = parseQaplibDat(tinyDat);
  assert.throws(() => qapCost(flow, distance, 2, new Int32Array([0, 1])), { name: 'RangeError', message: 'Expected 4 entries for flow but received 9' });
  assert.throws(() => qapCost(flow, distance.subarray(1), 3, new Int32Array([0, 1, 2])), { name: 'RangeError', message: 'Expected 9 entries for distance but received 8' });
  assert.throws(() => qapCost(flow, distance, 3, new Int32Array([0, 1])), { name: 'RangeError', message: 'Expected 3 entries for sigma but received 2' });
  assert.throws(() => qapCost(flow, distance, 3, new Int32Array([0, 3, 1])), { name: 'RangeError', message: 'Expected a permutation of 0..n-1 for sigma but value 3 is outside 0..2' });
  assert.throws(() => qapCost(flow, distance, 3, new Int32Array([0, 1, 1])), { name: 'RangeError', message: 'Expected a permutation of 0..n-1 for sigma but value 1 repeats' });
});

// Shared benchmark data (../shared/data relative to the repo root); absent in a bare clone.
const qaplibDir = fileURLToPath(new URL('../../../shared/data/qaplib/', import.meta.url));
const indexCsv = qaplibDir + 'qaplib_index.csv';

test('QAPLIB: every .sln permutation reproduces its best-known value', { skip: existsSync(indexCsv) ? false : `shared data not found at ${qaplibDir}` }, async (t) => {
  const [header, ...rows] = readFileSync(indexCsv, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
  const col = (name: string) => {
    const k = header!.indexOf(name);
    assert.ok(k >= 0, `qaplib_index.csv has a ${name} column`);
    return k;
  };
  const [cName, cN, cBest, cConvention, cHeader, cDat, cSln] = ['name', 'n', 'best_known_value', 'perm_convention', 'sln_file_header_value', 'file_dat', 'file_sln'].map(col);
  let checked = 0;
  for (const row of rows) {
    const name = row[cName!]!;
    const datFile = row[cDat!] ?? '';
    const slnFile = row[cSln!] ?? '';
    if (datFile === '' || slnFile === '') continue;
    // perm_convention: "p" = the file's sigma as is; "inverse" = the file stores sigma^-1; "0-based" = sigma numbered from 0.
    const convention = row[cConvention!]!;
    assert.ok(['p', 'inverse', '0-based'].includes(convention), `${name}: unknown perm_convention ${convention}`);
    await t.test(`${name} (n=${row[cN!]}, ${convention})`, () => {
      const dat = readQaplibDat(qaplibDir + datFile);
      const sln = readQaplibSln(qaplibDir + slnFile, { indexBase: convention === '0-based' ? 0 : 1 });
      assert.equal(dat.n, Number(row[cN!]));
      assert.equal(sln.n, dat.n);
      assert.equal(sln.value, Number(row[cHeader!]));  // header as written, even where it disagrees (kra32)
      const sigma = convention === 'inverse' ? invertPermutation(sln.permutation) : sln.permutation;
      const best = Number(row[cBest!]);
      assert.equal(qapCost(dat.flow, dat.distance, dat.n, sigma), best);
      // The convention column matters: read the other way, these files do not give the value.
      if (convention === 'inverse') assert.notEqual(qapCost(dat.flow, dat.distance, dat.n, sln.permutation), best);
    });
    checked++;
  }
  assert.ok(checked > 0, 'qaplib_index.csv lists at least one instance with .dat and .sln');
});
