// A small JSON service around solveQap: POST a QAPLIB .dat text to /qap?timeLimitMs=MS, get back
// {cost, permutation, stopped}. Each solve gets an AbortSignal tied to its connection, so a client that hangs
// up stops the search at once (stopped: "aborted") instead of burning the rest of its budget. Bad input (the
// library's errors carry code EBM_INVALID_INPUT) answers 400 with the library's message.
//
// The script starts the service on a free port, posts data/nug12.dat to itself, posts a broken file, hangs up
// on a long request, prints what came back and closes the server, so it exits by itself.
//
// Run: npm run build (once), then node examples/qap-service.mjs
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseQaplibDat, qapCost, readQaplibSln, solveQap } from 'discrete-ebm';

const MAX_BODY_BYTES = 1 << 20; // QAPLIB's largest instance (tai256c) is about 0.6 MB
const MAX_TIME_MS = 10_000; // one request may not hold a solver thread longer than this

/** The service; `onSolved` sees every finished run (the demo below uses it to watch a cancelled one). */
function qapService(onSolved = () => {}) {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/qap') return reply(res, 404, { error: 'POST a QAPLIB .dat to /qap' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST a QAPLIB .dat to /qap' });
    const timeLimitMs = Number(url.searchParams.get('timeLimitMs') ?? 1000);
    if (!(timeLimitMs > 0 && timeLimitMs <= MAX_TIME_MS)) return reply(res, 400, { error: `Expected timeLimitMs in (0, ${MAX_TIME_MS}]` });
    // 'close' on the response fires when it is sent or when the connection drops first; only the latter aborts.
    const hangUp = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) hangUp.abort();
    });
    try {
      const text = await readBody(req);
      if (text === undefined) return reply(res, 413, { error: `Expected at most ${MAX_BODY_BYTES} bytes` });
      const instance = parseQaplibDat(text, 'request body');
      const r = await solveQap(instance, { timeLimitMs, signal: hangUp.signal, seed: 1 });
      onSolved(r);
      reply(res, 200, { cost: r.cost, permutation: Array.from(r.permutation), stopped: r.stopped });
    } catch (error) {
      // Input errors are the caller's (400); anything else is ours (500) and is not echoed back.
      if (error?.code === 'EBM_INVALID_INPUT') return reply(res, 400, { error: error.message });
      console.error(error);
      reply(res, 500, { error: 'internal error' });
    }
  });
}

/** The request body as text, or undefined past MAX_BODY_BYTES. */
async function readBody(req) {
  const chunks = [];
  let bytes = 0;
  for await (const chunk of req) {
    bytes += chunk.length;
    if (bytes > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res, status, body) {
  if (res.destroyed) return; // the client is gone: nobody to answer
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body) + '\n');
}

// --- The demo: the service talking to itself. ---
const runs = new EventEmitter();
const server = qapService((r) => runs.emit('solved', r)).listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${server.address().port}/qap`;
const data = (file) => fileURLToPath(new URL(`../data/${file}`, import.meta.url));
const dat = readFileSync(data('nug12.dat'), 'utf8');
const optimum = readQaplibSln(data('nug12.sln')).value;

// 1. A normal request: nug12 for 500 ms. The answer's cost must be the cost of its own permutation.
const answer = await (await fetch(`${base}?timeLimitMs=500`, { method: 'POST', body: dat })).json();
const nug12 = parseQaplibDat(dat);
assert.equal(qapCost(nug12.flow, nug12.distance, nug12.n, Int32Array.from(answer.permutation)), answer.cost);
assert.ok(answer.cost >= optimum);
console.log(`nug12: cost ${answer.cost} (optimum ${optimum}), stopped ${answer.stopped}, permutation ${answer.permutation.join(' ')}`);

// 2. A broken file: 400 with the library's message.
const bad = await fetch(base, { method: 'POST', body: '3\n1 2 3' });
assert.equal(bad.status, 400);
console.log(`broken .dat: ${bad.status} ${(await bad.json()).error}`);

// 3. A client that gives up after 200 ms on a 10 s request: the server's run stops as soon as it hangs up.
const next = once(runs, 'solved');
await assert.rejects(fetch(`${base}?timeLimitMs=10000`, { method: 'POST', body: dat, signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
const [run] = await next;
assert.equal(run.stopped, 'aborted');
assert.ok(run.seconds < 5, `ran ${run.seconds} s`);
console.log(`hung-up request: the server's run stopped "${run.stopped}" after ${run.seconds.toFixed(2)} s of its 10 s`);

// fetch keeps its connections alive for a few seconds: drop them so the process exits now.
server.closeAllConnections();
server.close();
