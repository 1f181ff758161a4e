// Exact enumeration of a set model (n <= 24 free items): log Z, marginals, the minimum, and optionally the full
// distribution. States are visited in Gray-code order, so each step flips one item and updates the energy
// through the cached local fields in O(deg).
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

template <class Coupling, class Visit>
void grayWalk(const SetModel& m, const Coupling& c, const std::vector<int32_t>& freeItems, Visit&& visit) {
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
    if (m.cardinality >= 0 && ones != m.cardinality) continue;
    visit(E, mask, y);
  }
}

inline SetExactResult enumerateSet(const SetModel& m, double beta, bool wantProbabilities) {
  SetExactResult r;
  std::vector<int32_t> freeItems;
  for (int32_t i = 0; i < m.n; ++i)
    if (!(m.clamp && m.clamp[i] >= 0)) freeItems.push_back(i);
  r.marginals.assign(m.n, 0.0);
  r.argmin.assign(m.n, 0);
  withCoupling(m, [&](const auto& c) {
    // Pass 1: the minimum energy, so pass 2 sums weights exp(-beta (E - Emin)) <= 1 without overflow.
    grayWalk(m, c, freeItems, [&](double E, uint64_t, const std::vector<uint8_t>& y) {
      ++r.states;
      if (E < r.minEnergy) {
        r.minEnergy = E;
        r.argmin = y;
      }
    });
    if (r.states == 0) return 0;
    if (wantProbabilities) r.probabilities.assign(size_t(1) << m.n, 0.0);
    double Z = 0.0;
    const double shift = beta >= 0 ? r.minEnergy : -INFINITY;
    double maxE = -INFINITY;
    if (beta < 0) {
      grayWalk(m, c, freeItems, [&](double E, uint64_t, const std::vector<uint8_t>&) { maxE = std::fmax(maxE, E); });
    }
    const double ref = beta >= 0 ? shift : maxE;
    grayWalk(m, c, freeItems, [&](double E, uint64_t mask, const std::vector<uint8_t>& y) {
      const double w = std::exp(-beta * (E - ref));
      Z += w;
      for (int32_t i = 0; i < m.n; ++i)
        if (y[i]) r.marginals[i] += w;
      if (wantProbabilities) r.probabilities[mask] = w;
    });
    r.logZ = -beta * ref + std::log(Z);
    for (double& x : r.marginals) x /= Z;
    for (double& p : r.probabilities) p /= Z;
    return 0;
  });
  return r;
}

}  // namespace ebm
