/** Bearer token: with one, every route but /healthz and the dashboard's static files needs it; without, none does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smallServer, VALID } from './helpers.ts';

test('token on: 401 without or with a wrong token, 200 with it; /healthz and / stay open', async () => {
  const app = smallServer({ token: 's3cret-token' });
  const lap = (authorization?: string) => app.inject({ method: 'POST', url: '/v1/lap', payload: VALID.lap as object, headers: authorization === undefined ? {} : { authorization } });
  for (const header of [undefined, 'Bearer wrong', 'Bearer s3cret-toke', 'Bearer s3cret-token2', 's3cret-token', 'Basic s3cret-token', 'Bearer ']) {
    const r = await lap(header);
    assert.equal(r.statusCode, 401, String(header));
    assert.equal(r.headers['www-authenticate'], 'Bearer');
  }
  assert.equal((await lap('Bearer s3cret-token')).statusCode, 200);
  for (const url of ['/v1/jobs', '/metrics', '/openapi.json', '/v1/jobs/x']) assert.equal((await app.inject({ url })).statusCode, 401, url);
  for (const url of ['/healthz', '/', '/app.js', '/vendor/vega-embed.min.js']) assert.equal((await app.inject({ url })).statusCode, 200, url);
  assert.deepEqual((await app.inject({ url: '/openapi.json', headers: { authorization: 'Bearer s3cret-token' } })).json().security, [{ bearer: [] }]);
  await app.close();
});

test('token off: no header needed', async () => {
  const app = smallServer();
  assert.equal((await app.inject({ method: 'POST', url: '/v1/lap', payload: VALID.lap as object })).statusCode, 200);
  assert.equal((await app.inject({ url: '/metrics' })).statusCode, 200);
  await app.close();
});
