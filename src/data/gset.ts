/**
 * Gset max-cut graphs: first line `n m`, then m lines `u v w` (1-based, undirected, each edge once).
 */
import { basename } from 'node:path';
import { invalidParameterError, quote, rangeError, requireInteger } from '../errors.ts';
import { ENERGY_LIMIT } from '../energies/energy.ts';
import { checkDeclaredMemory, Column, maxTokens, readNumbers, readNumbersAsync, STREAM_CAPACITY, type NumberFormat, type Token } from './numbers.ts';
import { fileSize, maxInputBytes, readChunks } from './readText.ts';

export interface Graph {
  n: number;
  /** Edge endpoints (0-based) and weights, one entry per undirected edge. */
  u: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

/**
 * The format as a stream of numbers: `n m`, then u v w per edge. Errors come in the order the whole-text parser
 * gave them: a bad header at once, then a count other than 2 + 3 m, then the first bad edge (remembered until the
 * count is known).
 */
class GsetFormat implements NumberFormat<Graph> {
  readonly commas = false;
  private n = 0;
  private m = 0;
  /** The edges so far (sized by the header). */
  private u = new Column((k) => new Int32Array(k), 0, 0);
  private v = new Column((k) => new Int32Array(k), 0, 0);
  private w = new Column((k) => new Float64Array(k), 0, 0);
  /** The current edge's endpoints, 1-based as written. */
  private eu = 0;
  private ev = 0;
  /** 4 sum |w| so far: the energy of maxCutModel is within it of zero (unary sums and doubled couplings). */
  private scale = 0;
  private failure: Error | undefined;

  /** @param size - the input's bytes when known (a file, a string), undefined for a stream. */
  constructor(private readonly source: string, private readonly size: number | undefined) {}

  private number(x: number, what: string, token: Token | undefined): number {
    if (token === undefined || !Number.isFinite(x)) throw this.notNumber(what, token);
    return x;
  }

  private notNumber(what: string, token: Token | undefined): RangeError {
    return rangeError(`Expected a number for ${what} in ${this.source} but received ${token === undefined ? 'end of file' : quote(token.text())}`);
  }

  token(k: number, x: number, token: Token): void {
    if (k === 0) this.n = this.number(x, 'n', token);
    else if (k === 1) this.header(this.number(x, 'm', token));
    else if (this.failure === undefined && k < 2 + 3 * this.m) {
      try {
        this.edgeToken((k - 2) % 3, Math.floor((k - 2) / 3) + 1, x, token);
      } catch (e) {
        this.failure = e as Error;
      }
    }
    // Tokens after a bad edge, or past the m edges, are only counted.
  }

  private header(m: number): void {
    const { n, source } = this;
    if (!Number.isInteger(n) || n < 1) throw rangeError(`Expected a positive integer n in ${source} but received ${n}`);
    if (!Number.isInteger(m) || m < 0) throw rangeError(`Expected a non-negative integer m in ${source} but received ${m}`);
    this.m = m;
    // Room for the edges the input can hold (a stream: up to the size limit, allocated as it comes).
    const edges = Math.max(0, Math.floor((maxTokens(this.size ?? maxInputBytes()) - 2) / 3));
    if (m <= edges) checkDeclaredMemory('graph', source, `m = ${m} edges`, 16 * m);
    const initial = this.size === undefined ? STREAM_CAPACITY : edges;
    this.u = new Column((k) => new Int32Array(k), initial, m);
    this.v = new Column((k) => new Int32Array(k), initial, m);
    this.w = new Column((k) => new Float64Array(k), initial, m);
  }

  /** Field j (0 u, 1 v, 2 w) of edge e (1-based), checked in the whole-text parser's order. */
  private edgeToken(j: number, e: number, x: number, token: Token): void {
    const { n, source } = this;
    // Field names are built only for a message: this runs for every number of the file.
    if (!Number.isFinite(x)) throw this.notNumber(`edge ${e} ${['u', 'v', 'weight'][j]}`, token);
    if (j === 0) this.eu = x;
    else if (j === 1) {
      const u = this.eu;
      const v = (this.ev = x);
      if (!Number.isInteger(u) || u < 1 || u > n) throw rangeError(`Expected vertex in [1, ${n}] for edge ${e} in ${source} but received ${u}`);
      if (!Number.isInteger(v) || v < 1 || v > n || v === u) throw rangeError(`Expected vertex in [1, ${n}] other than ${u} for edge ${e} in ${source} but received ${v}`);
    } else {
      this.scale += 4 * Math.abs(x);
      if (!(this.scale <= ENERGY_LIMIT))
        throw rangeError(`Expected edge weights with 4 sum |w| <= ${ENERGY_LIMIT.toExponential(2)} in ${source}:${token.line} but they overflow the energy's range at edge ${e} (weight ${x})`);
      this.u.push(this.eu - 1);
      this.v.push(this.ev - 1);
      this.w.push(x);
    }
  }

  finish(count: number): Graph {
    if (count < 2) this.number(NaN, count === 0 ? 'n' : 'm', undefined);
    if (count !== 2 + 3 * this.m) throw rangeError(`Expected ${3 * this.m} numbers after "n m" in ${this.source} but received ${count - 2}`);
    if (this.failure !== undefined) throw this.failure;
    return { n: this.n, u: this.u.values(), v: this.v.values(), w: this.w.values() };
  }
}

/**
 * Parses the text of a Gset file (see readGset); errors name `source`.
 * @throws RangeError, code EBM_INVALID_INPUT, as readGset.
 */
export function parseGset(text: string, source = 'graph'): Graph {
  if (typeof text !== 'string') throw invalidParameterError('text', 'the text of a Gset file (string)', text, 'type');
  if (typeof source !== 'string') throw invalidParameterError('source', 'string', source, 'type');
  const bytes = Buffer.from(text);
  return readNumbers(new GsetFormat(source, bytes.length), [bytes]);
}

/** A Gset graph from chunks of its bytes (a file's, in tests cut anywhere); `size` is their total when known. */
export function parseGsetChunks(chunks: Iterable<Uint8Array>, source: string, size?: number): Graph {
  return readNumbers(new GsetFormat(source, size), chunks);
}

/** A Gset graph from a stream (stdin), chunk by chunk as it comes. */
export function parseGsetStream(chunks: AsyncIterable<Uint8Array>, source: string): Promise<Graph> {
  return readNumbersAsync(new GsetFormat(source, undefined), chunks);
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
  return parseGsetChunks(readChunks(path, 'graph'), basename(path), fileSize(path));
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
