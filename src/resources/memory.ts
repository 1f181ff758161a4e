/**
 * The memory a job will take, estimated from its sizes before anything is allocated, and the limit it must fit
 * under (`maxMemoryMB`). A 22-byte graph file can declare 2^24 vertices, and 32 replicas of them take 13 GB:
 * the job is refused with a RangeError saying how much it would need, instead of growing until the kernel
 * kills the process. The estimate is an upper bound of the big allocations (the addon's lanes in
 * native/core/{set,perm}_lanes.hpp, its model copies, the returned rows, worker threads), not a measurement;
 * checked against peak RSS growth: sets n = 1e6 x 32 lanes 451 MB measured / 594 MB estimated, dense n = 3000
 * 94 / 215 MB, QAP n = 1500 with 1 and 4 tabu walks 139 / 180 and 313 / 396 MB.
 */
import { totalmem } from 'node:os';
import { rangeError, requireNumber } from '../errors.ts';
import type { SetModel } from '../energies/setModel.ts';
import type { PermModel } from '../energies/permModel.ts';

const MB = 2 ** 20;

/** The default limit: a quarter of the memory this process may use (the cgroup limit if lower), in MB. */
export function defaultMaxMemoryMB(): number {
  const fromEnv = process.env.EBM_MAX_MEMORY_MB;
  if (fromEnv !== undefined && fromEnv !== '') return requireNumber('EBM_MAX_MEMORY_MB', Number(fromEnv), 1);
  // process.constrainedMemory(): the cgroup limit, 0 or a huge value when there is none.
  const constrained = process.constrainedMemory?.() ?? 0;
  const machine = constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
  return Math.floor(machine / 4 / MB);
}

/** The validated `maxMemoryMB` option, or the default. */
export function maxMemoryMBOption(value: unknown): number {
  return value === undefined ? defaultMaxMemoryMB() : requireNumber('maxMemoryMB', value, 1);
}

/** What a job allocates, by sizes: the parts of the estimate. */
export interface JobSize {
  model: SetModel | PermModel;
  /** Sampler lanes: chains x replicas (1 replica for Gibbs). */
  lanes: number;
  /** Rows of n values returned (samples), 0 when the job returns one state. */
  rows: number;
  /** Permutations: chains that run a tabu walk beside (or instead of) the sampler, each with n x n tables. */
  searches?: number;
  /** Worker threads the job is split over; 0 or absent: the libuv thread. */
  workers?: number;
}

/** Bytes of the model's arrays (the JS model; the addon holds one copy of the same size per job part). */
function modelBytes(model: SetModel | PermModel): number {
  if (model.space === 'set') {
    const c = model.couplings;
    const couplings = c.kind === 'dense' ? c.W.byteLength : c.rowPtr.byteLength + c.col.byteLength + c.weight.byteLength;
    return model.unary.byteLength + couplings + model.n;
  }
  return (model.linear?.byteLength ?? 0) + (model.flow?.byteLength ?? 0) + (model.distance?.byteLength ?? 0) + 4 * model.n;
}

/** The estimate in bytes, by part (for the error message). */
export function estimateJobBytes(job: JobSize): { total: number; parts: Record<string, number> } {
  const n = job.model.n;
  const workers = job.workers ?? 0;
  const copies = Math.max(1, workers);
  const model = modelBytes(job.model);
  const parts: Record<string, number> = {};
  // The addon copies the model per job part; set lanes keep their own copy of the couplings, QAP lanes the
  // symmetrized and transposed flow and distance (QapData: up to twice the model again); workers get a
  // structured clone of the JS model each.
  parts.model = model * (1 + copies * (job.model.space === 'set' ? 2 : 3) + workers);
  if (job.model.space === 'set') {
    // y and the cached local field, 8 bytes each at most (float64 lanes), lanes padded to a SIMD group of 8
    // doubles (wider types fill the same 64-byte vectors), plus the free-item list of cardinality moves.
    const padded = Math.ceil(job.lanes / 8) * 8 + 8 * (copies - 1);
    parts.lanes = padded * n * (16 + (job.model.cardinality === null ? 0 : 4));
  } else {
    // sigma and its inverse (int32 each), and per tabu walk its n x n tables: move values and tabu state
    // (8 + 8 bytes per pair), the distances in the walk's order and the flow/distance copies it reads
    // (perm_search.hpp: 32 bytes per n^2 with symmetric data, 40 in general; 40 taken).
    parts.lanes = job.lanes * n * 8 + (job.searches ?? 0) * n * n * 40;
  }
  // Rows: the worker's part, then the merged copy; one byte per item for sets, int32 for permutations.
  parts.rows = job.rows * n * (job.model.space === 'set' ? 1 : 4) * (workers > 1 ? 2 : 1);
  // A worker thread (V8 isolate and the loaded addon) is about 9 MB.
  parts.workers = workers * 10 * MB;
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, parts };
}

function mb(bytes: number): string {
  return bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(1)} GB` : `${Math.ceil(bytes / MB)} MB`;
}

/**
 * Throws a RangeError (code EBM_INVALID_INPUT) naming maxMemoryMB when the job's estimate exceeds the limit;
 * `what` names the job ("sample", "minimize") and `levers` the options that shrink it.
 */
export function checkMemory(what: string, job: JobSize, maxMemoryMB: number, levers: string): void {
  const { total, parts } = estimateJobBytes(job);
  if (total <= maxMemoryMB * MB) return;
  const breakdown = Object.entries(parts)
    .filter(([, bytes]) => bytes >= MB)
    .map(([part, bytes]) => `${part} ${mb(bytes)}`)
    .join(', ');
  throw rangeError(
    `Expected a job that fits in maxMemoryMB = ${maxMemoryMB} but this ${what} of n = ${job.model.n} items with ${job.lanes} lanes ` +
      `would need about ${mb(total)} (${breakdown}); lower ${levers}, or raise maxMemoryMB (CLI --max-memory-mb, env EBM_MAX_MEMORY_MB)`,
  );
}

/**
 * Throws a RangeError (code EBM_INVALID_INPUT) naming `name` (the hidden widths) when a network of these layer
 * sizes would not fit: float32 weights, their gradients and Adam's two moments, 16 bytes per parameter, plus
 * the initial values built in JS (4 more). `hidden: [65535, 65535]` is 4.3e9 parameters, 86 GB.
 */
export function checkNetworkMemory(name: string, sizes: readonly number[], maxMemoryMB = defaultMaxMemoryMB()): void {
  let params = 0;
  for (let l = 0; l + 1 < sizes.length; l++) params += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  const bytes = params * 20;
  if (bytes <= maxMemoryMB * MB) return;
  throw rangeError(
    `Expected a network that fits in maxMemoryMB = ${maxMemoryMB} but ${name} gives layers ${sizes.join(' x ')} = ${params.toExponential(2)} parameters, ` +
      `about ${mb(bytes)} to train (${mb(params * 8)} to load); use narrower layers or raise the limit (env EBM_MAX_MEMORY_MB)`,
  );
}
