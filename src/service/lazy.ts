/**
 * The service's dependencies (Fastify and its plugins, prom-client, TypeBox's checker) load when a server is
 * created, not when the package is imported: `import 'discrete-ebm'` for sampling should not pay for an HTTP
 * stack. They are CommonJS packages, so a synchronous require keeps `createServer` synchronous.
 */
import { createRequire } from 'node:module';

export const load = createRequire(import.meta.url);
