/**
 * Issue 11 item 8: `train --save` checks its destination before training, writes atomically without following
 * a symlink, refuses to overwrite without --force; `predict` never echoes a file's contents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSaveTarget, saveModel } from '../../src/learn/persist.ts';
import { train } from '../../src/learn/train.ts';
import { runEbm } from '../helpers.ts';

const data = (f: string) => fileURLToPath(new URL(`../../data/${f}`, import.meta.url));
const trainArgs = ['train', 'multilabel', '--train', data('emotions-train.arff'), '--test', data('emotions-test.arff'), '--xml', data('emotions.xml'), '--epochs', '1', '--hidden', '4', '--json'];
const fresh = () => mkdtempSync(join(tmpdir(), 'ebm-files-'));

function bad(r: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, message);
}

test('train --save DIR with a symlink at DIR/model.json: refused, and with --force the link is replaced, never its target', () => {
  const dir = fresh();
  const target = join(dir, 'precious.txt');
  writeFileSync(target, 'do not touch\n');
  const out = join(dir, 'out');
  mkdirSync(out);
  symlinkSync(target, join(out, 'model.json'));
  bad(runEbm([...trainArgs, '--save', out]), /^RangeError: Cannot save the model as .*out\/model\.json: it already exists \(--force/);
  assert.equal(readFileSync(target, 'utf8'), 'do not touch\n');
  const r = runEbm([...trainArgs, '--save', out, '--force']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(target, 'utf8'), 'do not touch\n', 'the symlink target is untouched');
  assert.ok(!lstatSync(join(out, 'model.json')).isSymbolicLink(), 'the link itself was replaced by the model');
  assert.equal(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).format, 'ebm-learned/1');
  assert.deepEqual(readdirSync(out), ['model.json'], 'no temp file is left behind');
});

test('train refuses to overwrite an existing model without --force, before training', () => {
  const dir = fresh();
  const first = runEbm([...trainArgs, '--save', dir]);
  assert.equal(first.code, 0, first.stderr);
  const saved = readFileSync(join(dir, 'model.json'), 'utf8');
  const started = Date.now();
  bad(runEbm([...trainArgs, '--epochs', '500', '--save', dir]), /it already exists \(--force, or force: true, replaces it\)$/);
  assert.ok(Date.now() - started < 20_000, 'refused before 500 epochs of training');
  assert.equal(readFileSync(join(dir, 'model.json'), 'utf8'), saved);
  bad(runEbm([...trainArgs, '--force']), /^RangeError: Expected --save DIR with --force$/);
});

test('train --save FILE fails at once, before training (it used to fail after)', () => {
  const file = join(fresh(), 'a-file');
  writeFileSync(file, 'x');
  const started = Date.now();
  bad(runEbm([...trainArgs, '--epochs', '500', '--save', file]), /^RangeError: Expected a directory to save the model in but .*a-file is a file$/);
  assert.ok(Date.now() - started < 20_000);
  bad(runEbm(['train', 'ranking', '--data', file, '--save', file, '--json']), /is a file$/);
});

test('saveModel (library): the same checks, and a write that leaves no partial file', async () => {
  const r = await train({ x: [0, 1, 2, 3], y: [0, 1, 1, 0, 0, 1, 1, 0], rows: 4, d: 1, k: 2 }, { model: 'unary', epochs: 1, hidden: [2], validation: 0 });
  const dir = join(fresh(), 'nested', 'dir');
  assert.equal(saveModel(dir, r.model), join(dir, 'model.json'));
  assert.throws(() => saveModel(dir, r.model), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: /it already exists/ });
  assert.equal(saveModel(dir, r.model, { force: true }), join(dir, 'model.json'));
  assert.deepEqual(readdirSync(dir), ['model.json']);
  assert.throws(() => checkSaveTarget(join(dir, 'model.json')), { name: 'RangeError', message: /is a file$/ });
  r.model.networks.dispose();
});

test('predict on a model.json linked to /etc/passwd (or any non-JSON text) does not echo its bytes', () => {
  const dir = fresh();
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n');
  symlinkSync(secret, join(dir, 'model.json'));
  const r = runEbm(['predict', '--model', dir, '--test', data('emotions-test.arff'), '--xml', data('emotions.xml'), '--json']);
  bad(r, /^RangeError: Expected a learned model \(JSON\) in .*model\.json: not valid JSON$/);
  assert.ok(!r.stdout.includes('root') && !r.stderr.includes('root'), r.stderr);
});
