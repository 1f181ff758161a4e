/**
 * A validated request body -> a run: the inputs parsed and checked now (bad input is a 400 before any work
 * starts, for a job too), the solve started later with a signal and a progress callback. Parsing and the
 * `--json` answers are the CLI's own (src/cli/commands), so both doors answer alike.
 */
import { parseQaplibDat, type QapInstance } from '../data/qaplib.ts';
import { parseGset, type Graph } from '../data/gset.ts';
import { modelFromJson } from '../energies/modelFile.ts';
import { assignAsync, squareCostMatrix } from '../solve/assign.ts';
import { solveQap } from '../solve/qap.ts';
import { maxCut } from '../solve/maxcut.ts';
import { minimize, type MinimizeOptions } from '../solve/minimize.ts';
import { sampleCounts } from '../sample/sample.ts';
import { logPartition } from '../sample/logz.ts';
import type { Progress } from '../cancel.ts';
import { lapJson } from '../cli/commands/lap.ts';
import { qapJson } from '../cli/commands/qap.ts';
import { maxCutJson } from '../cli/commands/maxcut.ts';
import { sampleJson } from '../cli/commands/sample.ts';
import { logZJson } from '../cli/commands/logz.ts';
import { minimizeJson } from '../cli/commands/minimize.ts';
import { fieldError } from './fields.ts';
import type { Kind } from './schemas.ts';
import type { ServiceCaps } from './options.ts';

/** What a running solve reports: `best` in the operation's terms (QAP cost, cut, energy, samples kept). */
export interface RunProgress {
  seconds: number;
  rounds: number;
  best?: number;
}

export interface RunContext {
  signal: AbortSignal;
  onProgress?: (p: RunProgress) => void;
}

export interface Prepared {
  kind: Kind;
  /** The request body it was prepared from (error pointers of a late failure point into it). */
  body: Record<string, unknown>;
  run(context: RunContext): Promise<Record<string, unknown>>;
}

type Body = Record<string, unknown>;
type Options = Record<string, unknown>;

/**
 * The budget a run gets when the request gives none (the library needs one, and a request must end): the
 * default time limit, or the largest time limit as a guard where the work has its own end (`maxRounds`,
 * `samples`, PT's rounds, or an exact run: an assignment or an enumeration cut at 1 s would be no answer).
 */
function withBudget(options: Options, caps: ServiceCaps, exact = false): Options {
  if (options.timeLimitMs !== undefined) return options;
  const ownEnd = exact || options.maxRounds !== undefined || options.samples !== undefined || options.method === 'pt';
  return { ...options, timeLimitMs: ownEnd ? caps.maxTimeLimitMs : caps.defaultTimeLimitMs };
}

/** Runs go through the library's worker pool (one thread unless the request asks for more). */
function control(options: Options, context: RunContext, best: (p: Progress) => number | undefined): Options {
  const { onProgress } = context;
  return {
    ...options,
    workers: options.workers ?? 1,
    signal: context.signal,
    ...(onProgress && {
      onProgress: (p: Progress) => {
        const value = best(p);
        onProgress({ seconds: p.seconds, rounds: p.rounds, ...(value !== undefined && { best: value }) });
      },
    }),
  };
}

function qapInstance(body: Body, caps: ServiceCaps): QapInstance {
  if (typeof body.qaplib === 'string') {
    if (body.flow !== undefined || body.distance !== undefined) throw fieldError('/qaplib', 'Expected either qaplib or flow and distance, not both');
    const instance = parseQaplibDat(body.qaplib, 'qaplib');
    if (instance.n > caps.maxN) throw fieldError('/qaplib', `Expected n <= ${caps.maxN} (the service's cap) in qaplib but received ${instance.n}`);
    return instance;
  }
  if (body.flow === undefined) throw fieldError('/qaplib', 'Expected qaplib (QAPLIB .dat text) or flow and distance');
  if (body.distance === undefined) throw fieldError('/distance', 'Expected distance with flow');
  const flow = squareCostMatrix(body.flow as number[][], 'flow');
  const distance = squareCostMatrix(body.distance as number[][], 'distance');
  if (distance.n !== flow.n) throw fieldError('/distance', `Expected distance of ${flow.n} x ${flow.n} as flow but received ${distance.n} rows`);
  return { n: flow.n, flow: flow.cost, distance: distance.cost };
}

/** The graph of {gset} or {n, edges} (0-based, each [u, v, w] with u != v in [0, n) and w finite). */
function graphOf(body: Body, caps: ServiceCaps): Graph {
  if (typeof body.gset === 'string') {
    if (body.n !== undefined || body.edges !== undefined) throw fieldError('/gset', 'Expected either gset or n and edges, not both');
    const g = parseGset(body.gset, 'gset');
    if (g.n > caps.maxN || g.u.length > caps.maxEdges) throw fieldError('/gset', `Expected at most ${caps.maxN} vertices and ${caps.maxEdges} edges (the service's caps) in gset but received ${g.n} and ${g.u.length}`);
    return g;
  }
  if (body.n === undefined) throw fieldError('/gset', 'Expected gset (Gset text) or n and edges');
  if (body.edges === undefined) throw fieldError('/edges', 'Expected edges with n');
  const n = body.n as number;
  const edges = body.edges as number[][];
  const g: Graph = { n, u: new Int32Array(edges.length), v: new Int32Array(edges.length), w: new Float64Array(edges.length) };
  edges.forEach(([u, v, w], e) => {
    if (!Number.isInteger(u) || u! < 0 || u! >= n) throw fieldError(`/edges/${e}/0`, `Expected vertex in [0, ${n - 1}] for edges[${e}][0] but received ${u}`);
    if (!Number.isInteger(v) || v! < 0 || v! >= n || v === u) throw fieldError(`/edges/${e}/1`, `Expected vertex in [0, ${n - 1}] other than ${u} for edges[${e}][1] but received ${v}`);
    g.u[e] = u!;
    g.v[e] = v!;
    g.w[e] = w!;
  });
  return g;
}

/** The inputs of `body` (already shaped by its schema) parsed and checked; throws input errors. */
export function prepare(kind: Kind, body: Body, caps: ServiceCaps): Prepared {
  const options = (body.options ?? {}) as Options;
  switch (kind) {
    case 'lap': {
      const problem = squareCostMatrix(body.cost as number[][], 'cost');
      // The body has no options: the guard of an exact run. Cancelled or past it, the answer is the greedy
      // completion of the partial assignment, with `stopped`.
      const o = withBudget({}, caps, true) as { timeLimitMs: number };
      return { kind, body, run: async (c) => lapJson(problem.n, await assignAsync(problem, { signal: c.signal, timeLimitMs: o.timeLimitMs })) };
    }
    case 'qap': {
      const instance = qapInstance(body, caps);
      const o = withBudget(options, caps);
      return { kind, body, run: async (c) => qapJson(instance.n, await solveQap(instance, control(o, c, (p) => p.bestEnergy) as MinimizeOptions<'hybrid'>)) };
    }
    case 'maxcut': {
      const graph = graphOf(body, caps);
      const o = withBudget(options, caps);
      return { kind, body, run: async (c) => maxCutJson(graph, await maxCut(graph, control(o, c, (p) => (p.bestEnergy === undefined ? undefined : -p.bestEnergy)) as MinimizeOptions)) };
    }
    case 'minimize': {
      const model = modelFromJson(body.model, 'model');
      const o = withBudget(options, caps);
      return { kind, body, run: async (c) => minimizeJson(model, await minimize(model as never, control(o, c, (p) => p.bestEnergy) as MinimizeOptions<never>)) };
    }
    case 'sample': {
      const model = modelFromJson(body.model, 'model');
      const o = withBudget(options, caps);
      return { kind, body, run: async (c) => sampleJson(await sampleCounts(model, control(o, c, (p) => p.produced) as never), (o.method as 'gibbs' | 'pt' | undefined) ?? 'gibbs') };
    }
    case 'logz': {
      const model = modelFromJson(body.model, 'model');
      // Both methods stop on the job's signal and the budget; exact then rejects (TimeoutError, AbortError).
      const o = withBudget(options, caps, (options.method ?? 'exact') === 'exact');
      return { kind, body, run: async (c) => logZJson(await logPartition(model, control(o, c, () => undefined) as never)) };
    }
  }
}
