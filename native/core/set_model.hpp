// Energy models over sets y in {0,1}^n:
//   E(y) = sum_i h_i y_i + sum_{i<j} W_ij y_i y_j,      W symmetric, zero diagonal,
// optionally restricted to |y| = k (cardinality) and with clamped variables.
// The local field f_i = h_i + sum_j W_ij y_j gives every flip's energy change in O(1):
//   E(y with y_i flipped) - E(y) = (1 - 2 y_i) f_i,
// and an accepted flip of y_i changes f_j by W_ij (1 - 2 y_i_old) for each neighbour j: O(deg(i)).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>
#include "hd.hpp"
#include "ladder.hpp"
#include "stop.hpp"

namespace ebm {

// Couplings as a dense row-major n x n matrix or as CSR with both directions of each edge stored.
struct SetModel {
  int32_t n = 0;
  const double* unary = nullptr;    // h, length n
  const double* dense = nullptr;    // W, n*n, or nullptr when sparse
  const int32_t* rowPtr = nullptr;  // CSR, n+1
  const int32_t* col = nullptr;     // CSR column of each stored entry
  const double* weight = nullptr;   // CSR W_ij of each stored entry
  int32_t cardinality = -1;         // k, or -1 for no constraint
  const int8_t* clamp = nullptr;    // per item: -1 free, 0 or 1 fixed; nullptr when nothing is clamped
};

template <class Real = double>
struct DenseCoupling {
  const Real* W;
  int32_t n;
  template <class F>
  EBM_HD void forNeighbors(int32_t i, F&& f) const {
    const Real* row = W + int64_t(i) * n;
    for (int32_t j = 0; j < n; ++j) f(j, row[j]);  // W_ii = 0, so j = i adds nothing
  }
  EBM_HD Real at(int32_t i, int32_t j) const { return W[int64_t(i) * n + j]; }
  // Work of forNeighbors(i) and of at(i, .), in multiply-adds (what a StopPoller counts).
  EBM_HD int64_t degree(int32_t) const { return n; }
  EBM_HD int64_t atCost(int32_t) const { return 1; }
};

template <class Real = double>
struct SparseCoupling {
  const int32_t* rowPtr;
  const int32_t* col;
  const Real* weight;
  template <class F>
  EBM_HD void forNeighbors(int32_t i, F&& f) const {
    for (int32_t e = rowPtr[i]; e < rowPtr[i + 1]; ++e) f(col[e], weight[e]);
  }
  // O(deg) lookup; only the cardinality move needs W_ij for one pair.
  EBM_HD Real at(int32_t i, int32_t j) const {
    Real w = 0;
    for (int32_t e = rowPtr[i]; e < rowPtr[i + 1]; ++e)
      if (col[e] == j) w += weight[e];
    return w;
  }
  EBM_HD int64_t degree(int32_t i) const { return rowPtr[i + 1] - rowPtr[i]; }
  EBM_HD int64_t atCost(int32_t i) const { return degree(i); }
};

// Calls f with the model's coupling type, so loops are compiled once per layout without a branch inside.
template <class F>
inline auto withCoupling(const SetModel& m, F&& f) {
  if (m.dense) return f(DenseCoupling<double>{m.dense, m.n});
  return f(SparseCoupling<double>{m.rowPtr, m.col, m.weight});
}

// A loop that never stops: the `poll` of the functions below when nothing may interrupt them.
struct NeverStop {
  EBM_HD bool operator()(int64_t) const { return false; }
};

// Energy of one state from scratch (O(n + nnz)) into *energy; y has stride `stride` between items. poll(work)
// is called after each item; when it returns true the sum is abandoned (*energy untouched) and this returns
// false. The additions happen in the same order either way, so a completed sum has the bits of setEnergy.
template <class Coupling, class Y, class Poll>
EBM_HD bool setEnergyPolled(const SetModel& m, const Coupling& c, const Y* y, int64_t stride, Poll&& poll, double* energy) {
  double unary = 0.0, pair = 0.0;
  for (int32_t i = 0; i < m.n; ++i) {
    // Zero items add nothing: contiguous byte states skip them eight at a time (an answer's all-zero state at
    // n = 2^24 took 20 ms item by item, after a stop).
    if constexpr (sizeof(Y) == 1) {
      uint64_t word = 0;
      while (stride == 1 && i + 8 <= m.n && (memcpy(&word, y + i, 8), word == 0)) i += 8;
      if (i >= m.n) break;
    }
    // No branch on y_i where it can be avoided (a random state at n = 2^24 spent 100 ms in mispredicted
    // branches, after a stop): a zero item adds h_i * 0 = +-0.0, which leaves the sum's bits unchanged (the sum
    // starts at +0.0 and is never -0.0), and only items with neighbours branch on y_i. The sum's terms and
    // their order are those of a sum over the items with y_i = 1.
    const bool on = y[i * stride] != 0;
    unary += m.unary[i] * double(on);
    if (c.degree(i) > 0 && on)
      c.forNeighbors(i, [&](int32_t j, double w) {
        if (y[j * stride] != 0) pair += w;
      });
    if (poll(on ? 1 + c.degree(i) : 0)) return false;
  }
  *energy = unary + 0.5 * pair;  // each pair i<j was counted twice
  return true;
}

template <class Coupling, class Y>
EBM_HD double setEnergy(const SetModel& m, const Coupling& c, const Y* y, int64_t stride) {
  double e = 0;
  setEnergyPolled(m, c, y, stride, NeverStop{}, &e);
  return e;
}

// Local field f_i = h_i + sum_j W_ij y_j from scratch.
template <class Coupling, class Y>
EBM_HD double setLocalField(const SetModel& m, const Coupling& c, const Y* y, int64_t stride, int32_t i) {
  double f = m.unary[i];
  c.forNeighbors(i, [&](int32_t j, double w) {
    if (y[j * stride] != 0) f += w;
  });
  return f;
}

// When every unary term and coupling is an integer, the largest possible |f_i| (max_i |h_i| + sum_j |W_ij|);
// +inf otherwise. Fields, flips and energies are then exact in any type that holds this bound: float32 below
// 2^24 (16 lanes per 512 bits), int16 below 2^15 (32 lanes), instead of 8 lanes of double. A stop (polled
// per item; stop may be null) answers +inf: the job is over, and double lanes are the choice that needs no bound.
inline double integerFieldBound(const SetModel& m, StopCheck* stop = nullptr) {
  StopPoller poll(stop);
  double worst = 0;
  for (int32_t i = 0; i < m.n; ++i) {
    if (poll.due(1 + (m.dense ? m.n : m.rowPtr[i + 1] - m.rowPtr[i]))) return INFINITY;
    if (m.unary[i] != std::floor(m.unary[i])) return INFINITY;
    double bound = std::fabs(m.unary[i]);
    bool integral = true;
    withCoupling(m, [&](const auto& c) {
      c.forNeighbors(i, [&](int32_t, double w) {
        if (w != std::floor(w)) integral = false;
        bound += std::fabs(w);
      });
      return 0;
    });
    if (!integral) return INFINITY;
    worst = std::fmax(worst, bound);
  }
  return worst;
}

// The flip sizes the minimization range is read from (autoBetaRange, ladder.hpp). Hot end: at a uniform random
// state a local field f_i has standard deviation sqrt(sum_j W_ij^2 / 4); a flip with |delta| of that size is
// accepted with probability about 1/(1+e^1.5) = 18% at beta = 1.5 / mean sd. Cold end: the smallest typical
// step (10th percentile of the nonzero |W_ij|, |h_i|) is accepted with probability e^-8 ~ 3e-4, i.e. the chain
// is effectively greedy.
inline MoveScale moveScale(const SetModel& m) {
  constexpr size_t kMaxMags = 200000;
  MoveScale s;
  s.hotLogOdds = 1.5;
  double sdSum = 0;
  withCoupling(m, [&](const auto& c) {
    for (int32_t i = 0; i < m.n; ++i) {
      double sq = 0;
      // Every item's field sd counts (the mean is over all n); a sample of the magnitudes is enough for the
      // percentile, so they stop at kMaxMags (stopping the whole loop there left the mean short: dense n > 630).
      const bool sampling = s.mags.size() < kMaxMags;
      c.forNeighbors(i, [&](int32_t j, double w) {
        if (w != 0) {
          sq += w * w;
          if (sampling && i < j) s.mags.push_back(std::fabs(w));
        }
      });
      sdSum += std::sqrt(sq / 4);
      if (sampling && m.unary[i] != 0) s.mags.push_back(std::fabs(m.unary[i]));
    }
    return 0;
  });
  s.typical = sdSum / m.n;
  return s;
}

}  // namespace ebm
