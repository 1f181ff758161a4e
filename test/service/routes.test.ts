/** The synchronous routes answer what the library answers (LAP optimal, QAP cost and cut recomputed), and errors carry pointers. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQaplibDat, qapCost } from '../../src/data/qaplib.ts';
import { cutValue } from '../../src/data/gset.ts';
import { modelFromJson } from '../../src/energies/modelFile.ts';
import { exactDistribution, logPartition } from '../../src/sample/logz.ts';
import type { SetModel } from '../../src/energies/setModel.ts';
import { train, predict } from '../../src/learn/train.ts';
import { saveModel } from '../../src/learn/persist.ts';
import { nug12, smallServer, VALID, setModelJson, permModelJson, SMALL_CAPS } from './helpers.ts';

const app = smallServer();
after(() => app.close());

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

/** The least assignment cost by enumerating every permutation (n <= 6). */
function bruteLap(cost: number[][]): number {
  const n = cost.length;
  let best = Infinity;
  const walk = (i: number, used: boolean[], sum: number) => {
    if (i === n) return void (best = Math.min(best, sum));
    for (let j = 0; j < n; j++) if (!used[j]) walk(i + 1, used.map((u, k) => u || k === j), sum + cost[i]![j]!);
  };
  walk(0, Array(n).fill(false), 0);
  return best;
}

test('/v1/lap is optimal: its cost equals enumeration and is the cost of its assignment', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 6 }).chain((n) => fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })), async (cost) => {
      const r = await post('/v1/lap', { cost });
      assert.equal(r.statusCode, 200, r.body);
      const { cost: got, assignment } = r.json();
      assert.equal(got, bruteLap(cost));
      assert.deepEqual([...assignment].sort((a: number, b: number) => a - b), cost.map((_, i) => i));
      assert.equal(assignment.reduce((s: number, j: number, i: number) => s + cost[i]![j]!, 0), got);
    }),
    { numRuns: 60, seed: 12 },
  );
});

test('/v1/qap (QAPLIB text and flow/distance): the cost is recomputed from the permutation', async () => {
  const r = await post('/v1/qap', { qaplib: nug12, options: { timeLimitMs: 300, seed: 1 } });
  assert.equal(r.statusCode, 200, r.body);
  const out = r.json();
  for (const key of ['cost', 'permutation', 'secondsToBest', 'stopped']) assert.ok(key in out, key);
  const { n, flow, distance } = parseQaplibDat(nug12);
  assert.equal(out.cost, qapCost(flow, distance, n, Int32Array.from(out.permutation)));
  assert.ok(out.cost >= 578, 'nug12 optimum is 578');
  const rows = (a: Float64Array) => Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  const m = await post('/v1/qap', { flow: rows(flow), distance: rows(distance), options: { timeLimitMs: 200 } });
  assert.equal(m.statusCode, 200, m.body);
  assert.equal(m.json().cost, qapCost(flow, distance, n, Int32Array.from(m.json().permutation)));
});

test('/v1/maxcut (Gset text and 0-based edges): the cut is recomputed from the partition', async () => {
  const r = await post('/v1/maxcut', VALID.maxcut);
  assert.equal(r.statusCode, 200, r.body);
  const out = r.json();
  assert.equal(out.cut, 4, 'a 4-cycle cuts all 4 edges');
  const g = { n: 4, u: Int32Array.from([0, 1, 2, 3]), v: Int32Array.from([1, 2, 3, 0]), w: Float64Array.from([1, 1, 1, 1]) };
  assert.equal(cutValue(g, out.partition), out.cut);
  const t = await post('/v1/maxcut', { gset: '4 4\n1 2 1\n2 3 1\n3 4 1\n4 1 1\n', options: { timeLimitMs: 50 } });
  assert.equal(t.json().cut, 4);
});

test('/v1/minimize, /v1/sample, /v1/logz answer the CLI keys with the library values', async () => {
  const m = (await post('/v1/minimize', VALID.minimize)).json();
  const exact = exactDistribution(modelFromJson(setModelJson) as SetModel);
  assert.equal(m.energy, exact.minEnergy);
  assert.deepEqual(m.state, Array.from(exact.argmin));
  const s = (await post('/v1/sample', VALID.sample)).json();
  assert.equal(s.produced, 200);
  assert.equal(Object.values(s.counts as Record<string, number>).reduce((a, b) => a + b, 0), 200);
  const z = (await post('/v1/logz', VALID.logz)).json();
  assert.equal(z.logZ, (await logPartition(modelFromJson(permModelJson))).logZ);
  const zs = (await post('/v1/logz', { model: setModelJson, options: { method: 'exact' } })).json();
  assert.equal(zs.method, 'exact');
});

test('bad input: 400 with the JSON pointer of the bad value, from the schema and from the library', async () => {
  const cases: [string, unknown, string][] = [
    ['/v1/lap', { cost: [[1, 2], [3, '4']] }, '/cost/1/1'],
    ['/v1/lap', { cost: [[1, 2], [3]] }, '/cost'],
    ['/v1/lap', {}, '/cost'],
    ['/v1/qap', { qaplib: '2 1 2 3' }, '/qaplib'],
    ['/v1/qap', { qaplib: nug12, options: { replicas: 5000 } }, '/options/replicas'],
    ['/v1/qap', { qaplib: nug12, options: { speed: 1 } }, '/options/speed'],
    ['/v1/maxcut', { n: 3, edges: [[0, 1, 1], [1, 3, 1]] }, '/edges/1/1'],
    ['/v1/minimize', { model: { ...setModelJson, unary: [0, 'a', 1, 2] } }, '/model/unary/1'],
    ['/v1/minimize', { model: { ...setModelJson, colour: 1 } }, '/model/colour'],
    ['/v1/sample', { model: setModelJson, options: {} }, '/options/samples'],
    ['/v1/sample', { model: setModelJson, options: { samples: SMALL_CAPS.maxSamples + 1 } }, '/options/samples'],
    ['/v1/logz', { model: { ...setModelJson, n: 10_000 } }, '/model/n'],
    ['/v1/predict', { model: '../../etc/passwd', x: [[1]] }, '/model'],
  ];
  for (const [url, body, field] of cases) {
    const r = await post(url, body);
    assert.equal(r.statusCode, 400, `${url} ${JSON.stringify(body).slice(0, 80)}: ${r.body}`);
    assert.equal(r.json().field, field, `${url}: ${r.body}`);
    assert.equal(typeof r.json().error, 'string');
  }
});

test('413 beyond the body limit; 404 for an unknown job and route; 415 for an unknown content type', async () => {
  const small = smallServer({ bodyLimit: 1000 });
  const big = await small.inject({ method: 'POST', url: '/v1/lap', payload: { cost: [Array(2000).fill(1)] } });
  assert.equal(big.statusCode, 413);
  await small.close();
  assert.equal((await app.inject({ url: '/v1/jobs/no-such-job' })).statusCode, 404);
  assert.equal((await app.inject({ method: 'DELETE', url: '/v1/jobs/no-such-job' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/v1/nothing' })).statusCode, 404);
  const xml = await app.inject({ method: 'POST', url: '/v1/lap', payload: '<cost/>', headers: { 'content-type': 'application/xml' } });
  assert.equal(xml.statusCode, 415);
});

test('/v1/predict loads a saved model by name and answers what the library predicts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebm-models-'));
  const rows = 40;
  const d = 3;
  const k = 2;
  const x = Float64Array.from({ length: rows * d }, (_, i) => Math.sin(i * 1.3));
  const y = Int32Array.from({ length: rows * k }, (_, i) => (x[Math.floor(i / k) * d]! > 0 === (i % k === 0) ? 1 : 0));
  const trained = await train({ x, y, rows, d, k }, { model: 'unary', epochs: 2, seed: 1 });
  saveModel(join(dir, 'toy'), trained.model);
  const server = smallServer({ modelsDir: dir });
  const xs = [Array.from(x.subarray(0, d)), Array.from(x.subarray(d, 2 * d))];
  const r = await server.inject({ method: 'POST', url: '/v1/predict', payload: { model: 'toy', x: xs } });
  assert.equal(r.statusCode, 200, r.body);
  const expected = predict(trained.model, x.subarray(0, 2 * d), 2).predicted;
  assert.deepEqual(r.json().predictions, [Array.from(expected.subarray(0, k)).join(''), Array.from(expected.subarray(k, 2 * k)).join('')]);
  const wrong = await server.inject({ method: 'POST', url: '/v1/predict', payload: { model: 'toy', x: [[1, 2]] } });
  assert.equal(wrong.statusCode, 400);
  assert.equal(wrong.json().field, '/x/0');
  assert.equal((await server.inject({ method: 'POST', url: '/v1/predict', payload: { model: 'absent', x: xs } })).statusCode, 404);
  await server.close();
});

test('/openapi.json lists every route and reports the caps; /metrics has the service metrics', async () => {
  const doc = (await app.inject({ url: '/openapi.json' })).json();
  assert.match(doc.openapi, /^3\./);
  for (const path of ['/v1/lap', '/v1/qap', '/v1/maxcut', '/v1/minimize', '/v1/sample', '/v1/logz', '/v1/predict', '/v1/jobs', '/v1/jobs/{id}', '/v1/jobs/{id}/events', '/healthz', '/metrics', '/openapi.json']) {
    assert.ok(path in doc.paths, path);
  }
  assert.equal(doc['x-ebm-caps'].maxN, SMALL_CAPS.maxN);
  assert.equal(doc.paths['/v1/lap'].post.requestBody.content['application/json'].schema.properties.cost.maxItems, SMALL_CAPS.maxN);
  const text = (await app.inject({ url: '/metrics' })).body;
  for (const name of ['ebm_http_request_duration_seconds_bucket{', 'ebm_jobs{', 'ebm_queue_depth', 'ebm_native_solve_seconds_bucket{']) assert.ok(text.includes(name), name);
});
