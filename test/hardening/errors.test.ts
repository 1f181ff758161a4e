/**
 * Issue 11 item 6: errors that named nothing are TypeError/RangeError (code EBM_INVALID_INPUT, CLI exit 2) naming
 * the field, and the file (with its line) for files; echoed values are cut short.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sample, sampleSync, countStates } from '../../src/sample/sample.ts';
import { minimize } from '../../src/solve/minimize.ts';
import { exactDistribution, logPartition } from '../../src/sample/logz.ts';
import { maxCut } from '../../src/solve/maxcut.ts';
import { parseGset } from '../../src/data/gset.ts';
import { setModel } from '../../src/energies/setModel.ts';
import { parseModel } from '../../src/energies/modelFile.ts';
import { clip, nativeFailure, quote, rangeError, requirePlainData } from '../../src/errors.ts';
import { loadModel, saveModel } from '../../src/learn/persist.ts';
import { train } from '../../src/learn/train.ts';
import { runEbm } from '../helpers.ts';

const input = { name: 'TypeError', code: 'EBM_INVALID_INPUT' };
const notAModel = { ...input, message: 'Expected a SetModel or PermModel (from setModel, permModel or readModel) for model but received null' };

test('a null or look-alike model is a TypeError naming model at every front door', async () => {
  await assert.rejects(sample(null as never, { samples: 1 }), notAModel);
  assert.throws(() => sampleSync(null as never, { samples: 1 }), notAModel);
  await assert.rejects(minimize(null as never, { maxRounds: 1 }), notAModel);
  await assert.rejects(logPartition(null as never), notAModel);
  assert.throws(() => exactDistribution(null as never), notAModel);
  const lookAlike = { space: 'set', n: 2, beta: 1, toNative: () => ({}) };
  await assert.rejects(sample(lookAlike as never, { samples: 1 }), { ...input, message: /for model but received object$/ });
});

test('parseGset(5) and maxCut(g) without options name the argument', async () => {
  assert.throws(() => parseGset(5 as never), { ...input, message: 'Expected the text of a Gset file (string) for text but received 5' });
  const g = parseGset('3 2\n1 2 1\n2 3 1\n');
  await assert.rejects(maxCut(g, undefined as never), { ...input, message: 'Expected object with a budget (timeLimitMs, maxRounds or signal) for options but received undefined' });
  await assert.rejects(maxCut(null as never, { maxRounds: 1 }), { ...input, message: /for graph but received null/ });
  await assert.rejects(maxCut(g, { maxRounds: 1, targetCut: 'big' as never }), { ...input, message: 'Expected finite number for targetCut but received "big"' });
});

test('countStates checks produced against the rows it has (no 143 s loop over missing rows)', () => {
  const started = Date.now();
  assert.throws(() => countStates({ samples: new Uint8Array(4), produced: 1e12, n: 2 }), {
    name: 'RangeError',
    code: 'EBM_INVALID_INPUT',
    message: 'Expected integer in [0, 2] for result.produced but received 1000000000000',
  });
  assert.ok(Date.now() - started < 1000);
  assert.throws(() => countStates(null as never), { ...input, message: /for result but received null/ });
  assert.deepEqual([...countStates({ samples: Uint8Array.from([0, 1, 0, 1]), produced: 2, n: 2 })], [['01', 2]]);
});

test('a function or Symbol in a model is a TypeError naming the field (on the worker path it was a DataCloneError)', async () => {
  const m = setModel({ n: 3, unary: [1, -1, 0] });
  const withFunction = Object.assign(Object.create(Object.getPrototypeOf(m)), m, { unary: () => 1 });
  await assert.rejects(sample(withFunction, { samples: 10, workers: 2 }), { ...input, message: /^Expected plain data .* for model\.unary but received function$/ });
  const withSymbol = Object.assign(Object.create(Object.getPrototypeOf(m)), m, { clamp: Symbol('x') });
  await assert.rejects(minimize(withSymbol, { maxRounds: 1, workers: 2 }), { ...input, message: /for model\.clamp but received symbol$/ });
  assert.doesNotThrow(() => requirePlainData('model', m.toNative()));
  // The same model, intact, runs on the worker path.
  assert.equal((await sample(m, { samples: 10, workers: 2 })).produced, 10);
});

test("the addon's std::bad_alloc is a RangeError that says memory (bad input, exit 2)", () => {
  for (const message of ['native error: std::bad_alloc', 'std::bad_alloc']) {
    const e = nativeFailure(new Error(message));
    assert.ok(e instanceof RangeError);
    assert.equal((e as RangeError & { code: string }).code, 'EBM_INVALID_INPUT');
    assert.match((e as Error).message, /^Not enough memory for this job \(std::bad_alloc\)/);
    // Mapping twice (a worker's error, then the main thread) gives the same error.
    assert.equal((nativeFailure(e) as Error).message, (e as Error).message);
  }
  const other = new Error('native error: something else');
  assert.equal(nativeFailure(other), other);
});

test('a real std::bad_alloc (address space capped by ulimit -v) exits 2 with the memory message', () => {
  const model = join(mkdtempSync(join(tmpdir(), 'ebm-oom-')), 'big.json');
  writeFileSync(model, JSON.stringify({ format: 'ebm-model/1', space: 'set', n: 1000 }));
  // 3e9 bytes of rows: past the 3 GB address space, so the addon's allocation fails at once (nothing is touched).
  const ebm = fileURLToPath(new URL('../../bin/ebm.js', import.meta.url));
  const r = spawnSync('bash', ['-c', `ulimit -v 3000000 && exec "${process.execPath}" "${ebm}" sample "${model}" --samples 3000000 --max-memory-mb 10000000 --json`], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { error: 'RangeError: Not enough memory for this job (std::bad_alloc): reduce its sizes (n, samples, chains, replicas) or workers', exitCode: 2 });
});

test('echoed values are cut to 40 characters: a 50 MB bad token is not repeated back', () => {
  const token = 'x'.repeat(50e6);
  const started = Date.now();
  assert.throws(() => parseGset(`2 1\n1 2 ${token}\n`, 'huge.txt'), { name: 'RangeError', message: `Expected a number for edge 1 weight in huge.txt but received "${'x'.repeat(40)}…"` });
  assert.ok(Date.now() - started < 10_000);
  assert.equal(quote('a'.repeat(41)), `"${'a'.repeat(40)}…"`);
  assert.equal(clip('short'), 'short');
  // Every input error is capped, whatever was put in it.
  assert.ok(rangeError('y'.repeat(1e6)).message.length <= 1001);
  const r = runEbm(['lap', '-', '--json'], { input: `1 ${'7'.repeat(10)}x${'9'.repeat(5e6)}\n2 3\n` });
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stdout.length < 300, `${r.stdout.length} characters`);
});

test('a model file that is not JSON is located by line and column, its text not quoted', () => {
  assert.throws(() => parseModel('{\n  "format": "ebm-model/1",,\n}', 'm.json'), { name: 'RangeError', message: 'Expected a model file (JSON) in m.json:2:27: Expected double-quoted property name' });
  assert.throws(() => parseModel('secret text', 'm.json'), { name: 'RangeError', message: 'Expected a model file (JSON) in m.json: not valid JSON' });
  assert.throws(() => parseModel('{"format":', 'm.json'), { name: 'RangeError', message: 'Expected a model file (JSON) in m.json: unexpected end of the input' });
});

/** A small trained model saved in a fresh directory (2 features, 2 labels). */
async function savedModel(): Promise<string> {
  const rows = 20;
  const x = Array.from({ length: rows * 2 }, (_, i) => Math.sin(i));
  const y = Array.from({ length: rows * 2 }, (_, i) => (Math.sin(i) > 0 ? 1 : 0));
  const r = await train({ x, y, rows, d: 2, k: 2 }, { model: 'unary', epochs: 1, hidden: [4], seed: 1 });
  const dir = join(mkdtempSync(join(tmpdir(), 'ebm-errors-')), 'model');
  saveModel(dir, r.model);
  r.model.networks.dispose();
  return dir;
}

test('predict: a missing model, a directory, bad JSON or bad weights exit 2 naming the file and field', async () => {
  const dir = await savedModel();
  const base = mkdtempSync(join(tmpdir(), 'ebm-predict-'));
  const arff = join(base, 't.arff');
  writeFileSync(arff, '@relation t\n@attribute a numeric\n@attribute b numeric\n@attribute l0 {0,1}\n@attribute l1 {0,1}\n@data\n0.1,0.2,0,1\n');
  const predict = (model: string) => runEbm(['predict', '--model', model, '--test', arff, '--labels', '2', '--json']);
  const expectBad = (model: string, message: RegExp) => {
    const r = predict(model);
    assert.equal(r.code, 2, r.stderr);
    assert.match(JSON.parse(r.stdout).error, message);
  };
  assert.equal(predict(dir).code, 0);
  expectBad(join(base, 'nothing'), /^RangeError: Cannot read model file .*nothing\/model\.json: ENOENT/);
  mkdirSync(join(base, 'isdir', 'model.json'), { recursive: true });
  expectBad(join(base, 'isdir'), /^RangeError: Cannot read model file .*isdir\/model\.json: it is a directory/);
  const variant = (name: string, edit: (json: Record<string, any>) => void) => {
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    edit(json);
    mkdirSync(join(base, name));
    writeFileSync(join(base, name, 'model.json'), JSON.stringify(json));
    return join(base, name);
  };
  mkdirSync(join(base, 'syntax'));
  writeFileSync(join(base, 'syntax', 'model.json'), '{"format": "ebm-learned/1", "k": }');
  expectBad(join(base, 'syntax'), /^RangeError: Expected a learned model \(JSON\) in .*syntax\/model\.json: not valid JSON$/);
  expectBad(variant('words', (j) => (j.energy.weights[0].W[0] = 'one')), /^TypeError: Expected finite number for energy\.weights\[0\]\.W\[0\] but received "one" in .*words\/model\.json$/);
  expectBad(variant('layers', (j) => j.energy.weights.pop()), /^RangeError: Expected 2 layers for energy but received 1 in .*layers\/model\.json$/);
  expectBad(variant('hidden', (j) => (j.tau.config.hidden = 'wide')), /^TypeError: Expected array of layer widths .* for tau\.config\.hidden but received "wide" in .*hidden\/model\.json$/);
  expectBad(variant('std', (j) => j.standardizer.std.pop()), /^RangeError: Expected array of 2 finite numbers for standardizer\.std but received array of length 1 in .*std\/model\.json$/);
  expectBad(variant('zero-std', (j) => (j.standardizer.std[1] = 0)), /^RangeError: Expected number in \[5e-324, Infinity\] for standardizer\.std\[1\] but received 0 in .*zero-std\/model\.json$/);
  expectBad(variant('kind', (j) => (j.model = 'cubic')), /^RangeError: Expected unary, pairwise, permutahedron, birkhoff for model but received "cubic" in .*kind\/model\.json$/);
  await assert.rejects(loadModel(5 as never), { ...input, message: 'Expected a directory path for dir but received 5' });
});

test('train on rows without features is bad input naming data.d (tfjs failed on a 0-wide layer, exit 1)', () => {
  const csv = join(mkdtempSync(join(tmpdir(), 'ebm-d0-')), 'd0.csv');
  writeFileSync(csv, '4,0,2\n1,2\n2,1\n1,2\n2,1\n');
  const r = runEbm(['train', 'ranking', '--data', csv, '--folds', '2', '--epochs', '1', '--json']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(JSON.parse(r.stdout).error, 'RangeError: Expected integer in [1, 16777216] for data.d but received 0');
});
