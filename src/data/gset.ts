/**
 * Gset max-cut graphs: first line `n m`, then m lines `u v w` (1-based, undirected, each edge once).
 */
import { basename } from 'node:path';
import { invalidParameterError, quote, rangeError, requireInteger } from '../errors.ts';
import { ENERGY_LIMIT } from '../energies/energy.ts';
import { parseDecimal } from './decimal.ts';
import { readTextFile } from './readText.ts';

export interface Graph {
  n: number;
  /** Edge endpoints (0-based) and weights, one entry per undirected edge. */
  u: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

export function parseGset(text: string, source = 'graph'): Graph {
  if (typeof text !== 'string') throw invalidParameterError('text', 'the text of a Gset file (string)', text, 'type');
  if (typeof source !== 'string') throw invalidParameterError('source', 'string', source, 'type');
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  const num = (k: number, what: string): number => {
    const t = tokens[k];
    const x = t === undefined ? NaN : parseDecimal(t);
    if (t === undefined || !Number.isFinite(x)) throw rangeError(`Expected a number for ${what} in ${source} but received ${t === undefined ? 'end of file' : quote(t)}`);
    return x;
  };
  const n = num(0, 'n');
  const m = num(1, 'm');
  if (!Number.isInteger(n) || n < 1) throw rangeError(`Expected a positive integer n in ${source} but received ${n}`);
  if (!Number.isInteger(m) || m < 0) throw rangeError(`Expected a non-negative integer m in ${source} but received ${m}`);
  if (tokens.length !== 2 + 3 * m) throw rangeError(`Expected ${3 * m} numbers after "n m" in ${source} but received ${tokens.length - 2}`);
  const g: Graph = { n, u: new Int32Array(m), v: new Int32Array(m), w: new Float64Array(m) };
  // The energy of maxCutModel is within 4 sum |w| of zero (unary sums and doubled couplings): keep it in range.
  let scale = 0;
  for (let e = 0; e < m; e++) {
    const u = num(2 + 3 * e, `edge ${e + 1} u`);
    const v = num(3 + 3 * e, `edge ${e + 1} v`);
    if (!Number.isInteger(u) || u < 1 || u > n) throw rangeError(`Expected vertex in [1, ${n}] for edge ${e + 1} in ${source} but received ${u}`);
    if (!Number.isInteger(v) || v < 1 || v > n || v === u) throw rangeError(`Expected vertex in [1, ${n}] other than ${u} for edge ${e + 1} in ${source} but received ${v}`);
    g.u[e] = u - 1;
    g.v[e] = v - 1;
    g.w[e] = num(4 + 3 * e, `edge ${e + 1} weight`);
    scale += 4 * Math.abs(g.w[e]!);
    if (!(scale <= ENERGY_LIMIT))
      throw rangeError(`Expected edge weights with 4 sum |w| <= ${ENERGY_LIMIT.toExponential(2)} in ${source}:${lineOfToken(text, 4 + 3 * e)} but they overflow the energy's range at edge ${e + 1} (weight ${g.w[e]})`);
  }
  return g;
}

/** The 1-based line of the k-th whitespace-separated token of `text` (error messages only: one more scan). */
function lineOfToken(text: string, k: number): number {
  const token = /\S+/g;
  for (let i = 0; token.exec(text) !== null; i++) if (i === k) break;
  let line = 1;
  for (let c = 0; c < token.lastIndex; c++) if (text.charCodeAt(c) === 10) line++;
  return line;
}

/**
 * Reads a Gset max-cut graph: first line `n m`, then m lines `u v w` (1-based, undirected, each edge once).
 * @param path - the file; error messages name it.
 * @returns the graph with 0-based edge endpoints `u`, `v` and weights `w`.
 * @example
 * ```ts
 * import { readGset } from 'discrete-ebm';
 * const g = readGset('data/G1.txt'); // g.n 800, g.u.length 19176 edges
 * ```
 * @throws RangeError, code EBM_INVALID_INPUT, when the file cannot be read ("Cannot read graph file ..."), for a
 * token that is not a number, a bad n or m, a number count other than 2 + 3 m, or a vertex out of range or a
 * self-loop (the message names the file and the edge).
 */
export function readGset(path: string): Graph {
  return parseGset(readTextFile(path, 'graph'), basename(path));
}

/** Asserts a graph of parseGset's shape (n, and u, v, w of one length); setModel checks the endpoints and weights. */
export function requireGraph(g: Graph, name = 'graph'): Graph {
  if (typeof g !== 'object' || g === null) throw invalidParameterError(name, 'graph { n, u, v, w } (from readGset or parseGset)', g, 'type');
  requireInteger(`${name}.n`, g.n, 1);
  if (!(g.u instanceof Int32Array)) throw invalidParameterError(`${name}.u`, 'Int32Array', g.u, 'type');
  if (!(g.v instanceof Int32Array) || g.v.length !== g.u.length) throw invalidParameterError(`${name}.v`, `Int32Array of ${g.u.length} endpoints (as u)`, g.v, 'type');
  if (!(g.w instanceof Float64Array) || g.w.length !== g.u.length) throw invalidParameterError(`${name}.w`, `Float64Array of ${g.u.length} weights (as u)`, g.w, 'type');
  return g;
}

/** Cut value of a partition (0/1 per vertex): total weight of edges whose ends differ. */
export function cutValue(g: Graph, side: ArrayLike<number>): number {
  requireGraph(g);
  let cut = 0;
  for (let e = 0; e < g.u.length; e++) if (side[g.u[e]!] !== side[g.v[e]!]) cut += g.w[e]!;
  return cut;
}
