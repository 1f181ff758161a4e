/**
 * Test oracle: linear assignment by the Hungarian method with potentials, O(n^3), sigma minimizing
 * sum_i cost[i][sigma_i]. The library's one LAP is the native JV behind src/solve/assign.ts; this independent
 * TS version only checks it.
 */

/** @param cost - n x n row-major; returns sigma with sigma[row] = column. */
export function assign(cost: ArrayLike<number>, n: number): Int32Array {
  const INF = Infinity;
  // 1-based arrays as in the textbook e-maxx formulation; p[col] = row matched to col.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(INF);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const sigma = new Int32Array(n);
  for (let j = 1; j <= n; j++) if (p[j]! > 0) sigma[p[j]! - 1] = j - 1;
  return sigma;
}
