/**
 * Max-cut as a set model: with y_i = 1 on one side, cut(y) = sum_edges w_uv (y_u + y_v - 2 y_u y_v), so
 * E(y) = -cut(y) has unary h_u = -sum_v w_uv and couplings W_uv = 2 w_uv. maxCut searches the graph's kernel
 * (cutKernel.ts: the vertices of degree <= 2 eliminated exactly) and expands its answer; the returned cut is
 * recomputed from the whole partition, never taken from the sampler's energy.
 */
import { availableParallelism, loadavg } from 'node:os';
import { setModel, type SetModel } from '../energies/setModel.ts';
import { cutValue, requireGraph, type Graph } from '../data/gset.ts';
import { invalidParameterError, requireNumber } from '../errors.ts';
import { minimize, type MinimizeOptions, type MinimizeResult } from './minimize.ts';
import { cutKernel, expandCut } from './cutKernel.ts';

/**
 * `ebm maxcut`'s parallelism without --workers: one chain (PT ladder) per worker, on two workers when about two
 * cores are idle (cores minus the 1-minute load average >= 1.5), one otherwise. Measured on the shared two-core
 * machine at load ~17: G55 in 10 s cut 10277 with 2 chains on 2 workers against 10289 with one (each chain got
 * half the sweeps); on idle cores the second chain comes free. A time budget already makes the answer depend on
 * the machine's speed; --chains (and --workers) fix it.
 */
export const MAXCUT_MAX_WORKERS = 2;
export function maxCutWorkers(): number {
  const idle = availableParallelism() - loadavg()[0]!;
  return idle >= 1.5 ? Math.min(MAXCUT_MAX_WORKERS, availableParallelism()) : 1;
}

/**
 * `ebm maxcut`'s chains without --chains: two per worker for 'pt' (or 'sa') when the model runs in byte lanes,
 * one otherwise. Byte lanes hold 64 lanes per SIMD group and a PT ladder 32 replicas, so one chain leaves half
 * of every group idle and a second ladder rides in it for free: measured on G55 (1000 rounds, load ~13) 0.59-0.84
 * CPU s for 1 x 32, 2 x 32 and 1 x 64 replicas alike. Chain 0 runs exactly as it would alone (chains draw from
 * their own global ids), so the best of two is never worse at equal rounds. Other lanes (real weights, fields
 * beyond int8) fill their groups with one ladder: a second would double the work. The tabu walks of 'hybrid'
 * and 'tabu' cost per chain, so they keep one. On lattices (every vertex of degree <= 4) a 'pt' ladder has 64
 * replicas (LATTICE_REPLICAS, below) and fills the group alone: one chain per worker.
 */
export function maxCutChains(g: Graph, workers: number, method = 'pt', replicas?: number): number {
  const searched = cutKernel(g)?.graph ?? g;
  const lanesPerLadder = replicas ?? (method === 'sa' ? 16 : method === 'pt' && lattice(searched) ? LATTICE_REPLICAS : 32);
  if ((method !== 'pt' && method !== 'sa') || lanesPerLadder > BYTE_LANES / 2 || !byteLanes(searched)) return workers;
  return workers * Math.min(2, Math.floor(BYTE_LANES / lanesPerLadder));
}

/**
 * Replicas per PT ladder when the graph searched is a lattice (every vertex of degree <= 4, as Gset's tori), where
 * PT runs Houdayer cluster moves between neighbouring replicas (native/core/set_cluster.hpp): the closer betas of a
 * longer ladder accept more of them. Measured on G81 (20000-vertex torus, 10 s, one thread, load ~3.3-3.6, ~7 CPU
 * s): one ladder of 64 cut 13942 / 13960 / 13962 (seeds 1-3), two of 32 13890 / 13932 / 13904, one of 32 13934 /
 * 13928 (seeds 1-2), one of 128 13922 / 13922.
 */
const LATTICE_REPLICAS = 64;

/** Every vertex of degree <= 4 (what SetClusterMoves::handles checks on the model's couplings). */
function lattice(g: Graph): boolean {
  const degree = new Int32Array(g.n);
  for (let e = 0; e < g.u.length; e++) if (++degree[g.u[e]!]! > 4 || ++degree[g.v[e]!]! > 4) return false;
  return g.n >= 2;
}

/** Lanes per SIMD group of the byte lanes (native/core/set_bytes.hpp). */
const BYTE_LANES = 64;

/**
 * Whether maxCutModel(g) runs in byte lanes: what byteLanesExact (native/core/set_bytes.hpp) checks, on the
 * graph: integer weights, couplings 2 w in [-127, 127] and every local field, from -sum w + 2 (sum of the negative w) to
 * -sum w + 2 (sum of the positive w), within [-127, 127].
 */
function byteLanes(g: Graph): boolean {
  const total = new Float64Array(g.n), negative = new Float64Array(g.n), positive = new Float64Array(g.n);
  for (let e = 0; e < g.u.length; e++) {
    const w = g.w[e]!;
    if (!Number.isInteger(w) || Math.abs(2 * w) > 127) return false;  // integer w: h = -sum w is an integer too
    for (const x of [g.u[e]!, g.v[e]!]) {
      total[x]! += w;
      if (w < 0) negative[x]! += w;
      else positive[x]! += w;
    }
  }
  for (let x = 0; x < g.n; x++) if (-total[x]! + 2 * negative[x]! < -127 || -total[x]! + 2 * positive[x]! > 127) return false;
  return true;
}

export function maxCutModel(g: Graph): SetModel {
  requireGraph(g);
  const unary = new Float64Array(g.n);
  const edges: [number, number, number][] = [];
  for (let e = 0; e < g.u.length; e++) {
    unary[g.u[e]!]! -= g.w[e]!;
    unary[g.v[e]!]! -= g.w[e]!;
    edges.push([g.u[e]!, g.v[e]!, 2 * g.w[e]!]);
  }
  return setModel({ n: g.n, unary, edges });
}

export interface MaxCutResult extends Omit<MinimizeResult, 'state' | 'energy'> {
  cut: number;
  partition: Uint8Array;
}

/**
 * Best cut found within the budget: `minimize` on `maxCutModel(g)`, the cut recomputed with `cutValue`.
 * @param g - the graph, e.g. from `readGset`.
 * @param options - the `minimize` options (a budget is required) and `targetCut`: stop once a cut >= it is found.
 * With method 'pt' (the default) on a lattice (every vertex of the kernel of degree <= 4) `replicas` defaults to 64.
 * @returns `cut`, `partition` (0/1 per vertex), `stopped` and the run statistics of `minimize`.
 * @example
 * ```ts
 * import { readGset, maxCut, cutValue } from 'discrete-ebm';
 * const g = readGset('data/G1.txt'); // n = 800, 19176 edges
 * const { cut, partition, stopped } = await maxCut(g, { timeLimitMs: 5000, seed: 1, targetCut: 11624 });
 * // cut 11624 (G1's best known) in well under a second, so stopped is 'done'
 * cutValue(g, partition) === cut; // true
 * ```
 * @throws (the Promise rejects) RangeError, code EBM_INVALID_INPUT, when there is no budget (no timeLimitMs > 0,
 * maxRounds or signal), for an unknown option key or method, or a non-finite targetCut.
 * @throws (the Promise rejects) TypeError, code EBM_INVALID_INPUT, when an option has the wrong type.
 */
export async function maxCut(g: Graph, options: MinimizeOptions & { targetCut?: number }): Promise<MaxCutResult> {
  // A budget is required, so options are too (minimize says which).
  if (typeof options !== 'object' || options === null) throw invalidParameterError('options', 'object with a budget (timeLimitMs, maxRounds or signal)', options, 'type');
  const { targetCut, onProgress, ...rest } = options;
  requireGraph(g);
  // The search runs on the kernel, whose cuts are the graph's minus `constant` (none when nothing is removed).
  const kernel = cutKernel(g);
  const constant = kernel?.constant ?? 0;
  const opts: MinimizeOptions = { ...rest };
  if (rest.replicas === undefined && (rest.method ?? 'pt') === 'pt' && lattice(kernel?.graph ?? g)) opts.replicas = LATTICE_REPLICAS;
  if (targetCut !== undefined) opts.targetEnergy = constant - requireNumber('targetCut', targetCut);
  if (onProgress !== undefined) {
    if (typeof onProgress !== 'function') throw invalidParameterError('onProgress', 'function', onProgress, 'type');
    opts.onProgress = (p) => onProgress({ ...p, ...(p.bestEnergy !== undefined && { bestEnergy: p.bestEnergy - constant }) });
  }
  const r = await minimize(maxCutModel(kernel?.graph ?? g), opts);
  const { state, energy: _energy, ...stats } = r;
  const partition = kernel ? expandCut(kernel, state) : state;
  return { ...stats, cut: cutValue(g, partition), partition };
}
