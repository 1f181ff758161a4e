/**
 * Jobs: POST /v1/jobs {kind, input} -> 202 {id, status}; GET /v1/jobs (recent), GET /v1/jobs/:id, GET
 * /v1/jobs/:id/events (Server-Sent Events: progress, then one result), DELETE /v1/jobs/:id (cancel: the job
 * ends as cancelled with its best-so-far). A job's input is checked by the schema of its kind's route
 * (TypeBox's checker, pointers under /input) and by the library, before it is queued.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type * as Compiler from '@sinclair/typebox/compiler';
import { load } from '../lazy.ts';
import { INPUT_FIELD, KINDS, errorSchema, jobBody, jobParams, type Kind } from '../schemas.ts';
import { prepare } from '../prepare.ts';
import { HttpError, errorReply } from '../replies.ts';
import type { JobEvent } from '../jobs.ts';
import type { Service } from '../service.ts';

function notFound(id: string): HttpError {
  return new HttpError(404, `No job ${JSON.stringify(id)} (unknown, or finished and dropped)`, '/id');
}

export function jobRoutes(app: FastifyInstance, service: Service): void {
  const { TypeCompiler } = load('@sinclair/typebox/compiler') as typeof Compiler;
  const checkers = Object.fromEntries(KINDS.map((k) => [k, TypeCompiler.Compile(service.bodies[k])])) as Record<Kind, ReturnType<typeof Compiler.TypeCompiler.Compile>>;

  app.post(
    '/v1/jobs',
    { schema: { summary: 'start a job: {kind, input: the body of that route} -> 202 {id, status: "queued"}', tags: ['jobs'], body: jobBody, response: { '4xx': errorSchema, '5xx': errorSchema } } },
    async (request, reply: FastifyReply) => {
      const { kind, input } = request.body as { kind: Kind; input: Record<string, unknown> };
      const wrong = checkers[kind].Errors(input).First();
      if (wrong) throw new HttpError(400, `input${wrong.path} ${wrong.message}`, '/input' + wrong.path);
      let prepared;
      try {
        prepared = prepare(kind, input, service.options.caps);
      } catch (error) {
        const { status, reply: body } = errorReply(error, input, INPUT_FIELD[kind], '/input');
        return reply.code(status).send(body);
      }
      await service.admit();
      const job = await service.jobs.submit(prepared);
      return reply.code(202).send({ id: job.id, status: job.status });
    },
  );

  app.get('/v1/jobs', { schema: { summary: 'recent jobs, most recent first (results left out)', tags: ['jobs'] } }, async () =>
    (await service.jobs.list()).map(({ result: _result, ...rest }) => rest),
  );

  app.get('/v1/jobs/:id', { schema: { summary: 'a job: {id, kind, status, progress, result?, error?}', tags: ['jobs'], params: jobParams, response: { '4xx': errorSchema } } }, async (request) => {
    const { id } = request.params as { id: string };
    return (await service.jobs.get(id)) ?? Promise.reject(notFound(id));
  });

  app.get('/v1/jobs/:id/events', { schema: { summary: 'Server-Sent Events: "progress" events, then one "result" event (the job)', tags: ['jobs'], params: jobParams, response: { '4xx': errorSchema } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await service.jobs.get(id))) throw notFound(id);
    // The stream is written by hand: Fastify lets go of the reply (no serializer, no onSend).
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (event: JobEvent) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
      if (event.type === 'result') res.end();
    };
    let closed = false;
    const subscribing = service.jobs.subscribe(id, (event) => closed || send(event));
    res.once('close', () => {
      closed = true;
      void subscribing.then((unsubscribe) => unsubscribe?.(), () => {});
    });
    // Gone between the check and the subscription (dropped after its TTL): the stream just ends.
    if (!(await subscribing.catch(() => undefined))) res.end();
  });

  app.delete('/v1/jobs/:id', { schema: { summary: 'cancel a job; answers once it has stopped (status cancelled, its best-so-far in result)', tags: ['jobs'], params: jobParams, response: { '4xx': errorSchema } } }, async (request) => {
    const { id } = request.params as { id: string };
    return (await service.jobs.cancel(id)) ?? Promise.reject(notFound(id));
  });
}
