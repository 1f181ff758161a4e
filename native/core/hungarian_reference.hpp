// Test oracle and benchmark reference for solveLap (lap.hpp): the classic O(n^3) Hungarian algorithm with
// potentials (the e-maxx formulation), kept deliberately independent of the Jonker-Volgenant code.
//
// Rows are added one at a time. For row i, a Dijkstra-like search over columns keeps minv[j] = the smallest
// reduced cost C[i0][j] - u[i0] - v[j] from any row i0 already in the alternating tree; each step adds the
// column with the least minv and shifts the potentials by that delta (u up on tree rows, v down on tree
// columns), so reduced costs stay >= 0 and the tree edges stay tight. When a free column is reached, the
// path is flipped. At the end u_i + v_j <= C_ij everywhere with equality on the assignment: optimal.
//
// Stopping (abort, deadline): each search step (O(n)) counts toward the StopPoller, so a stop is seen within
// a millisecond at any n. Only the stop's contract is shared with solveLap, not its optimization: the rows
// inserted so far keep their columns (the row being inserted is dropped: its path flip never started) and
// lap.hpp's completeAssignmentGreedily gives the others their columns, `stopped` saying why.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>
#include "lap.hpp"
#include "stop.hpp"

namespace ebm {

// A minimum-cost assignment and its cost (lapCost); with a stop (may be null), a stopped run returns the
// greedy completion of the rows inserted so far. Costs must be finite.
inline LapResult hungarianReference(const double* cost, int32_t n, StopCheck* stop = nullptr) {
  LapResult result;
  if (n <= 0) return result;
  const double inf = std::numeric_limits<double>::infinity();
  // 1-based rows and columns; column 0 is a virtual column holding the row being inserted.
  std::vector<double> u(n + 1, 0), v(n + 1, 0), minv(n + 1);
  std::vector<int32_t> colRow(n + 1, 0), way(n + 1, 0);  // colRow[j] = row assigned to column j (0: none)
  std::vector<char> used(n + 1);
  auto C = [&](int32_t i, int32_t j) { return cost[int64_t(i - 1) * n + (j - 1)]; };
  StopPoller poll(stop);
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
      if (poll.due(2 * int64_t(n))) break;  // this step read and wrote about 2n entries
    } while (colRow[j0] != 0);
    if (poll.stopped()) break;  // colRow still holds rows 1..i-1 (only u, v and scratch changed for row i)
    // Flip the alternating path back to the virtual column.
    do {
      const int32_t j1 = way[j0];
      colRow[j0] = colRow[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  // 0-based x (row -> column) and y (column -> row), -1 where free: a consistent partial assignment.
  result.rowToCol.assign(n, -1);
  std::vector<int32_t> y(n, -1);
  for (int32_t j = 1; j <= n; ++j)
    if (colRow[j] != 0) result.rowToCol[colRow[j] - 1] = j - 1, y[j - 1] = colRow[j] - 1;
  if (poll.stopped()) {
    result.stopped = stop->reason();
    completeAssignmentGreedily(cost, n, result.rowToCol.data(), y.data(), way.data());  // way: n + 1 >= n of scratch
  }
  result.cost = lapCost(cost, n, result.rowToCol.data());
  return result;
}

}  // namespace ebm
