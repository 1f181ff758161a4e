// Exact enumeration of a set model (n <= 24 free items): log Z, marginals, the minimum, and optionally the full
// distribution. States are visited in Gray-code order, so each step flips one item and updates the energy
// through the cached local fields in O(deg). The walks poll a StopCheck (may be null) about every 2^16 units of
// work; a stopped enumeration has no answer (an exact sum cannot be partial): callers check stop->stopped().
#pragma once
#include <cmath>
#include <vector>
#include "set_model.hpp"
#include "stop.hpp"

namespace ebm {

struct SetExactResult {
  double logZ = -INFINITY;            // log sum_y exp(-beta E(y)) over admissible y
  std::vector<double> marginals;      // P(y_i = 1)
  std::vector<double> probabilities;  // indexed by the bitmask of y (bit i = y_i), when requested
  double minEnergy = INFINITY;
  std::vector<uint8_t> argmin;
  int64_t states = 0;                 // admissible states
};

// Calls visit(E, mask, y) for every admissible state; returns false when stopped before the end.
template <class Coupling, class Visit>
bool grayWalk(const SetModel& m, const Coupling& c, const std::vector<int32_t>& freeItems, StopPoller& poll,
              Visit&& visit) {
  std::vector<uint8_t> y(m.n, 0);
  int32_t ones = 0;
  uint64_t mask = 0;
  for (int32_t i = 0; i < m.n; ++i)
    if (m.clamp && m.clamp[i] == 1) {
      y[i] = 1;
      ++ones;
      mask |= uint64_t(1) << i;
    }
  std::vector<double> f(m.n);
  for (int32_t i = 0; i < m.n; ++i) f[i] = setLocalField(m, c, y.data(), 1, i);
  double E = setEnergy(m, c, y.data(), 1);
  const uint64_t count = uint64_t(1) << freeItems.size();
  for (uint64_t k = 0; k < count; ++k) {
    if (k > 0) {
      const int32_t i = freeItems[__builtin_ctzll(k)];
      const double s = 1.0 - 2.0 * y[i];
      E += s * f[i];
      y[i] ^= 1;
      ones += int32_t(s);
      mask ^= uint64_t(1) << i;
      c.forNeighbors(i, [&](int32_t j, double w) { f[j] += w * s; });
    }
    if (poll.due(m.n)) return false;  // a step and a visit are O(n) at most
    if (m.cardinality >= 0 && ones != m.cardinality) continue;
    visit(E, mask, y);
  }
  return true;
}

inline SetExactResult enumerateSet(const SetModel& m, double beta, bool wantProbabilities, StopCheck* stop = nullptr) {
  SetExactResult r;
  StopPoller poll(stop);
  std::vector<int32_t> freeItems;
  for (int32_t i = 0; i < m.n; ++i)
    if (!(m.clamp && m.clamp[i] >= 0)) freeItems.push_back(i);
  r.marginals.assign(m.n, 0.0);
  r.argmin.assign(m.n, 0);
  withCoupling(m, [&](const auto& c) {
    // Pass 1: the minimum energy, so pass 2 sums weights exp(-beta (E - Emin)) <= 1 without overflow.
    const bool done = grayWalk(m, c, freeItems, poll, [&](double E, uint64_t, const std::vector<uint8_t>& y) {
      ++r.states;
      if (E < r.minEnergy) {
        r.minEnergy = E;
        r.argmin = y;
      }
    });
    if (!done || r.states == 0) return 0;
    if (wantProbabilities) r.probabilities.assign(size_t(1) << m.n, 0.0);
    double Z = 0.0;
    const double shift = beta >= 0 ? r.minEnergy : -INFINITY;
    double maxE = -INFINITY;
    if (beta < 0) {
      if (!grayWalk(m, c, freeItems, poll, [&](double E, uint64_t, const std::vector<uint8_t>&) { maxE = std::fmax(maxE, E); }))
        return 0;
    }
    const double ref = beta >= 0 ? shift : maxE;
    if (!grayWalk(m, c, freeItems, poll, [&](double E, uint64_t mask, const std::vector<uint8_t>& y) {
          const double w = std::exp(-beta * (E - ref));
          Z += w;
          for (int32_t i = 0; i < m.n; ++i)
            if (y[i]) r.marginals[i] += w;
          if (wantProbabilities) r.probabilities[mask] = w;
        }))
      return 0;
    r.logZ = -beta * ref + std::log(Z);
    for (double& x : r.marginals) x /= Z;
    for (double& p : r.probabilities) p /= Z;
    return 0;
  });
  return r;
}

// The exact oracle of each space under one name (perm_exact.hpp has the permutation one), for the addon's
// space-generic exact job.
inline SetExactResult enumerateExact(const SetModel& m, double beta, bool wantProbabilities, StopCheck* stop) {
  return enumerateSet(m, beta, wantProbabilities, stop);
}

}  // namespace ebm
