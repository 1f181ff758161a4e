/** Shared by the service tests: a server with small caps, valid bodies for every route, a listening server. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createServer, type CreateServerOptions } from '../../src/service/server.ts';

export const nug12 = readFileSync(fileURLToPath(new URL('../../data/nug12.dat', import.meta.url)), 'utf8');

/** Caps small enough that "too large" inputs are cheap to build. */
export const SMALL_CAPS = { maxN: 40, maxEdges: 500, maxSamples: 5000, maxTimeLimitMs: 3000, defaultTimeLimitMs: 100, maxPredictRows: 20 };

export function smallServer(options: CreateServerOptions = {}): FastifyInstance {
  return createServer({ workers: 2, caps: SMALL_CAPS, ...options });
}

export const setModelJson = { format: 'ebm-model/1', space: 'set', n: 4, unary: [1, -1, 0.5, -0.5], pairwise: { edges: [[0, 1, -1], [2, 3, 2]] } };
export const permModelJson = { format: 'ebm-model/1', space: 'permutation', n: 3, linear: [[0, 1, 2], [2, 0, 1], [1, 2, 0]] };

/** One valid body per synchronous route (short budgets). */
export const VALID: Record<string, Record<string, unknown>> = {
  lap: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]] },
  qap: { qaplib: '3\n0 1 2\n1 0 3\n2 3 0\n\n0 5 2\n5 0 1\n2 1 0\n', options: { timeLimitMs: 50, seed: 2 } },
  maxcut: { n: 4, edges: [[0, 1, 1], [1, 2, 1], [2, 3, 1], [3, 0, 1]], options: { timeLimitMs: 50 } },
  minimize: { model: setModelJson, options: { timeLimitMs: 50 } },
  sample: { model: setModelJson, options: { samples: 200, seed: 1 } },
  logz: { model: permModelJson },
};

/** Listens on a free loopback port; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Polls until `done()` is true or `ms` passes. */
export async function until(done: () => Promise<boolean> | boolean, ms = 10_000, every = 20): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A Server-Sent Events stream read into `events` as it arrives; `done` resolves when the server ends it. */
export function readEvents(response: Response): { events: { type: string; data: Record<string, unknown> }[]; done: Promise<void> } {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const done = (async () => {
    let buffer = '';
    for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        events.push({ type: /^event: (.*)$/m.exec(block)![1]!, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) });
      }
    }
  })();
  return { events, done };
}
