import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { multilabelDataset, parseArff, parseMulanXml, readMultilabel } from '../../src/data/arff.ts';

const dense = `% a comment before the header
@relation toy

@attribute f1 numeric
@ATTRIBUTE color {red,green,blue}
@attribute bin {0,1}
@attribute L1 {0,1}
@attribute L2 {0,1}

@data
1.5,green,1,1,0
% a comment between rows
-2,red,0,0,1
?,blue,1,1,1
`;

const sparse = `@relation sp
@attribute a numeric
@attribute b {0,1}
@attribute c {x,y}
@attribute L1 {0,1}
@attribute L2 {0,1}
@data
{0 2.5,3 1}
{}
{2 y, 4 1}
7,1,x,1,1
`;

test('dense rows: numeric values, nominal indices, ? as NaN and counted', () => {
  const arff = parseArff(dense, 'toy.arff');
  assert.equal(arff.relation, 'toy');
  assert.deepEqual(arff.attributes.map((a) => a.name), ['f1', 'color', 'bin', 'L1', 'L2']);
  assert.deepEqual(arff.attributes[1], { name: 'color', type: 'nominal', values: ['red', 'green', 'blue'] });
  assert.equal(arff.attributes[0]!.type, 'numeric');
  assert.deepEqual(arff.rows.map((r) => [...r]), [
    [1.5, 1, 1, 1, 0],
    [-2, 0, 0, 0, 1],
    [NaN, 2, 1, 1, 1],
  ]);
  assert.equal(arff.missing, 1);
});

test('CRLF and LF files parse identically', () => {
  assert.deepEqual(parseArff(dense.replace(/\n/g, '\r\n'), 'toy.arff'), parseArff(dense, 'toy.arff'));
});

test('sparse rows: 0-based indices, absent = 0 (the first value of a nominal), mixed with dense rows', () => {
  const arff = parseArff(sparse, 'sp.arff');
  assert.deepEqual(arff.rows.map((r) => [...r]), [
    [2.5, 0, 0, 1, 0],
    [0, 0, 0, 0, 0],
    [0, 0, 1, 0, 1],
    [7, 1, 0, 1, 1],
  ]);
  const ds = multilabelDataset(arff, { labelCount: 2 });
  assert.deepEqual(ds.featureNames, ['a', 'b', 'c=x', 'c=y']);
  assert.deepEqual([...ds.x], [2.5, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 7, 1, 1, 0]);
  assert.deepEqual([...ds.y], [1, 0, 0, 0, 0, 1, 1, 1]);
});

test('nominal features are one-hot, {0,1} nominals stay one column, missing features are NaN', () => {
  const ds = multilabelDataset(parseArff(dense, 'toy.arff'), { labelCount: 2 });
  assert.equal(ds.d, 5);
  assert.equal(ds.k, 2);
  assert.equal(ds.rows, 3);
  assert.deepEqual(ds.featureNames, ['f1', 'color=red', 'color=green', 'color=blue', 'bin']);
  assert.deepEqual(ds.labelNames, ['L1', 'L2']);
  assert.deepEqual([...ds.x], [1.5, 0, 1, 0, 1, -2, 1, 0, 0, 0, NaN, 0, 0, 1, 1]);
  assert.deepEqual([...ds.y], [1, 0, 0, 1, 1, 1]);
  assert.equal(ds.missing, 1);
});

test('a {1,0} nominal keeps its declared value, not its index', () => {
  const text = '@relation r\n@attribute f {1,0}\n@attribute L {1,0}\n@data\n1,0\n0,1\n';
  const ds = multilabelDataset(parseArff(text), { labelCount: 1 });
  assert.deepEqual([...ds.x], [1, 0]);
  assert.deepEqual([...ds.y], [0, 1]);
});

test('quoted names with backslash escapes, quoted relation and nominal values', () => {
  const text = [
    "@relation 'MEDC: -C 45 -I 0'",
    '@attribute "a b" numeric',
    "@attribute kind {'x y','it\\'s'}",
    "@attribute 'Swainson\\'s Thrush' {0,1}",
    "@attribute 'Hammond\\'s Flycatcher' {0,1}",
    '@data',
    "1,'it\\'s',1,0",
    "2,'x y',0,1",
    "{1 'x y', 2 1}",
  ].join('\n');
  const arff = parseArff(text, 'q.arff');
  assert.equal(arff.relation, 'MEDC: -C 45 -I 0');
  assert.deepEqual(arff.attributes.map((a) => a.name), ['a b', 'kind', "Swainson's Thrush", "Hammond's Flycatcher"]);
  assert.deepEqual(arff.attributes[1]!.values, ['x y', "it's"]);
  assert.deepEqual(arff.rows.map((r) => [...r]), [[1, 1, 1, 0], [2, 0, 0, 1], [0, 0, 1, 0]]);
});

const xml = `<?xml version="1.0" encoding="utf-8"?>
<labels xmlns="http://mulan.sourceforge.net/labels">
<!-- <label name="ghost"></label> -->
<label name="L2"></label>
<label name='R&amp;B &#39;n&#x27; soul'>
  <label name="Swainson's Thrush"></label>
</label>
</labels>`;

test('MULAN XML: names in document order, entities decoded, comments ignored, nesting flattened', () => {
  assert.deepEqual(parseMulanXml(xml), ['L2', "R&B 'n' soul", "Swainson's Thrush"]);
});

test('labels chosen by name come out in file order (as yeast/enron need: their XML order differs)', () => {
  const ds = multilabelDataset(parseArff(dense, 'toy.arff'), { labelNames: ['L2', 'L1'] });
  assert.deepEqual(ds.labelNames, ['L1', 'L2']);
  assert.deepEqual([...ds.y], [1, 0, 0, 1, 1, 1]);
  assert.deepEqual(ds.featureNames, ['f1', 'color=red', 'color=green', 'color=blue', 'bin']);
});

test('labels need not be the last attributes when named', () => {
  const ds = multilabelDataset(parseArff(dense, 'toy.arff'), { labelNames: ['bin'] });
  assert.deepEqual(ds.labelNames, ['bin']);
  assert.deepEqual(ds.featureNames, ['f1', 'color=red', 'color=green', 'color=blue', 'L1', 'L2']);
  assert.deepEqual([...ds.y], [1, 0, 1]);
});

test('malformed files: errors name the row or line and the file', () => {
  const header = '@relation r\n@attribute f numeric\n@attribute c {a,b}\n@attribute L {0,1}\n@data\n';
  const cases: [string, RegExp | string][] = [
    [header + '1,a,1\n2,a\n', 'Expected 3 values in row 2 of bad.arff but received 2'],
    [header + '1,z,1\n', 'Expected one of {a,b} for attribute "c" in row 1 of bad.arff but received "z"'],
    [header + 'x1,a,1\n', 'Expected a number for attribute "f" in row 1 of bad.arff but received "x1"'],
    [header + ',a,1\n', 'Expected a number for attribute "f" in row 1 of bad.arff but received ""'],
    [header + '{3 1}\n', 'Expected a sparse index in [0, 2] in row 1 of bad.arff but received 3'],
    [header + '{0 1,0 2}\n', 'Sparse index 0 appears twice in row 1 of bad.arff'],
    [header + '{0 1\n', 'Expected a closing } in row 1 of bad.arff'],
    [header + '{zero 1}\n', 'Expected "index value" in row 1 of bad.arff but received "zero 1"'],
    [header + "1,'a,1\n", 'Unterminated quote in row 1 of bad.arff'],
    ['@relation r\n@attribute f numeric\n@attribute f numeric\n@data\n', 'Duplicate attribute name "f" at line 3 of bad.arff'],
    ['@relation r\n@attribute s string\n@data\n', 'Unsupported type "string" for attribute "s" at line 2 of bad.arff (expected numeric or {nominal values})'],
    ['@relation r\n@attribute f numeric\n', 'No @data section in bad.arff'],
    ['@relation r\n@data\n', 'No @attribute declarations in bad.arff'],
    ['@relation r\nhello\n@data\n', 'Unexpected header line "hello" at line 2 of bad.arff'],
  ];
  for (const [text, message] of cases) assert.throws(() => parseArff(text, 'bad.arff'), { name: 'RangeError', message });
});

test('label errors: not 0/1, missing, not a {0,1} attribute, unknown name, bad options', () => {
  const numericLabel = parseArff('@relation r\n@attribute f numeric\n@attribute L numeric\n@data\n1,1\n1,2\n', 'lab.arff');
  assert.throws(() => multilabelDataset(numericLabel, { labelCount: 1 }), { name: 'RangeError', message: 'Expected 0 or 1 for label "L" in row 2 of lab.arff but received 2' });
  const missingLabel = parseArff('@relation r\n@attribute f numeric\n@attribute L {0,1}\n@data\n1,?\n', 'lab.arff');
  assert.throws(() => multilabelDataset(missingLabel, { labelCount: 1 }), { name: 'RangeError', message: 'Expected 0 or 1 for label "L" in row 1 of lab.arff but received ?' });
  const toy = parseArff(dense, 'toy.arff');
  assert.throws(() => multilabelDataset(toy, { labelNames: ['color'] }), { name: 'RangeError', message: 'Expected label attribute "color" of toy.arff to be {0,1} but it is {red,green,blue}' });
  assert.throws(() => multilabelDataset(toy, { labelNames: ['L3'] }), { name: 'RangeError', message: 'Label "L3" is not an attribute of toy.arff' });
  assert.throws(() => multilabelDataset(toy, { labelCount: 5 }), { name: 'RangeError', message: 'Expected an integer in [1, 4] for options.labelCount of toy.arff but received 5' });
  assert.throws(() => multilabelDataset(toy, { labelNames: ['L1'], labelCount: 2 }), { name: 'RangeError', message: 'Expected 2 label names for toy.arff but received 1' });
  assert.throws(() => multilabelDataset(toy, {}), { name: 'TypeError', message: 'Expected options.labelNames or options.labelCount for toy.arff but received neither' });
  assert.throws(() => readMultilabel('/nonexistent/x.arff', {}), { name: 'TypeError', message: 'Expected options.xml or options.labels for x.arff but received neither' });
  assert.throws(() => parseMulanXml('<labels></labels>', 'e.xml'), { name: 'RangeError', message: 'No <label name="..."> elements in e.xml' });
  assert.throws(() => parseMulanXml('<labels><label name="a"/><label name="a"/></labels>', 'e.xml'), { name: 'RangeError', message: 'Duplicate label "a" in e.xml' });
});

// Real MULAN files, when the shared benchmark data is present (sizes from shared/data/SOURCES.md).
const shared = new URL('../../../shared/data/multilabel/', import.meta.url);
const absent = existsSync(fileURLToPath(shared)) ? false : `shared data not found at ${fileURLToPath(shared)}`;

interface Expected {
  name: string;
  split: 'train' | 'test';
  rows: number;
  d: number;
  k: number;
  cardinality: number;
}

const expected: Expected[] = [
  { name: 'emotions', split: 'train', rows: 391, d: 72, k: 6, cardinality: 1.813 },
  { name: 'emotions', split: 'test', rows: 202, d: 72, k: 6, cardinality: 1.975 },
  { name: 'yeast', split: 'train', rows: 1500, d: 103, k: 14, cardinality: 4.228 },
  { name: 'yeast', split: 'test', rows: 917, d: 103, k: 14, cardinality: 4.252 },
  { name: 'scene', split: 'train', rows: 1211, d: 294, k: 6, cardinality: 1.062 },
  { name: 'scene', split: 'test', rows: 1196, d: 294, k: 6, cardinality: 1.086 },
  // birds: 260 raw features = 258 numeric + hasSegments {0,1} (one column) + location (12 levels, one-hot).
  { name: 'birds', split: 'train', rows: 322, d: 258 + 1 + 12, k: 19, cardinality: 1.059 },
  { name: 'birds', split: 'test', rows: 323, d: 258 + 1 + 12, k: 19, cardinality: 0.969 },
];

const emptyLabelSets = (y: Uint8Array, rows: number, k: number): number => {
  let empty = 0;
  for (let i = 0; i < rows; i++) if (y.subarray(i * k, (i + 1) * k).every((v) => v === 0)) empty++;
  return empty;
};

test('real MULAN files: row, feature and label counts and label cardinality match SOURCES.md', { skip: absent }, () => {
  let birdsEmpty = 0;
  for (const e of expected) {
    const dir = new URL(`${e.name}/`, shared);
    const xmlPath = fileURLToPath(new URL(`${e.name}.xml`, dir));
    const ds = readMultilabel(fileURLToPath(new URL(`${e.name}-${e.split}.arff`, dir)), { xml: xmlPath });
    const what = `${e.name}-${e.split}`;
    assert.equal(ds.rows, e.rows, `${what} rows`);
    assert.equal(ds.d, e.d, `${what} d`);
    assert.equal(ds.k, e.k, `${what} k`);
    assert.equal(ds.x.length, e.rows * e.d);
    assert.equal(ds.missing, 0, `${what} has no missing values`);
    assert.ok(ds.x.every(Number.isFinite), `${what} features finite`);
    let ones = 0;
    for (const v of ds.y) ones += v;
    assert.equal((ones / ds.rows).toFixed(3), e.cardinality.toFixed(3), `${what} label cardinality`);
    // The XML names the same set of labels as "the last k attributes" (its order may differ, see yeast).
    const byCount = readMultilabel(fileURLToPath(new URL(`${e.name}-${e.split}.arff`, dir)), { labels: e.k });
    assert.deepEqual(byCount.labelNames, ds.labelNames, `${what} XML labels = last k attributes`);
    assert.deepEqual(byCount.y, ds.y);
    if (e.name === 'birds') birdsEmpty += emptyLabelSets(ds.y, ds.rows, ds.k);
  }
  assert.equal(birdsEmpty, 294, 'birds: 294 of 645 rows have an empty label set');
});

test('real birds labels: escaped quotes in the ARFF match the XML names', { skip: absent }, () => {
  const dir = new URL('birds/', shared);
  const ds = readMultilabel(fileURLToPath(new URL('birds-train.arff', dir)), { xml: fileURLToPath(new URL('birds.xml', dir)) });
  assert.ok(ds.labelNames.includes("Swainson's Thrush"));
  assert.ok(ds.labelNames.includes("MacGillivray's Warbler"));
  assert.ok(ds.featureNames.includes('location=17'));
  assert.ok(ds.featureNames.includes('hasSegments'));
});
