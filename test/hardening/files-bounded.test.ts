/** Issue 11 item 2: input files are read with a size limit, so /dev/zero or a huge stdin stop with exit 2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextFile } from '../../src/data/readText.ts';
import { parseGset, parseGsetStream, readGset } from '../../src/data/gset.ts';
import { parseQaplibDat, readQaplibDat } from '../../src/data/qaplib.ts';
import { rng, runEbm } from '../helpers.ts';

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

/** Runs `f` with env `name` set to `value`, restoring it after. */
function withEnv<T>(name: string, value: string, f: () => T): T {
  const saved = process.env[name];
  process.env[name] = value;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

test('a header declaring more than the file holds is not allocated for; one that fits but exceeds maxMemoryMB is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-declared-'));
  // 1e9 edges (16 GB of arrays) and n = 46000 (34 GB) declared in a few bytes: the count is wrong, and reading
  // them must cost only what their few numbers need.
  const external = process.memoryUsage().arrayBuffers;
  const graph = join(dir, 'huge-m.txt');
  writeFileSync(graph, '1073741824 1000000000\n1 2 1\n');
  assert.throws(() => readGset(graph), { name: 'RangeError', message: 'Expected 3000000000 numbers after "n m" in huge-m.txt but received 3' });
  const dat = join(dir, 'huge-n.dat');
  writeFileSync(dat, '46000\n0 1\n1 0\n');
  assert.throws(() => readQaplibDat(dat), { name: 'RangeError', message: 'Expected 4232000000 numbers after n in huge-n.dat but received 4' });
  // A stream has no size: 4e7 edges fit in the 256 MB limit, so it may hold them, but room is made as they come.
  async function* stdin(): AsyncGenerator<Buffer> {
    yield Buffer.from('5 40000000\n1 2 1\n');
  }
  await assert.rejects(parseGsetStream(stdin(), 'stdin'), { name: 'RangeError', message: 'Expected 120000000 numbers after "n m" in stdin but received 3' });
  const grown = process.memoryUsage().arrayBuffers - external;
  assert.ok(grown < 8 * 2 ** 20, `external memory grew by ${grown} bytes`);
  // A full n = 300 instance needs 1.4 MB for its two matrices: over a 1 MB limit it is refused before reading on.
  const full = `300\n${'1 '.repeat(2 * 300 * 300)}\n`;
  withEnv('EBM_MAX_MEMORY_MB', '1', () => {
    assert.throws(() => parseQaplibDat(full, 'full.dat'), {
      name: 'RangeError',
      code: 'EBM_INVALID_INPUT',
      message: 'Expected a QAPLIB .dat that fits in maxMemoryMB = 1 but full.dat declares n = 300, which would need about 2 MB to read (env EBM_MAX_MEMORY_MB raises the limit)',
    });
    assert.throws(() => parseGset(`300 70000\n${'1 2 1\n'.repeat(70000)}`, 'g.txt'), { name: 'RangeError', message: /^Expected a graph that fits in maxMemoryMB = 1 but g\.txt declares m = 70000 edges, which would need about 2 MB/ });
  });
  assert.equal(parseQaplibDat(full, 'full.dat').flow.length, 90000);
});

test('stdin through the chunked readers stops at the size limit too', () => {
  const r = runEbm(['maxcut', '-', '--json'], { input: '3 2\n' + '1 2 1\n'.repeat(200 * 1024), env: { EBM_MAX_FILE_MB: '1' } });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(JSON.parse(r.stdout).error, 'RangeError: Expected a input file of at most 1 MB but stdin is larger (env EBM_MAX_FILE_MB raises the limit)');
  const q = runEbm(['qap', '-', '--time', '0.2', '--json'], { input: '2\n0 1\n1 0\n0 2\n2 0\n' });
  assert.equal(q.code, 0, q.stderr);
  assert.equal(JSON.parse(q.stdout).cost, 4);
});

/** A generated file of `lines` made by `line(k)`, written in pieces; returns its size. */
function generate(path: string, head: string, lines: number, line: (k: number) => string): number {
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  for (let k = 0; k < lines; k += 100000) writeSync(fd, Array.from({ length: Math.min(100000, lines - k) }, (_, j) => line(k + j)).join(''));
  closeSync(fd);
  return statSync(path).size;
}

test('peak memory of reading a large Gset and QAPLIB file stays within a small multiple of the file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-peak-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = rng(7);
  // 1.5e6 edges, about 24 MB: the arrays are 16 bytes an edge, about the file's size. Read as one string and
  // split into tokens this took 17 times the file (and the .dat 27 times).
  const m = 1500000;
  const gset = join(dir, 'big.txt');
  const gsetBytes = generate(gset, `1000000 ${m}\n`, m, (k) => `${1 + (k % 999000)} ${999001 + Math.floor(r() * 1000)} ${r() < 0.5 ? -1 : 1}\n`);
  // n = 1200, about 12 MB: the two matrices are 23 MB (8 bytes an entry of 3-4 characters).
  const n = 1200;
  const dat = join(dir, 'big.dat');
  const datBytes = generate(dat, `${n}\n\n`, 2 * n, () => Array.from({ length: n }, () => Math.floor(r() * 1000)).join(' ') + '\n');
  const child = fileURLToPath(new URL('../data/peak-child.ts', import.meta.url));
  for (const [kind, path, bytes, entries, arrays] of [['gset', gset, gsetBytes, m, 16 * m], ['dat', dat, datBytes, n * n, 16 * n * n]] as const) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', child, kind, path], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { before, after, entries: got } = JSON.parse(run.stdout) as { before: number; after: number; entries: number };
    assert.equal(got, entries);
    const ratio = (after - before) / bytes;
    // The arrays themselves, plus a chunk and the tokenizer: at most the arrays and a quarter of the file.
    assert.ok(after - before <= arrays + bytes / 4 + 16 * 2 ** 20, `${kind}: peak RSS grew by ${((after - before) / 2 ** 20).toFixed(1)} MB for a ${(bytes / 2 ** 20).toFixed(1)} MB file (${ratio.toFixed(2)}x) with ${(arrays / 2 ** 20).toFixed(1)} MB of arrays`);
    assert.ok(ratio < 3, `${kind}: ${ratio.toFixed(2)}x the file`);
  }
});
