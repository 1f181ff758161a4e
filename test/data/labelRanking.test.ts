import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLabelRanking, rankingToOrder, readLabelRanking } from '../../src/data/labelRanking.ts';
import { applyStandardizer, fitStandardizer, kFold, mulberry32, takeRows } from '../../src/data/preprocess.ts';

// Same layout as the shipped files: header n,d,k; CRLF; d features then k 1-based ranks (rank of label j).
const small = '3,2,3\r\n0.5,-1,1,2,3\r\n1e-1,2,3,1,2\r\n0,0,2,3,1\r\n';

test('header, features and 1-based rank vectors become 0-based ranks (ranks[i*k+j] = position of label j)', () => {
  const ds = parseLabelRanking(small, 'small.csv');
  assert.equal(ds.rows, 3);
  assert.equal(ds.d, 2);
  assert.equal(ds.k, 3);
  assert.deepEqual([...ds.x], [0.5, -1, 0.1, 2, 0, 0]);
  assert.deepEqual([...ds.rankings], [0, 1, 2, 2, 0, 1, 1, 2, 0]);
  assert.deepEqual(ds.featureNames, ['x0', 'x1']);
  assert.deepEqual(ds.labelNames, ['label0', 'label1', 'label2']);
});

test('LF files and files without a final newline parse the same as CRLF', () => {
  const expected = parseLabelRanking(small, 'small.csv');
  assert.deepEqual(parseLabelRanking(small.replace(/\r\n/g, '\n'), 'small.csv'), expected);
  assert.deepEqual(parseLabelRanking(small.trimEnd(), 'small.csv'), expected);
});

test('rankingToOrder inverts a rank vector: order[p] = label at position p', () => {
  const ds = parseLabelRanking(small, 'small.csv');
  // Row 1 has ranks (3,1,2): label1 first, then label2, then label0.
  assert.deepEqual([...rankingToOrder(ds.rankings, 1, ds.k)], [1, 2, 0]);
  assert.deepEqual([...rankingToOrder(ds.rankings, 0, ds.k)], [0, 1, 2]);
  assert.throws(() => rankingToOrder(ds.rankings, 3, ds.k), { name: 'RangeError', message: 'Expected an example index in [0, 2] but received 3' });
});

test('malformed files: errors name the row and the file', () => {
  const cases: [string, string][] = [
    ['', 'Expected a header line "n,d,k" in bad.csv but the file is empty'],
    ['3,2\r\n', 'Expected a header line "n,d,k" (n >= 1, d >= 0, k >= 2) in bad.csv but received "3,2"'],
    ['1,2,1\r\n0,0,1\r\n', 'Expected a header line "n,d,k" (n >= 1, d >= 0, k >= 2) in bad.csv but received "1,2,1"'],
    ['2,1,2\r\n0,1,2\r\n', 'Expected 2 rows in bad.csv (its header says so) but received 1'],
    ['1,1,2\r\n0,1,2\r\n0,2,1\r\n', 'Expected 1 rows in bad.csv (its header says so) but received 2'],
    ['2,1,2\r\n0,1,2\r\n0,2\r\n', 'Expected 3 values in row 2 of bad.csv but received 2'],
    ['1,1,2\r\nabc,1,2\r\n', 'Expected a finite number for feature 0 in row 1 of bad.csv but received "abc"'],
    ['1,1,2\r\n,1,2\r\n', 'Expected a finite number for feature 0 in row 1 of bad.csv but received ""'],
    ['1,1,2\r\n0,0,1\r\n', 'Expected a rank in 1..2 for label 0 in row 1 of bad.csv but received "0"'],
    ['1,1,2\r\n0,1,3\r\n', 'Expected a rank in 1..2 for label 1 in row 1 of bad.csv but received "3"'],
    ['1,1,2\r\n0,1.5,1\r\n', 'Expected a rank in 1..2 for label 0 in row 1 of bad.csv but received "1.5"'],
    ['1,1,3\r\n0,1,1,3\r\n', 'Expected a permutation of 1..3 in row 1 of bad.csv but received 1,1,3 (rank 1 repeats)'],
  ];
  for (const [text, message] of cases) assert.throws(() => parseLabelRanking(text, 'bad.csv'), { name: 'RangeError', message });
});

// Real files, when the shared benchmark data is present (sizes from shared/data/SOURCES.md and Cheng et al. 2009).
const shared = new URL('../../../shared/data/label_ranking/', import.meta.url);
const absent = existsSync(fileURLToPath(shared)) ? false : `shared data not found at ${fileURLToPath(shared)}`;
const load = (name: string) => readLabelRanking(fileURLToPath(new URL(`${name}.csv`, shared)));

const distinctRankings = (rankings: Int32Array, rows: number, k: number): number => {
  const keys = new Set<string>();
  for (let i = 0; i < rows; i++) keys.add(rankings.subarray(i * k, (i + 1) * k).join(' '));
  return keys.size;
};

test('real iris and glass: sizes, distinct rankings, and the rank-vector (not ordering) reading', { skip: absent }, () => {
  const iris = load('iris');
  assert.deepEqual([iris.rows, iris.d, iris.k], [150, 4, 3]);
  assert.equal(distinctRankings(iris.rankings, iris.rows, iris.k), 5);
  // Rows 51-100 are class 2: label 1 is ranked first (position 0) in 47 of them, which only the rank-vector
  // reading gives (SOURCES.md).
  let label1First = 0;
  for (let i = 50; i < 100; i++) if (iris.rankings[i * 3 + 1] === 0) label1First++;
  assert.equal(label1First, 47);
  assert.deepEqual([...iris.rankings.subarray(0, 3)], [0, 1, 2]);
  assert.deepEqual([...iris.x.subarray(0, 4)], [-0.55556, 0.25, -0.86441, -0.91667]);

  const glass = load('glass');
  assert.deepEqual([glass.rows, glass.d, glass.k], [214, 9, 6]);
  assert.equal(distinctRankings(glass.rankings, glass.rows, glass.k), 30);
  assert.deepEqual([...glass.rankings.subarray(0, 6)], [1, 0, 3, 4, 2, 5]);
  // Classification-derived sets are scaled to [-1, 1].
  assert.ok(glass.x.every((v) => v >= -1 && v <= 1));
});

test('real label-ranking files: all 16 parse with the documented sizes (full rankings, no ties)', { skip: absent }, () => {
  const sizes: [string, number, number, number, number][] = [
    ['authorship', 841, 70, 4, 17], ['bodyfat', 252, 7, 7, 236], ['calhousing', 20640, 4, 4, 24],
    ['cpu', 8192, 6, 5, 119], ['elevators', 16599, 9, 9, 131], ['fried', 40768, 9, 5, 120],
    ['glass', 214, 9, 6, 30], ['housing', 506, 6, 6, 112], ['iris', 150, 4, 3, 5],
    ['pendigits', 10992, 16, 10, 2081], ['segment', 2310, 18, 7, 135], ['stock', 950, 5, 5, 51],
    ['vehicle', 846, 18, 4, 18], ['vowel', 528, 10, 11, 294], ['wine', 178, 13, 3, 5], ['wisconsin', 194, 16, 16, 194],
  ];
  for (const [name, rows, d, k, distinct] of sizes) {
    const ds = load(name); // the parser itself rejects ties and gaps, so parsing proves "full rankings"
    assert.deepEqual([ds.rows, ds.d, ds.k], [rows, d, k], name);
    assert.equal(distinctRankings(ds.rankings, ds.rows, ds.k), distinct, `${name} distinct rankings`);
  }
});

// Preprocessing used by the label-ranking cross-validation (standardise on the training folds only).
test('fitStandardizer: mean and population std per feature, std 0 -> 1, NaN ignored', () => {
  const x = [1, 10, NaN, 3, 10, 0, 5, 10, 2];
  const { mean, std } = fitStandardizer(x, 3, 3);
  assert.deepEqual([...mean], [3, 10, 1]);
  assert.deepEqual([...std], [Math.sqrt(8 / 3), 1, Math.sqrt(1)]);
  const z = applyStandardizer(x, 3, 3, { mean, std });
  const s = Math.sqrt(8 / 3);
  assert.deepEqual([...z], [-2 / s, 0, 0, 0, 0, -1, 2 / s, 0, 1]);
  // A test row is transformed with the training statistics.
  assert.deepEqual([...applyStandardizer([7, 11, 1], 1, 3, { mean, std })], [4 / s, 1, 0]);
});

test('standardizer errors name the field', () => {
  assert.throws(() => fitStandardizer([1, 2, 3], 2, 2), { name: 'RangeError', message: 'Expected x of length rows * d = 4 but received length 3' });
  assert.throws(() => fitStandardizer([1, Infinity], 2, 1), { name: 'RangeError', message: 'Expected a finite value in x at row 1, feature 0 but received Infinity' });
  const st = fitStandardizer([1, 2], 1, 2);
  assert.throws(() => applyStandardizer([1, 2, 3], 1, 3, st), { name: 'RangeError', message: 'Expected a standardizer for d = 3 features but received mean/std of length 2/2' });
});

test('mulberry32 reproduces the reference implementation', () => {
  // First outputs of the public-domain reference code for seed 42.
  const random = mulberry32(42);
  assert.deepEqual([random(), random(), random()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
});

test('kFold: a seeded partition into folds of near-equal size, train = complement of test', () => {
  const folds = kFold(10, 3, 7);
  assert.deepEqual(folds.map((f) => f.test.length), [4, 3, 3]);
  const seen = new Int32Array(10);
  for (const { train, test } of folds) {
    for (const i of test) seen[i]!++;
    assert.deepEqual([...train, ...test].sort((a, b) => a - b), [...Array(10).keys()]);
    assert.deepEqual([...test], [...test].sort((a, b) => a - b));
    assert.deepEqual([...train], [...train].sort((a, b) => a - b));
  }
  assert.deepEqual([...seen], Array(10).fill(1));
  assert.deepEqual(kFold(10, 3, 7), folds, 'same seed, same folds');
  assert.notDeepEqual(kFold(10, 3, 8), folds, 'another seed, other folds');
  assert.deepEqual(kFold(150, 10, 1).map((f) => f.test.length), Array(10).fill(15));
});

test('kFold and takeRows errors name the field', () => {
  assert.throws(() => kFold(10, 1, 0), { name: 'RangeError', message: /for k but received 1/ });
  assert.throws(() => kFold(2, 3, 0), { name: 'RangeError', message: /for rows but received 2/ });
  assert.throws(() => kFold(10, 2, 0.5), { name: 'RangeError', message: /for seed but received 0.5/ });
  assert.throws(() => takeRows(new Float64Array(4), 2, [2]), { name: 'RangeError', message: 'Expected row indices in [0, 1] but received 2 at position 0' });
  assert.throws(() => takeRows(new Float64Array(5), 2, [0]), { name: 'RangeError', message: 'Expected data length to be a multiple of width 2 but received 5' });
});

test('takeRows gathers rows and keeps the array type', () => {
  const x = new Float64Array([1, 2, 3, 4, 5, 6]);
  const picked = takeRows(x, 2, new Int32Array([2, 0]));
  assert.ok(picked instanceof Float64Array);
  assert.deepEqual([...picked], [5, 6, 1, 2]);
  const y = takeRows(new Uint8Array([1, 0, 0, 1]), 2, [1]);
  assert.ok(y instanceof Uint8Array);
  assert.deepEqual([...y], [0, 1]);
});

test('real iris: standardising each training fold gives mean 0 and std 1 on that fold', { skip: absent }, () => {
  const iris = load('iris');
  for (const { train } of kFold(iris.rows, 10, 123)) {
    const x = takeRows(iris.x, iris.d, train);
    const z = applyStandardizer(x, train.length, iris.d, fitStandardizer(x, train.length, iris.d));
    const again = fitStandardizer(z, train.length, iris.d);
    for (let j = 0; j < iris.d; j++) {
      assert.ok(Math.abs(again.mean[j]!) < 1e-12);
      assert.ok(Math.abs(again.std[j]! - 1) < 1e-12);
    }
  }
});
