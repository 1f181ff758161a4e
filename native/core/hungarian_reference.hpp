// Test oracle and benchmark reference for solveLap (lap.hpp): the classic O(n^3) Hungarian algorithm with
// potentials (the e-maxx formulation), kept deliberately independent of the Jonker-Volgenant code.
//
// Rows are added one at a time. For row i, a Dijkstra-like search over columns keeps minv[j] = the smallest
// reduced cost C[i0][j] - u[i0] - v[j] from any row i0 already in the alternating tree; each step adds the
// column with the least minv and shifts the potentials by that delta (u up on tree rows, v down on tree
// columns), so reduced costs stay >= 0 and the tree edges stay tight. When a free column is reached, the
// path is flipped. At the end u_i + v_j <= C_ij everywhere with equality on the assignment: optimal.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace ebm {

// Fills rowToCol (length n) with a minimum-cost assignment and returns its cost. Costs must be finite.
inline double hungarianReference(const double* cost, int32_t n, int32_t* rowToCol) {
  if (n <= 0) return 0;
  const double inf = std::numeric_limits<double>::infinity();
  // 1-based rows and columns; column 0 is a virtual column holding the row being inserted.
  std::vector<double> u(n + 1, 0), v(n + 1, 0), minv(n + 1);
  std::vector<int32_t> colRow(n + 1, 0), way(n + 1, 0);  // colRow[j] = row assigned to column j (0: none)
  std::vector<char> used(n + 1);
  auto C = [&](int32_t i, int32_t j) { return cost[int64_t(i - 1) * n + (j - 1)]; };
  for (int32_t i = 1; i <= n; ++i) {
    colRow[0] = i;
    int32_t j0 = 0;
    std::fill(minv.begin(), minv.end(), inf);
    std::fill(used.begin(), used.end(), 0);
    do {
      used[j0] = 1;
      const int32_t i0 = colRow[j0];
      double delta = inf;
      int32_t j1 = 0;
      for (int32_t j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double reduced = C(i0, j) - u[i0] - v[j];
        if (reduced < minv[j]) minv[j] = reduced, way[j] = j0;
        if (minv[j] < delta || j1 == 0) delta = minv[j], j1 = j;  // j1 == 0: always pick some column
      }
      for (int32_t j = 0; j <= n; ++j) {
        if (used[j]) {
          u[colRow[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (colRow[j0] != 0);
    // Flip the alternating path back to the virtual column.
    do {
      const int32_t j1 = way[j0];
      colRow[j0] = colRow[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  double total = 0;
  for (int32_t j = 1; j <= n; ++j) {
    rowToCol[colRow[j] - 1] = j - 1;
    total += C(colRow[j], j);
  }
  return total;
}

}  // namespace ebm
