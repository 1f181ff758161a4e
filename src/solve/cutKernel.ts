/**
 * Max-cut kernel: the vertices of degree <= 2 are eliminated exactly before the search, and put back after it.
 * For any weights, given the sides of its neighbours a vertex's best side is known:
 *   - degree 0: either side, it cuts nothing;
 *   - degree 1 (edge weight a to u): it cuts max(a, 0), whatever side u is on;
 *   - degree 2 (a to u, b to v): max(a + b, 0) when u and v are on the same side, max(a, b) when not, i.e. a
 *     constant max(a + b, 0) plus an edge (u, v) of weight max(a, b) - max(a + b, 0) (merged with an edge
 *     already there).
 * Eliminating repeats until every vertex left has degree >= 3. On very sparse graphs this is most of the
 * graph (Gset G70: 10000 vertices, 9999 edges -> about 2200 vertices), and the search then runs on a far
 * smaller model. Every cut of the kernel plus `constant` is the cut of its expansion, and the expansion of a
 * local maximum of the kernel is a local maximum of the graph (flipping one vertex with the eliminated ones
 * held gains at most what it gains in the kernel, where they may follow).
 */
import type { Graph } from '../data/gset.ts';

/** One elimination: x, and the neighbours (with edge weights) it had then. */
interface Elimination {
  x: number;
  u: number;
  a: number;
  v: number;
  b: number;
}

export interface CutKernel {
  /** The graph left: vertices of degree >= 3, renumbered 0..n-1. */
  graph: Graph;
  /** Cut of the eliminated vertices' edges at their best: cut(expand(y)) = cut_kernel(y) + constant. */
  constant: number;
  /** Original id of each kernel vertex. */
  kept: Int32Array;
  eliminated: Elimination[];
  n: number;
}

/** The kernel of g (see above), or undefined when fewer than two vertices would be left or none is removed. */
export function cutKernel(g: Graph): CutKernel | undefined {
  // Most dense graphs have no vertex of degree <= 2 (counting parallel edges twice can only miss a kernel
  // step, never make a wrong one): then nothing to build.
  const degree = new Int32Array(g.n);
  for (let e = 0; e < g.u.length; e++) degree[g.u[e]!]!++, degree[g.v[e]!]!++;
  if (degree.every((d) => d > 2)) return undefined;
  // Adjacency maps only for vertices with an edge: a file may declare millions of isolated vertices (a
  // 22-byte Gset can say n = 2^24), which are removed at once below, with no map and no record each.
  const adj = new Map<number, Map<number, number>>();
  const around = (p: number) => {
    let a = adj.get(p);
    if (a === undefined) adj.set(p, (a = new Map()));
    return a;
  };
  const link = (p: number, q: number, w: number) => {
    if (p === q) return;
    const total = (around(p).get(q) ?? 0) + w;
    if (total === 0) {
      around(p).delete(q);
      around(q).delete(p);
    } else {
      around(p).set(q, total);
      around(q).set(p, total);
    }
  };
  for (let e = 0; e < g.u.length; e++) link(g.u[e]!, g.v[e]!, g.w[e]!);
  const size = (x: number) => adj.get(x)?.size ?? 0;
  const removed = new Uint8Array(g.n);
  const eliminated: Elimination[] = [];
  let constant = 0;
  const queue: number[] = [];
  let left = g.n;
  for (let x = 0; x < g.n; x++) {
    const d = size(x);
    if (d === 0 && left > 2) {
      // Isolated: cuts nothing on either side; expandCut leaves it on side 0.
      removed[x] = 1;
      left--;
    } else if (d <= 2) {
      queue.push(x);
    }
  }
  while (queue.length > 0 && left > 2) {
    const x = queue.pop()!;
    if (removed[x] || size(x) > 2) continue;
    const [[u, a] = [-1, 0], [v, b] = [-1, 0]] = [...(adj.get(x) ?? [])];
    removed[x] = 1;
    left--;
    eliminated.push({ x, u, a, v, b });
    for (const y of [u, v]) if (y >= 0) adj.get(y)!.delete(x);
    adj.delete(x);
    if (v >= 0) {
      const same = Math.max(a + b, 0);
      constant += same;
      link(u, v, Math.max(a, b) - same);
    } else if (u >= 0) {
      constant += Math.max(a, 0);
    }
    for (const y of [u, v]) if (y >= 0 && size(y) <= 2) queue.push(y);
  }
  if (left === g.n || left < 2) return undefined;
  const kept = new Int32Array(left);
  const index = new Int32Array(g.n).fill(-1);
  for (let x = 0, k = 0; x < g.n; x++) if (!removed[x]) (kept[k] = x), (index[x] = k++);
  const us: number[] = [], vs: number[] = [], ws: number[] = [];
  for (const x of kept)
    for (const [y, w] of adj.get(x) ?? [])
      if (x < y) {
        us.push(index[x]!);
        vs.push(index[y]!);
        ws.push(w);
      }
  return { graph: { n: left, u: Int32Array.from(us), v: Int32Array.from(vs), w: Float64Array.from(ws) }, constant, kept, eliminated, n: g.n };
}

/** The partition of the whole graph from a kernel partition: each eliminated vertex at its best side, last first. */
export function expandCut(k: CutKernel, side: ArrayLike<number>): Uint8Array {
  const y = new Uint8Array(k.n);
  k.kept.forEach((x, i) => (y[x] = side[i] ? 1 : 0));
  for (let t = k.eliminated.length - 1; t >= 0; t--) {
    const { x, u, a, v, b } = k.eliminated[t]!;
    // Cut by x on side s: a [s != y_u] + b [s != y_v] (absent neighbours weigh 0); side 0 on ties.
    const gain = (s: number) => (u >= 0 && s !== y[u] ? a : 0) + (v >= 0 && s !== y[v] ? b : 0);
    y[x] = gain(1) > gain(0) ? 1 : 0;
  }
  return y;
}
