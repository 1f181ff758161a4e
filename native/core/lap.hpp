// Exact dense linear assignment: min over permutations x of sum_i C[i][x(i)], C square n x n, row-major.
//
// Jonker & Volgenant (1987), "A shortest augmenting path algorithm for dense and sparse linear assignment
// problems". LP duality: max sum_i u_i + sum_j v_j subject to u_i + v_j <= C[i][j]. The solver keeps column
// duals v and, for every assigned row i, u_i = C[i][x_i] - v[x_i] = min_j (C[i][j] - v[j]); so every reduced
// cost C[i][j] - u_i - v_j is >= 0 (dual feasible) and is 0 on the assignment (complementary slackness).
// When all rows are assigned, sum_i C[i][x_i] = sum u + sum v <= the cost of any other assignment: optimal.
//
// Three phases, each keeping that invariant:
//   1. column reduction: v_j = min_i C[i][j]; each column's argmin row takes it if still free;
//      reduction transfer then moves slack from v to u for rows that got exactly one column;
//   2. augmenting row reduction (two auction-like passes): a free row takes its cheapest column and lowers
//      that column's v by (second-cheapest - cheapest), evicting the previous owner;
//   3. augmentation: for each remaining free row, Dijkstra on reduced costs finds a shortest alternating path
//      to a free column; the scanned columns' v are lowered by (min - d_j), then the path is flipped.
// Phases 1-2 only speed things up (most rows are assigned before any Dijkstra); phase 3 alone is exact.
//
// Stopping (abort, deadline): every phase polls a StopCheck about every 2^16 cost entries read, so a stop is
// seen within a millisecond at any n. A stopped solve keeps what it has (phase 3's current augmentation, which
// changes nothing until its path is found, is dropped) and completes it greedily: each row still free takes
// its cheapest free column, with kPolishGraceSec for that and free columns in order after it (O(n) then). The
// answer is an assignment (a permutation) and its true cost, not an optimal one, with `stopped` saying why.
//
// Costs must be finite (callers validate). Ties, negative costs and huge ranges are fine: every comparison is
// on differences of costs and duals, so integer costs stay exact while |values| < 2^53 (e.g. +-1e15 mixed).
// No exceptions, no allocation after the work vectors; NaN input cannot loop or index out of range.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>
#include "descent.hpp"
#include "stop.hpp"

namespace ebm {

struct LapResult {
  double cost = 0;
  std::vector<int32_t> rowToCol;
  Stopped stopped = Stopped::Done;  // Done: optimal; otherwise a greedy completion of the partial assignment
};

// sum_i C[i][rowToCol[i]] with Neumaier compensation, so +-1e15 entries do not swamp small ones.
inline double lapCost(const double* cost, int32_t n, const int32_t* rowToCol) {
  double sum = 0, carry = 0;
  for (int32_t i = 0; i < n; ++i) {
    const double c = cost[int64_t(i) * n + rowToCol[i]];
    const double t = sum + c;
    carry += std::fabs(sum) >= std::fabs(c) ? (sum - t) + c : (c - t) + sum;  // the low bits t lost
    sum = t;
  }
  return sum + carry;
}

namespace lap_detail {

// Phase 1: v_j = min_i C[i][j]; columns (scanned last to first, as in JV) go to their argmin row if that row
// is still free. Returns the free rows in `freeRows`, their count as the result.
// x and y start all -1 (free); a stop leaves them a consistent partial assignment.
inline int32_t columnReduction(const double* C, int32_t n, double* v, int32_t* x, int32_t* y, int32_t* freeRows,
                               int32_t* argminRow, int32_t* matches, StopPoller& poll) {
  // Row-major sweep for the column minima: cache friendly, unlike n strided column scans.
  for (int32_t j = 0; j < n; ++j) v[j] = C[j], argminRow[j] = 0;
  for (int32_t i = 1; i < n; ++i) {
    const double* row = C + int64_t(i) * n;
    for (int32_t j = 0; j < n; ++j)
      if (row[j] < v[j]) v[j] = row[j], argminRow[j] = i;
    if (poll.due(n)) return 0;
  }
  for (int32_t i = 0; i < n; ++i) matches[i] = 0;
  for (int32_t j = n - 1; j >= 0; --j) {
    const int32_t i = argminRow[j];
    if (matches[i]++ == 0) x[i] = j, y[j] = i;
    else y[j] = -1;
  }
  // Reduction transfer: a row that won exactly one column j1 moves its slack min_{j != j1} (C_ij - v_j) >= 0
  // from v_j1 to u_i; C_ij1 - v_j1 then equals that minimum, so j1 is still a cheapest column of row i.
  int32_t numFree = 0;
  for (int32_t i = 0; i < n; ++i) {
    if (matches[i] == 0) {
      freeRows[numFree++] = i;
    } else if (matches[i] == 1) {
      const double* row = C + int64_t(i) * n;
      const int32_t j1 = x[i];
      double slack = std::numeric_limits<double>::infinity();
      for (int32_t j = 0; j < n; ++j)
        if (j != j1 && row[j] - v[j] < slack) slack = row[j] - v[j];
      v[j1] -= slack;
      if (poll.due(n)) return 0;
    }
  }
  return numFree;
}

// Phase 2: augmenting row reduction. Returns the number of rows still free.
inline int32_t augmentingRowReduction(const double* C, int32_t n, double* v, int32_t* x, int32_t* y,
                                      int32_t* freeRows, int32_t numFree, StopPoller& poll) {
  // In floating point a decrement can round to nothing and two rows can evict each other forever; this budget
  // on immediate re-bids bounds the work, and rows left over simply go to the exact phase 3.
  int64_t rebidBudget = 16 * int64_t(n) + 1024;
  for (int pass = 0; pass < 2; ++pass) {
    const int32_t previousFree = numFree;
    int32_t k = 0;
    numFree = 0;  // rows still free are written back over the part of freeRows already read
    while (k < previousFree) {
      const int32_t i = freeRows[k++];
      const double* row = C + int64_t(i) * n;
      // Cheapest (j1, uMin) and second cheapest (j2, uSub) reduced column of row i.
      double uMin = row[0] - v[0], uSub = std::numeric_limits<double>::infinity();
      int32_t j1 = 0, j2 = 1;
      for (int32_t j = 1; j < n; ++j) {
        const double h = row[j] - v[j];
        if (h < uSub) {
          if (h >= uMin) {
            uSub = h, j2 = j;
          } else {
            uSub = uMin, j2 = j1;
            uMin = h, j1 = j;
          }
        }
      }
      int32_t i0 = y[j1];
      const bool strict = uMin < uSub;
      if (strict) {
        v[j1] -= uSub - uMin;  // row i now sees uSub at both j1 and j2: u_i = uSub, still dual feasible
      } else if (i0 >= 0) {
        j1 = j2, i0 = y[j2];  // tie: j2 is as cheap and may be free, so take it instead of evicting
      }
      x[i] = j1, y[j1] = i;
      if (i0 >= 0) {
        x[i0] = -1;
        if (strict && rebidBudget-- > 0) freeRows[--k] = i0;  // the evicted row bids again at once
        else freeRows[numFree++] = i0;                          // no progress possible now: defer
      }
      if (poll.due(n)) return 0;  // x and y are consistent after every bid
    }
  }
  return numFree;
}

// Phase 3, one free row: Dijkstra over columns with d_j = shortest reduced path length from freeRow to j.
// cols holds the column order: [0, low) scanned, [low, up) at the current minimum distance, [up, n) to do.
// Returns false when stopped before the path was found: v, x and y are then untouched (only scratch was written).
inline bool augment(const double* C, int32_t n, double* v, int32_t* x, int32_t* y, int32_t freeRow, double* d,
                    int32_t* pred, int32_t* cols, StopPoller& poll) {
  const double* freeCosts = C + int64_t(freeRow) * n;
  for (int32_t j = 0; j < n; ++j) d[j] = freeCosts[j] - v[j], pred[j] = freeRow, cols[j] = j;
  int32_t low = 0, up = 0, last = -1, endOfPath = -1;
  double minD = 0;
  while (endOfPath < 0) {
    if (up == low) {
      // Collect every to-do column at the new minimum distance. Seeding with the first one (not with +inf)
      // guarantees progress even if d holds NaN.
      last = low - 1;
      minD = d[cols[up++]];
      for (int32_t k = up; k < n; ++k) {
        const int32_t j = cols[k];
        const double h = d[j];
        if (h <= minD) {
          if (h < minD) up = low, minD = h;
          cols[k] = cols[up], cols[up++] = j;
        }
      }
      for (int32_t k = low; k < up; ++k)
        if (y[cols[k]] < 0) {
          endOfPath = cols[k];  // a free column at minimum distance: shortest augmenting path found
          break;
        }
      if (endOfPath >= 0) break;
      if (poll.due(n - low)) return false;
    }
    // Scan the next minimum column j1 through its row i: relax d_j = minD + reduced cost C_ij - u_i - v_j.
    const int32_t j1 = cols[low++];
    const int32_t i = y[j1];
    const double* row = C + int64_t(i) * n;
    const double uMinusMin = row[j1] - v[j1] - minD;  // u_i - minD
    for (int32_t k = up; k < n; ++k) {
      const int32_t j = cols[k];
      const double dj = row[j] - v[j] - uMinusMin;
      if (dj < d[j]) {
        pred[j] = i;
        if (dj == minD) {
          if (y[j] < 0) {
            endOfPath = j;
            break;
          }
          cols[k] = cols[up], cols[up++] = j;  // joins the columns at the current minimum
        }
        d[j] = dj;
      }
    }
    if (endOfPath < 0 && poll.due(n - up)) return false;
  }
  // Dual update: scanned columns get v_j -= minD - d_j, which keeps reduced costs >= 0 and makes every edge of
  // the shortest-path tree tight; columns scanned after `last` have d_j = minD and need no change.
  for (int32_t k = 0; k <= last; ++k) {
    const int32_t j = cols[k];
    v[j] += d[j] - minD;
  }
  // Flip the alternating path: each row on it moves to the column its predecessor pointer names.
  for (int32_t j = endOfPath;;) {
    const int32_t i = pred[j];
    y[j] = i;
    const int32_t next = x[i];
    x[i] = j;
    j = next;
    if (i == freeRow) break;
  }
  return true;
}

}  // namespace lap_detail

// After a stop: each free row (x_i = -1) takes its cheapest free column (y_j = -1) while `grace` lasts, then
// the free columns in order, so the rows form a permutation whatever phase the stop came in. x and y must be a
// consistent partial assignment (x_i = j exactly when y_j = i); freeCols is scratch of n entries. Shared by
// solveLap and the Hungarian reference (hungarian_reference.hpp), so both stop with the same contract.
inline void completeAssignmentGreedily(const double* C, int32_t n, int32_t* x, int32_t* y, int32_t* freeCols) {
  int32_t numFree = 0;
  for (int32_t j = 0; j < n; ++j)
    if (y[j] < 0) freeCols[numFree++] = j;
  StopCheck grace(kPolishGraceSec, nullptr);
  StopPoller poll(&grace);
  for (int32_t i = 0; i < n; ++i) {
    if (x[i] >= 0) continue;
    int32_t best = numFree - 1;  // the last free column: taken in order once the grace is over
    if (!poll.stopped()) {
      const double* row = C + int64_t(i) * n;
      for (int32_t k = 0; k < numFree - 1; ++k)
        if (row[freeCols[k]] < row[freeCols[best]]) best = k;
      poll.due(numFree);
    }
    x[i] = freeCols[best], y[freeCols[best]] = i;
    freeCols[best] = freeCols[--numFree];
  }
}

// Minimum-cost assignment of n rows to n columns; rowToCol[i] is row i's column. With a stop (may be null),
// a stopped solve returns a greedy completion of its partial assignment (see the top of this file).
inline LapResult solveLap(const double* cost, int32_t n, StopCheck* stop = nullptr) {
  LapResult result;
  if (n <= 0) return result;
  result.rowToCol.assign(n, 0);
  if (n == 1) {
    result.cost = cost[0];
    return result;
  }
  // All work vectors are allocated here, once. Every row and column starts free.
  std::vector<double> v(n), d(n);
  std::vector<int32_t> y(n, -1), freeRows(n), pred(n), cols(n);
  result.rowToCol.assign(n, -1);
  int32_t* x = result.rowToCol.data();
  StopPoller poll(stop);
  // pred and cols double as phase-1 scratch (argmin row per column, columns won per row).
  int32_t numFree = lap_detail::columnReduction(cost, n, v.data(), x, y.data(), freeRows.data(), pred.data(),
                                                cols.data(), poll);
  if (numFree > 0 && !poll.stopped())
    numFree = lap_detail::augmentingRowReduction(cost, n, v.data(), x, y.data(), freeRows.data(), numFree, poll);
  for (int32_t f = 0; f < numFree && !poll.stopped(); ++f)
    if (!lap_detail::augment(cost, n, v.data(), x, y.data(), freeRows[f], d.data(), pred.data(), cols.data(), poll))
      break;
  if (poll.stopped()) {
    result.stopped = stop->reason();
    completeAssignmentGreedily(cost, n, x, y.data(), cols.data());
  }
  result.cost = lapCost(cost, n, x);
  return result;
}

}  // namespace ebm
