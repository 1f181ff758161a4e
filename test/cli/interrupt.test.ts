/** Ctrl-C: the run stops cooperatively, prints its normal output (best so far, stopped "aborted") and exits 130. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cutValue, readGset } from '../../src/data/gset.ts';
import { setModelToJson } from '../../src/energies/setModel.ts';
import { randomSetModel } from '../helpers.ts';

const bin = fileURLToPath(new URL('../../bin/ebm.js', import.meta.url));
const g1 = fileURLToPath(new URL('../../data/G1.txt', import.meta.url));

/** Runs ebm, sends SIGINT after `afterMs`, and resolves with the exit code, output and ms from SIGINT to exit. */
function interrupted(args: string[], afterMs: number): Promise<{ code: number | null; stdout: string; stderr: string; exitMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, exitMs: performance.now() - sentAt }));
    setTimeout(() => {
      sentAt = performance.now();
      child.kill('SIGINT');
    }, afterMs);
  });
}

test('SIGINT during ebm maxcut --json: exit 130, the best cut so far, its partition recomputes to it', async () => {
  const r = await interrupted(['maxcut', g1, '--time', '60', '--json'], 1500);
  assert.equal(r.code, 130, r.stderr);
  assert.ok(r.exitMs < 5000, `exited ${r.exitMs} ms after SIGINT`);
  const out = JSON.parse(r.stdout) as { stopped: string; cut: number; partition: number[]; seconds: number };
  assert.equal(out.stopped, 'aborted');
  assert.ok(out.cut > 0, `cut ${out.cut}`);
  assert.ok(out.seconds < 60);
  assert.equal(cutValue(readGset(g1), out.partition), out.cut);
});

test('SIGINT during ebm sample --json: exit 130, stopped "aborted" with fewer samples than asked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-sigint-'));
  const path = join(dir, 'm8.json');
  writeFileSync(path, JSON.stringify(setModelToJson(randomSetModel({ n: 8, seed: 3, dense: true }))));
  // Heavy thinning: hours of work in few stored rows (the rows of all samples are allocated up front).
  const samples = 10_000_000;
  const r = await interrupted(['sample', path, '--samples', String(samples), '--thin', '10000', '--json'], 1500);
  assert.equal(r.code, 130, r.stderr);
  assert.ok(r.exitMs < 5000, `exited ${r.exitMs} ms after SIGINT`);
  const out = JSON.parse(r.stdout) as { stopped: string; produced: number; top: [string, number][] };
  assert.equal(out.stopped, 'aborted');
  assert.ok(out.produced < samples, `produced ${out.produced}`);
});
