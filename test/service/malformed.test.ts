/**
 * Malformed requests to every route (fast-check, seeded): wrong types, NaN and friends as strings, missing
 * fields, unknown keys, huge n, deep nesting, non-JSON, wrong content types, unknown job ids. Each must get a
 * 4xx with {error, field}; none a 5xx; and the server must still answer correctly afterwards.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { smallServer, VALID, SMALL_CAPS, setModelJson } from './helpers.ts';

const app = smallServer();
after(() => app.close());

interface Request {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  payload?: string;
  contentType?: string;
}

const json = (url: string, body: unknown): Request => ({ method: 'POST', url, payload: JSON.stringify(body), contentType: 'application/json' });

/** Where each route's body has a value of a given type (paths into VALID, plus the job wrapper). */
const NUMBER_PATHS: Record<string, string[][]> = {
  lap: [['cost', '0', '0'], ['cost', '2', '1']],
  qap: [['options', 'timeLimitMs'], ['options', 'seed']],
  maxcut: [['n'], ['edges', '0', '0'], ['edges', '1', '2'], ['options', 'timeLimitMs']],
  minimize: [['model', 'n'], ['options', 'timeLimitMs']],
  sample: [['model', 'n'], ['options', 'samples'], ['options', 'seed']],
  logz: [['model', 'n']],
};
const REQUIRED: Record<string, string[][]> = {
  lap: [['cost']],
  qap: [['qaplib']],
  maxcut: [['n'], ['edges']],
  minimize: [['model'], ['model', 'format'], ['model', 'space'], ['model', 'n']],
  sample: [['model'], ['options'], ['options', 'samples']],
  logz: [['model'], ['model', 'n']],
};
const ROUTES = Object.keys(VALID);

function withValue(body: unknown, path: readonly string[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  if (value === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return copy;
}

/** A value of any JSON type but a number. */
const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }), fc.array(fc.integer(), { maxLength: 3 }));
const numberish = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '0x10', '1', '', ' 2 ');

const wrongType = fc.constantFrom(...ROUTES).chain((route) =>
  fc.tuple(fc.constantFrom(...NUMBER_PATHS[route]!), fc.oneof(notNumber, numberish)).map(([path, value]) => json(`/v1/${route}`, withValue(VALID[route], path, value))),
);

const missing = fc.constantFrom(...ROUTES).chain((route) => fc.constantFrom(...REQUIRED[route]!).map((path) => json(`/v1/${route}`, withValue(VALID[route], path, undefined))));

/** An unknown key at the top or in options (the names the schemas allow are left out). */
const ALLOWED = new Set(['cost', 'qaplib', 'flow', 'distance', 'gset', 'n', 'edges', 'model', 'options', 'x', 'timeLimitMs', 'seed', 'workers', 'method', 'replicas', 'chains', 'betaMin', 'betaMax', 'maxRounds', 'polish', 'targetEnergy', 'targetCut', 'samples', 'beta', 'thin', 'burnIn', 'tuneRounds', 'rounds']);
const unknownKey = fc.tuple(fc.constantFrom(...ROUTES), fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !ALLOWED.has(k)), fc.boolean()).map(([route, key, inOptions]) => {
  const body = structuredClone(VALID[route]!) as Record<string, Record<string, unknown>>;
  if (inOptions) body.options = { ...(body.options ?? (route === 'sample' ? { samples: 1 } : {})), [key]: 1 };
  else (body as Record<string, unknown>)[key] = 1;
  return json(`/v1/${route}`, body);
});

const huge = fc.oneof(
  fc.integer({ min: SMALL_CAPS.maxN + 1, max: SMALL_CAPS.maxN + 20 }).map((n) => json('/v1/lap', { cost: Array.from({ length: n }, () => Array(n).fill(1)) })),
  fc.integer({ min: SMALL_CAPS.maxN + 1, max: 2 ** 31 }).map((n) => json('/v1/maxcut', { n, edges: [[0, 1, 1]] })),
  fc.integer({ min: SMALL_CAPS.maxN + 1, max: 2 ** 31 }).map((n) => json('/v1/qap', { qaplib: `${n}\n0 1\n1 0\n` })),
  fc.integer({ min: SMALL_CAPS.maxN + 1, max: 2 ** 31 }).map((n) => json('/v1/logz', { model: { ...setModelJson, n } })),
  fc.integer({ min: SMALL_CAPS.maxSamples + 1, max: 2 ** 40 }).map((samples) => json('/v1/sample', { model: setModelJson, options: { samples } })),
  fc.integer({ min: SMALL_CAPS.maxTimeLimitMs + 1, max: 2 ** 40 }).map((timeLimitMs) => json('/v1/qap', { qaplib: VALID.qap!.qaplib, options: { timeLimitMs } })),
);

/** Arrays nested `depth` deep where a matrix or a model is expected (written by hand: JSON.stringify would recurse). */
const deep = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('cost', 'model', 'edges', 'input')).map(([depth, field]): Request => {
  const nested = '['.repeat(depth) + ']'.repeat(depth);
  const payload = field === 'input' ? `{"kind":"lap","input":{"cost":${nested}}}` : field === 'edges' ? `{"n":3,"edges":${nested}}` : `{"${field}":${nested}}`;
  const url = field === 'input' ? '/v1/jobs' : field === 'edges' ? '/v1/maxcut' : field === 'cost' ? '/v1/lap' : '/v1/minimize';
  return { method: 'POST', url, payload, contentType: 'application/json' };
});

const notJson = fc.tuple(fc.constantFrom(...ROUTES, 'jobs', 'predict'), fc.string({ maxLength: 40 })).map(([route, text]): Request => ({ method: 'POST', url: `/v1/${route}`, payload: `{${text}`, contentType: 'application/json' }));

const wrongContentType = fc.tuple(fc.constantFrom(...ROUTES, 'jobs'), fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png', '')).map(
  ([route, contentType]): Request => ({ method: 'POST', url: `/v1/${route}`, payload: JSON.stringify(VALID[route] ?? { kind: 'lap', input: VALID.lap }), contentType }),
);

const badJob = fc.oneof(
  fc.constantFrom(...ROUTES).chain((kind) => fc.constantFrom(...REQUIRED[kind]!).map((path) => json('/v1/jobs', { kind, input: withValue(VALID[kind], path, undefined) }))),
  fc.tuple(fc.string({ maxLength: 10 }).filter((k) => !ROUTES.includes(k)), fc.constantFrom(...ROUTES)).map(([kind, route]) => json('/v1/jobs', { kind, input: VALID[route] })),
  fc.constantFrom(...ROUTES).chain((kind) => fc.tuple(fc.constantFrom(...NUMBER_PATHS[kind]!), notNumber).map(([path, value]) => json('/v1/jobs', { kind, input: withValue(VALID[kind], path, value) }))),
  notNumber.map((input) => json('/v1/jobs', { kind: 'lap', input })),
);

const badPredict = fc.oneof(
  fc.string({ maxLength: 80 }).map((model) => json('/v1/predict', { model, x: [[1, 2]] })),
  fc.constantFrom('../x', '/etc/passwd', 'a/b', '.', '..', 'a\\b', '%2e%2e').map((model) => json('/v1/predict', { model, x: [[1]] })),
  notNumber.map((x) => json('/v1/predict', { model: 'm', x })),
);

const unknownJob = fc.tuple(fc.constantFrom<Request['method']>('GET', 'DELETE'), fc.string({ minLength: 1, maxLength: 100 }), fc.boolean()).map(([method, id, events]): Request => ({
  method: events ? 'GET' : method,
  url: `/v1/jobs/${encodeURIComponent(id)}${events ? '/events' : ''}`,
}));

const wrongMethod = fc.constantFrom(...ROUTES, 'predict').map((route): Request => ({ method: 'GET', url: `/v1/${route}` }));

const malformed = fc.oneof(wrongType, missing, unknownKey, huge, deep, notJson, wrongContentType, badJob, badPredict, unknownJob, wrongMethod);

test('2400 malformed requests across every route: only 4xx with {error, field}, and the server stays healthy', async () => {
  let count = 0;
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(malformed, async (request) => {
      count++;
      const r = await app.inject({ method: request.method, url: request.url, ...(request.payload !== undefined && { payload: request.payload }), headers: request.contentType === undefined ? {} : { 'content-type': request.contentType } });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${request.method} ${request.url} ${request.payload?.slice(0, 120)}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      const body = r.json();
      assert.equal(typeof body.error, 'string');
      if (r.statusCode === 400) assert.match(body.field, /^(\/.*)?$/, `a JSON pointer: ${r.body}`);
    }),
    { numRuns: 2400, seed: 2026 },
  );
  assert.equal(count, 2400);
  // Each kind of refusal was exercised: schema and library (400), unknown (404), content type (415).
  for (const status of [400, 404, 415]) assert.ok((statuses.get(status) ?? 0) > 20, `${status}: ${JSON.stringify([...statuses])}`);
  if (process.env.EBM_TEST_VERBOSE) console.log(JSON.stringify([...statuses]));
  assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  const lap = await app.inject({ method: 'POST', url: '/v1/lap', payload: VALID.lap as object });
  assert.equal(lap.json().cost, 5);
  assert.equal((await app.inject({ url: '/healthz' })).json().queue, 0, 'nothing left in flight');
});
