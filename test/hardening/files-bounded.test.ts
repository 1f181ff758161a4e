/** Issue 11 item 2: input files are read with a size limit, so /dev/zero or a huge stdin stop with exit 2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextFile } from '../../src/data/readText.ts';
import { runEbm } from '../helpers.ts';

test('/dev/zero is refused at the limit by every command that reads a file', () => {
  // The default limit (256 MB) once, then 1 MB to keep the rest quick.
  const first = runEbm(['maxcut', '/dev/zero', '--time', '1', '--json']);
  assert.equal(first.code, 2, first.stderr);
  assert.match(JSON.parse(first.stdout).error, /Expected a graph file of at most 256 MB but \/dev\/zero is larger/);
  for (const [command, what] of [['qap', 'QAPLIB .dat'], ['sample', 'model'], ['lap', 'cost matrix'], ['logz', 'model']] as const) {
    const args = command === 'sample' ? ['--samples', '10'] : command === 'qap' ? ['--time', '1'] : [];
    const r = runEbm([command, '/dev/zero', ...args, '--json'], { env: { EBM_MAX_FILE_MB: '1' } });
    assert.equal(r.code, 2, `${command}: ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).error, `RangeError: Expected a ${what} file of at most 1 MB but /dev/zero is larger (env EBM_MAX_FILE_MB raises the limit)`);
  }
});

test('stdin over the limit, a directory and a large regular file are named errors', () => {
  const big = '1 '.repeat(600 * 1024);
  const r = runEbm(['lap', '-', '--json'], { input: big, env: { EBM_MAX_FILE_MB: '1' } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(JSON.parse(r.stdout).error, /at most 1 MB but stdin is larger/);
  const dir = mkdtempSync(join(tmpdir(), 'ebm-read-'));
  assert.throws(() => readTextFile(dir, 'graph'), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: `Cannot read graph file ${dir}: it is a directory` });
  const file = join(dir, 'big.txt');
  writeFileSync(file, big);
  const saved = process.env.EBM_MAX_FILE_MB;
  process.env.EBM_MAX_FILE_MB = '1';
  try {
    assert.throws(() => readTextFile(file, 'graph'), { name: 'RangeError', message: /at most 1 MB but .*big\.txt is larger/ });
    process.env.EBM_MAX_FILE_MB = '2';
    assert.equal(readTextFile(file, 'graph').length, big.length);
  } finally {
    if (saved === undefined) delete process.env.EBM_MAX_FILE_MB;
    else process.env.EBM_MAX_FILE_MB = saved;
  }
});
