/**
 * The request bodies as JSON Schema (TypeBox): the one source for validation (Fastify's ajv on the routes,
 * TypeBox's checker on job inputs) and for /openapi.json. The caps are the schema's bounds, so the OpenAPI
 * document reports them. Only the shape is checked here; the library's own checks come after (a model's
 * fields, a square matrix, a QAPLIB text).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { ServiceCaps } from './options.ts';

/** The operations a synchronous route runs and a job can run. */
export const KINDS = ['lap', 'qap', 'maxcut', 'minimize', 'sample', 'logz'] as const;
export type Kind = (typeof KINDS)[number];

/** The pointer a library message about a route's input falls back to: the input the route parses. */
export const INPUT_FIELD: Record<Kind, string> = { lap: '/cost', qap: '/qaplib', maxcut: '/gset', minimize: '/model', sample: '/model', logz: '/model' };

const strict = { additionalProperties: false } as const;

function matrix(caps: ServiceCaps, description: string): TSchema {
  return Type.Array(Type.Array(Type.Number(), { maxItems: caps.maxN }), { minItems: 1, maxItems: caps.maxN, description });
}

/** Run control every budgeted option set takes; `workers` is bounded by the server's pool. */
function runControl(caps: ServiceCaps, workers: number) {
  return {
    timeLimitMs: Type.Optional(Type.Number({ minimum: 0, maximum: caps.maxTimeLimitMs, description: `wall-clock budget (default ${caps.defaultTimeLimitMs} ms where a budget is needed)` })),
    seed: Type.Optional(Type.Integer({ minimum: 0 })),
    workers: Type.Optional(Type.Integer({ minimum: 1, maximum: workers, description: 'worker threads of the pool for this run (default 1)' })),
  };
}

/** One of these strings. */
function choice(values: readonly string[]): TSchema {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

/** An optional integer >= minimum (chains, replicas, rounds, ...). */
function count(minimum: number) {
  return Type.Optional(Type.Integer({ minimum }));
}

function minimizeOptions(caps: ServiceCaps, workers: number, methods: readonly string[], extra: Record<string, TSchema> = {}): TSchema {
  return Type.Object(
    {
      ...runControl(caps, workers),
      method: Type.Optional(choice(methods)),
      replicas: count(1),
      chains: count(1),
      betaMin: Type.Optional(Type.Number()),
      betaMax: Type.Optional(Type.Number()),
      maxRounds: count(0),
      polish: Type.Optional(Type.Boolean()),
      ...extra,
    },
    strict,
  );
}

/** {model, options} where the options are these fields (required for sampling: `samples` is). */
function modelBody(model: TSchema, options: Record<string, TSchema>, required: boolean): TSchema {
  const o = Type.Object(options, strict);
  return Type.Object({ model, options: required ? o : Type.Optional(o) }, strict);
}

/** An ebm-model/1 object: its envelope here, every other field checked by the library (modelFromJson). */
function modelSchema(caps: ServiceCaps): TSchema {
  return Type.Object(
    {
      format: Type.Literal('ebm-model/1'),
      space: Type.Union([Type.Literal('set'), Type.Literal('permutation')]),
      n: Type.Integer({ minimum: 1, maximum: caps.maxN }),
    },
    { additionalProperties: true, description: 'a model file\'s JSON, "format": "ebm-model/1" (see the README\'s "Model file format")' },
  );
}

/** The body schema of each operation's route (and of a job's `input`). */
export function bodySchemas(caps: ServiceCaps, workers: number): Record<Kind, TSchema> {
  const model = modelSchema(caps);
  return {
    lap: Type.Object({ cost: matrix(caps, 'square cost matrix, row i -> column') }, strict),
    // Either form of an input, as optional fields of one object (prepare.ts requires exactly one): a union
    // would make ajv report the other form's missing field instead of the bad value.
    qap: Type.Object(
      {
        qaplib: Type.Optional(Type.String({ description: 'QAPLIB .dat text: n, then the flow and distance matrices' })),
        flow: Type.Optional(matrix(caps, 'flow A, n x n (with distance, instead of qaplib)')),
        distance: Type.Optional(matrix(caps, 'distance B, n x n')),
        options: Type.Optional(minimizeOptions(caps, workers, ['hybrid', 'pt', 'sa', 'tabu'], { targetEnergy: Type.Optional(Type.Number()) })),
      },
      { ...strict, description: 'cost(sigma) = sum_ij A[i][j] B[sigma(i)][sigma(j)]: {qaplib} or {flow, distance}' },
    ),
    maxcut: Type.Object(
      {
        gset: Type.Optional(Type.String({ description: 'Gset text: "n m", then "u v w" per edge, 1-based' })),
        n: Type.Optional(Type.Integer({ minimum: 1, maximum: caps.maxN, description: 'vertices (with edges, instead of gset)' })),
        edges: Type.Optional(Type.Array(Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }), { maxItems: caps.maxEdges, description: '[u, v, w], 0-based' })),
        options: Type.Optional(minimizeOptions(caps, workers, ['pt', 'sa'], { targetCut: Type.Optional(Type.Number()) })),
      },
      { ...strict, description: '{gset} or {n, edges}' },
    ),
    minimize: Type.Object({ model, options: Type.Optional(minimizeOptions(caps, workers, ['pt', 'sa', 'hybrid', 'tabu'], { targetEnergy: Type.Optional(Type.Number()) })) }, strict),
    sample: modelBody(
      model,
      {
        ...runControl(caps, workers),
        samples: Type.Integer({ minimum: 1, maximum: caps.maxSamples }),
        method: Type.Optional(choice(['gibbs', 'pt'])),
        beta: Type.Optional(Type.Number()),
        chains: count(1),
        replicas: count(1),
        thin: count(1),
        burnIn: count(0),
      },
      true,
    ),
    logz: modelBody(
      model,
      { ...runControl(caps, workers), method: Type.Optional(choice(['exact', 'pt'])), beta: Type.Optional(Type.Number()), chains: count(1), replicas: count(2), tuneRounds: count(0), rounds: count(1) },
      false,
    ),
  };
}

/** A saved model's name: a folder directly under --models, never a path. */
export const MODEL_NAME = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';

export function predictSchema(caps: ServiceCaps): TSchema {
  return Type.Object(
    {
      model: Type.String({ pattern: MODEL_NAME, description: 'name of a model saved under --models (ebm train --save DIR/NAME)' }),
      x: Type.Array(Type.Array(Type.Number()), { minItems: 1, maxItems: caps.maxPredictRows, description: 'feature rows (raw; the model standardizes them)' }),
    },
    strict,
  );
}

export const jobBody = Type.Object({ kind: choice(KINDS), input: Type.Object({}, { additionalProperties: true, description: 'the body of that kind\'s route' }) }, strict);

export const jobParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, strict);

/** Every error answer: a message and the JSON pointer of the bad value ("" = the whole body). */
export const errorSchema = Type.Object({ error: Type.String(), field: Type.Optional(Type.String()) });
