/**
 * The synchronous routes: POST /v1/{lap,qap,maxcut,minimize,sample,logz} run one solve and answer its
 * `--json` keys; /v1/predict answers MAP predictions of a saved model. A client that disconnects aborts its
 * solve (the native loop returns at its next poll and the worker is free again).
 */
import type { FastifyInstance } from 'fastify';
import { INPUT_FIELD, KINDS, predictSchema, errorSchema, type Kind } from '../schemas.ts';
import { prepare } from '../prepare.ts';
import type { Service } from '../service.ts';

const SUMMARY: Record<Kind, string> = {
  lap: 'exact linear assignment of a square cost matrix: {cost, assignment}',
  qap: 'quadratic assignment (QAPLIB text or flow and distance): {cost, permutation, secondsToBest, stopped}',
  maxcut: 'max-cut (Gset text or n and 0-based edges): {cut, partition, secondsToBest, stopped}',
  minimize: 'minimum-energy state of an ebm-model/1 model: {state, energy, stopped, ...}',
  sample: 'samples of an ebm-model/1 model tallied by state: {counts, top, produced, ...} (ebm sample --json)',
  logz: 'log Z of an ebm-model/1 model, exact or PT: {logZ, method, ...} (ebm logz --json)',
};

export function solveRoutes(app: FastifyInstance, service: Service): void {
  for (const kind of KINDS) {
    app.post(
      `/v1/${kind}`,
      { schema: { summary: SUMMARY[kind], tags: ['solve'], body: service.bodies[kind], response: { '4xx': errorSchema } }, config: { inputField: INPUT_FIELD[kind] } },
      async (request, reply) => {
        const prepared = prepare(kind, request.body as Record<string, unknown>, service.options.caps);
        const controller = new AbortController();
        // 'close' also fires after a normal answer; only a close before the answer is finished is a disconnect.
        const onClose = () => {
          if (!reply.raw.writableFinished) controller.abort();
        };
        reply.raw.once('close', onClose);
        try {
          return await service.runNow(prepared, controller.signal);
        } finally {
          reply.raw.off('close', onClose);
        }
      },
    );
  }
  app.post(
    '/v1/predict',
    { schema: { summary: 'MAP predictions of a model saved under --models, by name: {model, predictions}', tags: ['solve'], body: predictSchema(service.options.caps), response: { '4xx': errorSchema } }, config: { inputField: '/x' } },
    async (request) => {
      const { model, x } = request.body as { model: string; x: number[][] };
      return service.models.predict(model, x);
    },
  );
}
