// Greedy descent for set models: flips (or, under a cardinality constraint, in/out swaps) that lower the
// energy, until none does. Run on the best state a sampler found, so the answer is at least a local minimum.
#pragma once
#include <vector>
#include "set_model.hpp"

namespace ebm {

// Returns the energy of the local minimum reached from y (modified in place).
template <class Coupling>
double greedyDescent(const SetModel& m, const Coupling& c, uint8_t* y) {
  std::vector<double> f(m.n);
  for (int32_t i = 0; i < m.n; ++i) f[i] = setLocalField(m, c, y, 1, i);
  auto isFree = [&](int32_t i) { return !(m.clamp && m.clamp[i] >= 0); };
  const double tol = 1e-12;
  bool improved = true;
  while (improved) {
    improved = false;
    if (m.cardinality < 0) {
      for (int32_t i = 0; i < m.n; ++i) {
        if (!isFree(i)) continue;
        const double s = 1.0 - 2.0 * y[i];
        if (s * f[i] < -tol * (1.0 + std::fabs(f[i]))) {
          y[i] ^= 1;
          c.forNeighbors(i, [&](int32_t j, double w) { f[j] += w * s; });
          improved = true;
        }
      }
    } else {
      for (int32_t i = 0; i < m.n && !improved; ++i) {
        if (!isFree(i) || !y[i]) continue;
        for (int32_t j = 0; j < m.n; ++j) {
          if (!isFree(j) || y[j]) continue;
          const double d = f[j] - f[i] - c.at(i, j);
          if (d < -tol * (1.0 + std::fabs(f[i]) + std::fabs(f[j]))) {
            y[i] = 0;
            y[j] = 1;
            c.forNeighbors(i, [&](int32_t k, double w) { f[k] -= w; });
            c.forNeighbors(j, [&](int32_t k, double w) { f[k] += w; });
            improved = true;
            break;
          }
        }
      }
    }
  }
  return setEnergy(m, c, y, 1);
}

}  // namespace ebm
