// The polish step of every space, one name: descend(model, state) takes the moves of the space's sampler
// (sets: flips, or in/out swaps under a cardinality; permutations: transpositions of free items) that lower
// the energy until none does, modifying the state in place, and returns the energy of the local minimum
// reached. Minimization runs it on the best state its sampler found, so an answer is at least a local minimum
// of the space's own move. energyOf(model, state) is the energy without the descent.
//
// stop (may be null) is polled about every StopPoller::kPollWork units of work; a stop ends the descent after
// the last complete move, and the state it reached is returned with its energy (recomputed from scratch).
#pragma once
#include <cmath>
#include <vector>
#include "perm_model.hpp"
#include "set_model.hpp"
#include "stop.hpp"

namespace ebm {

// Sets: greedy first-improvement flips, or in/out swaps when |y| = k is fixed; fields kept in f.
// knownEnergy: E(y) when the caller knows it exactly (an integer model's lane energy: every partial sum is an
// exact integer in double, so it equals the from-scratch sum bit for bit), else NaN. A descent that changes
// nothing returns it instead of recomputing E in O(n + edges): at n = 2^24 that sum was most of the time from
// an abort to the answer (the polish stopped while building its fields, y untouched).
template <class Coupling>
double descend(const SetModel& m, const Coupling& c, uint8_t* y, StopCheck* stop = nullptr, double knownEnergy = NAN) {
  StopPoller poll(stop);
  bool changed = false;
  auto energy = [&] { return !changed && !std::isnan(knownEnergy) ? knownEnergy : setEnergy(m, c, y, 1); };
  // Reserved, then filled item by item: the pages (n = 2^24: 128 MB) are first touched between polls, not all
  // at once by a zero-filling constructor before the first poll.
  std::vector<double> f;
  f.reserve(size_t(m.n));
  for (int32_t i = 0; i < m.n; ++i) {
    f.push_back(setLocalField(m, c, y, 1, i));
    if (poll.due(1 + c.degree(i))) return energy();
  }
  auto isFree = [&](int32_t i) { return !(m.clamp && m.clamp[i] >= 0); };
  const double tol = 1e-12;
  bool improved = true;
  while (improved && !poll.stopped()) {
    improved = false;
    if (m.cardinality < 0) {
      for (int32_t i = 0; i < m.n; ++i) {
        if (!isFree(i)) continue;
        const double s = 1.0 - 2.0 * y[i];
        int64_t work = 1;
        if (s * f[i] < -tol * (1.0 + std::fabs(f[i]))) {
          y[i] ^= 1;
          c.forNeighbors(i, [&](int32_t j, double w) { f[j] += w * s; });
          improved = changed = true;
          work += c.degree(i);
        }
        if (poll.due(work)) break;
      }
    } else {
      for (int32_t i = 0; i < m.n && !improved && !poll.stopped(); ++i) {
        if (!isFree(i) || !y[i]) continue;
        for (int32_t j = 0; j < m.n; ++j) {
          if (!isFree(j) || y[j]) continue;
          const double d = f[j] - f[i] - c.at(i, j);  // remove i, add j (f_j still counts W_ij)
          int64_t work = 1 + c.atCost(i);
          if (d < -tol * (1.0 + std::fabs(f[i]) + std::fabs(f[j]))) {
            y[i] = 0;
            y[j] = 1;
            c.forNeighbors(i, [&](int32_t k, double w) { f[k] -= w; });
            c.forNeighbors(j, [&](int32_t k, double w) { f[k] += w; });
            improved = changed = true;
            work += c.degree(i) + c.degree(j);
          }
          if (poll.due(work) || improved) break;
        }
      }
    }
  }
  return energy();
}

inline double descend(const SetModel& m, uint8_t* y, StopCheck* stop = nullptr, double knownEnergy = NAN) {
  return withCoupling(m, [&](const auto& c) { return descend(m, c, y, stop, knownEnergy); });
}

inline double energyOf(const SetModel& m, const uint8_t* y) {
  return withCoupling(m, [&](const auto& c) { return setEnergy(m, c, y, 1); });
}

// Permutations: first-improvement transpositions of free items (the answer is then 2-swap optimal).
inline double descend(const PermModel& m, const QapView& q, int32_t* sigma, StopCheck* stop = nullptr) {
  StopPoller poll(stop);
  const std::vector<int32_t> items = freeItems(m);
  const int32_t k = int32_t(items.size());
  const int64_t work = q.A ? m.n : 1;  // one swap delta
  double E = permEnergy(m, sigma);
  bool improved = true;
  while (improved && !poll.stopped()) {
    improved = false;
    for (int32_t x = 0; x < k && !poll.stopped(); ++x)
      for (int32_t y = x + 1; y < k; ++y) {
        const int32_t r = items[x], s = items[y];
        const double d = permSwapDelta(m, q, sigma, r, s);
        if (d < -1e-12 * (1.0 + std::fabs(E))) {
          const int32_t t = sigma[r];
          sigma[r] = sigma[s];
          sigma[s] = t;
          E += d;
          improved = true;
        }
        if (poll.due(work)) break;
      }
  }
  return permEnergy(m, sigma);  // from scratch: E is a sum of deltas
}

// knownEnergy is for the sets' signature (the generic job calls both alike); a permutation polish recomputes E.
inline double descend(const PermModel& m, int32_t* sigma, StopCheck* stop = nullptr, double /*knownEnergy*/ = NAN) {
  const QapData qap(m, stop);  // its O(n^2) copy polls too: after a stop the polish's grace can end in it
  if (!qap.complete) return permEnergy(m, sigma);
  return descend(m, qap.view, sigma, stop);
}

inline double energyOf(const PermModel& m, const int32_t* sigma) { return permEnergy(m, sigma); }

// How long the polish may run after the run it follows was stopped (abort or deadline): descents of small and
// medium models finish well within it, so their answers stay local minima, and a large one still settles
// within 100 ms of the stop.
constexpr double kPolishGraceSec = 0.02;

// The plainest admissible state, O(n), for a job stopped before any lane was ready. Sets: the clamped values,
// and under a cardinality the first free items in index order as the ones the clamps leave to choose.
inline void admissibleState(const SetModel& m, uint8_t* y) {
  int64_t ones = 0;
  for (int32_t i = 0; i < m.n; ++i)
    if (m.clamp && m.clamp[i] == 1) ++ones;
  int64_t left = m.cardinality >= 0 ? m.cardinality - ones : 0;
  for (int32_t i = 0; i < m.n; ++i) {
    if (m.clamp && m.clamp[i] >= 0) {
      y[i] = uint8_t(m.clamp[i]);
    } else {
      y[i] = left > 0 ? 1 : 0;
      left -= y[i];
    }
  }
}

// Permutations: clamped items at their slots, the free items on the free slots in increasing order.
inline void admissibleState(const PermModel& m, int32_t* sigma) {
  const std::vector<int32_t> items = freeItems(m), slots = freeSlots(m);
  for (int32_t i = 0; i < m.n; ++i)
    if (m.clamp && m.clamp[i] >= 0) sigma[i] = m.clamp[i];
  for (size_t t = 0; t < items.size(); ++t) sigma[items[t]] = slots[t];
}

}  // namespace ebm
