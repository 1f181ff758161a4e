/**
 * The service's edges in time: a client that disconnects aborts its solve (the worker is free again at once),
 * and `ebm serve` on SIGTERM refuses new work, cancels running jobs keeping their best-so-far and exits 0 within 5 s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { nug12, smallServer, listen, until } from './helpers.ts';

const ebmBin = fileURLToPath(new URL('../../bin/ebm.js', import.meta.url));

test('a disconnect aborts the synchronous solve: the one worker is free for the next request', async (t) => {
  const app = smallServer({ workers: 1, caps: { maxTimeLimitMs: 60_000 } });
  t.after(() => app.close());
  const base = await listen(app);
  // A first short solve starts the pool's thread: on a loaded machine its start-up (seconds) is not the abort's.
  const warm = await fetch(`${base}/v1/qap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qaplib: nug12, options: { timeLimitMs: 50 } }) });
  assert.equal(warm.status, 200);
  const body = JSON.stringify({ qaplib: nug12, options: { timeLimitMs: 30_000 } });
  const req = request(`${base}/v1/qap`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  req.on('error', () => {}); // the socket is destroyed on purpose
  req.end(body);
  await until(async () => ((await (await fetch(`${base}/healthz`)).json()) as { queue: number }).queue === 1);
  await new Promise((r) => setTimeout(r, 200));
  req.destroy();
  const aborted = async () => /ebm_solves_aborted_total\{kind="qap"\} 1/.test(await (await fetch(`${base}/metrics`)).text());
  await until(aborted, 2000);
  const started = performance.now();
  const next = await fetch(`${base}/v1/qap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qaplib: nug12, options: { timeLimitMs: 100 } }) });
  assert.equal(next.status, 200);
  assert.ok(performance.now() - started < 2000, 'the worker was not held by the abandoned 30 s solve');
});

test('ebm serve: SIGTERM refuses new work, cancels the running job (its best-so-far arrives on SSE), exits 0 within 5 s', async () => {
  assert.ok(existsSync(new URL('../../dist/cli/main.js', import.meta.url)), 'dist/ is missing: bin/ebm.js runs dist (node scripts/build.mjs)');
  const child = spawn(process.execPath, [ebmBin, 'serve', '--port', '0', '--workers', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await until(() => /listening on (http:\/\/\S+)/.test(stderr), 15_000).catch((e: Error) => assert.fail(`${e.message}; ebm serve wrote: ${stderr}`));
  const base = /listening on (http:\/\/\S+)/.exec(stderr)![1]!;
  assert.match(base, /^http:\/\/127\.0\.0\.1:/, 'binds loopback by default');
  const submitted = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'qap', input: { qaplib: nug12, options: { timeLimitMs: 60_000 } } }) });
  const { id } = (await submitted.json()) as { id: string };
  const events = await fetch(`${base}/v1/jobs/${id}/events`);
  const text = events.text();
  await until(async () => ((await (await fetch(`${base}/v1/jobs/${id}`)).json()) as { progress: { rounds: number } }).progress.rounds > 0);
  const started = performance.now();
  child.kill('SIGTERM');
  // Once it says it is stopping, new work is refused (503) or nothing listens; never answered.
  await until(() => stderr.includes('ebm serve: stopping'), 5000);
  const late = await fetch(`${base}/v1/lap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"cost": [[1]]}' }).then((r) => r.status, () => 'refused');
  assert.ok(late === 503 || late === 'refused', `a request during shutdown got ${late}`);
  const code = await exited;
  const seconds = (performance.now() - started) / 1000;
  assert.equal(code, 0, stderr);
  assert.ok(seconds < 5, `exited after ${seconds.toFixed(2)} s`);
  const result = /event: result\ndata: (.*)/.exec(await text);
  assert.ok(result, 'the stream ended with a result event');
  const job = JSON.parse(result[1]!);
  assert.equal(job.status, 'cancelled');
  assert.equal(job.result.stopped, 'aborted');
  assert.equal(job.result.permutation.length, 12);
  await assert.rejects(fetch(`${base}/healthz`), 'nothing listens any more');
});
