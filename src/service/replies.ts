/**
 * Every error answer is `{error, field}`: Fastify's own (schema validation, body too large, bad JSON, wrong
 * content type), the library's input errors (400, the field read off the message), and ours. Bad input is
 * never a 5xx: only an error that is neither marked as input nor carries a 4xx status is a 500, except a run
 * stopped without a partial answer (TimeoutError: 504, AbortError: 503), which keeps its name.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isInputError } from '../errors.ts';
import { pointer, pointerOf } from './fields.ts';

/** An answer with a status other than 200, e.g. 404 for an unknown job, 503 when the queue is full. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ErrorReply {
  error: string;
  field?: string;
}

/** The pointer of one ajv error: its instancePath, plus the missing or extra property it names. */
function validationField(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return '';
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const extra = params.missingProperty ?? params.additionalProperty;
  return first.instancePath + (extra === undefined ? '' : pointer([extra]));
}

/**
 * The status and body for `error`. `fallback` is the pointer of the input a route parses (a library message
 * that names no field is about it); `base` prefixes pointers (a job's input sits under /input).
 */
export function errorReply(error: unknown, body: unknown, fallback = '', base = ''): { status: number; reply: ErrorReply; headers?: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.statusCode, reply: { error: error.message, ...(error.field !== undefined && { field: error.field }) }, headers: error.headers };
  if (isInputError(error)) {
    const own = (error as { field?: unknown }).field;
    const field = typeof own === 'string' ? base + own : pointerOf(error.message, body, fallback, base);
    return { status: 400, reply: { error: `${error.name}: ${error.message}`, field } };
  }
  const e = error as FastifyError;
  if (e?.validation) return { status: 400, reply: { error: e.message, field: base + validationField(e) } };
  // Fastify's own 4xx (413 body too large, 415 content type, 400 bad JSON): about the whole body.
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, reply: { error: e.message, field: '' } };
  // A run stopped with no partial answer (exact log Z past its time limit, or cancelled): named, not a bug.
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && (code === 'EBM_TIMEOUT' || code === 'ABORT_ERR')) return { status: code === 'EBM_TIMEOUT' ? 504 : 503, reply: { error: `${error.name}: ${error.message}` } };
  return { status: 500, reply: { error: 'internal error' } };
}

/** The error handler of the service's routes. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const fallback = (request.routeOptions.config as { inputField?: string } | undefined)?.inputField ?? '';
  const { status, reply: body, headers } = errorReply(error, request.body, fallback);
  if (status >= 500) request.log.error(error);
  void reply.code(status).headers(headers ?? {}).send(body);
}
