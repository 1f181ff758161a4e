/**
 * createServer: the HTTP service as a Fastify instance, not listening, so a user can mount it in their own
 * service or call `listen` (`ebm serve` does). Every body is validated by its route's JSON Schema, then by the
 * library's checks; all errors answer `{error, field}`. Solves run in the library's worker pool (sized to
 * `workers`), so the event loop stays free.
 */
import type { FastifyInstance } from 'fastify';
import type FastifySwagger from '@fastify/swagger';
import type FastifyModule from 'fastify';
import { load } from './lazy.ts';
import { setPoolSize } from '../pool/pool.ts';
import { requireInteger, rangeError } from '../errors.ts';
import { tokenChecker } from './auth.ts';
import { resolveOptions, type CreateServerOptions } from './options.ts';
import { handleError, HttpError } from './replies.ts';
import { Service } from './service.ts';
import { solveRoutes } from './routes/solve.ts';
import { jobRoutes } from './routes/jobs.ts';
import { pageRoutes, PUBLIC_ROUTES } from './routes/pages.ts';
import { packageVersion } from '../cli/version.ts';

export type { CreateServerOptions, ServiceCaps } from './options.ts';

/** Time a shutdown waits for cancelled runs to hand back their best-so-far. */
const STOP_WAIT_MS = 2000;

function checkOptions(options: CreateServerOptions): void {
  if (options.workers !== undefined) requireInteger('workers', options.workers, 1);
  if (options.maxQueue !== undefined) requireInteger('maxQueue', options.maxQueue, 1);
  if (options.bodyLimit !== undefined) requireInteger('bodyLimit', options.bodyLimit, 1);
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.trim() === '')) throw rangeError('Expected a non-empty token');
  if (options.redis !== undefined && (typeof options.redis !== 'string' || options.redis === '')) throw rangeError('Expected a Redis URL (redis://host:6379) for redis');
}

/**
 * @example
 * ```ts
 * import { createServer } from 'discrete-ebm';
 * const app = createServer({ workers: 4 });
 * await app.listen({ port: 8080, host: '127.0.0.1' }); // or mount it in your own Fastify app
 * const r = await app.inject({ method: 'POST', url: '/v1/lap', payload: { cost: [[4, 1], [2, 0]] } });
 * r.json(); // { n: 2, cost: 3, assignment: [1, 0], seconds: ... }
 * ```
 */
export function createServer(options: CreateServerOptions = {}): FastifyInstance {
  checkOptions(options);
  const resolved = resolveOptions(options);
  setPoolSize(resolved.workers);
  const service = new Service(resolved);
  const Fastify = load('fastify') as typeof FastifyModule;
  const app = Fastify({
    logger: resolved.logger,
    bodyLimit: resolved.bodyLimit,
    // Bad input must fail, not be mended: no type coercion ("1" stays a string), no dropped keys.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    // A cancelled job's stream and keep-alive sockets must not hold a shutdown.
    forceCloseConnections: true,
  });

  app.register(load('@fastify/swagger') as typeof FastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'discrete-ebm service',
        version: packageVersion(),
        description: `Energy-based models over sets and permutations over HTTP (ebm serve). Caps: ${JSON.stringify(resolved.caps)}; body limit ${resolved.bodyLimit} bytes; queue ${resolved.maxQueue}; pool ${resolved.workers} workers; jobs ${resolved.redis !== undefined ? `on the Redis queue ${resolved.queue}` : 'in process'}.`,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(resolved.token !== undefined && { security: [{ bearer: [] }] }),
      'x-ebm-caps': { ...resolved.caps, bodyLimit: resolved.bodyLimit, maxQueue: resolved.maxQueue, workers: resolved.workers },
    } as never,
  });

  // One scope for hooks, the error handler and the routes, registered after swagger so it sees every route;
  // skip-override (what fastify-plugin sets) keeps them on the root, so 404s get the same answers.
  const routes = async (scope: FastifyInstance) => {
    scope.setErrorHandler(handleError);
    scope.setNotFoundHandler((request, reply) => void reply.code(404).send({ error: `No route ${request.method} ${request.url.split('?')[0]}` }));
    if (resolved.token !== undefined) {
      const authorized = tokenChecker(resolved.token);
      scope.addHook('onRequest', async (request) => {
        if (PUBLIC_ROUTES.has(request.routeOptions.url ?? '')) return;
        if (!authorized(request.headers.authorization)) throw new HttpError(401, 'Expected Authorization: Bearer <token>', undefined, { 'www-authenticate': 'Bearer' });
      });
    }
    scope.addHook('onResponse', async (request, reply) => {
      service.metrics.requestSeconds.observe({ route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    scope.addHook('preClose', async () => service.stopAll(STOP_WAIT_MS));
    solveRoutes(scope, service);
    jobRoutes(scope, service);
    pageRoutes(scope, service);
  };
  (routes as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  app.register(routes);
  return app;
}
