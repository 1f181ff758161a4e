// The polish step of every space, one name: descend(model, state) takes the moves of the space's sampler
// (sets: flips, or in/out swaps under a cardinality; permutations: transpositions of free items) that lower
// the energy until none does, modifying the state in place, and returns the energy of the local minimum
// reached. Minimization runs it on the best state its sampler found, so an answer is at least a local minimum
// of the space's own move. energyOf(model, state) is the energy without the descent.
#pragma once
#include <cmath>
#include <vector>
#include "perm_model.hpp"
#include "set_model.hpp"

namespace ebm {

// Sets: greedy first-improvement flips, or in/out swaps when |y| = k is fixed; fields kept in f.
template <class Coupling>
double descend(const SetModel& m, const Coupling& c, uint8_t* y) {
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
          const double d = f[j] - f[i] - c.at(i, j);  // remove i, add j (f_j still counts W_ij)
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

inline double descend(const SetModel& m, uint8_t* y) {
  return withCoupling(m, [&](const auto& c) { return descend(m, c, y); });
}

inline double energyOf(const SetModel& m, const uint8_t* y) {
  return withCoupling(m, [&](const auto& c) { return setEnergy(m, c, y, 1); });
}

// Permutations: first-improvement transpositions of free items (the answer is then 2-swap optimal).
inline double descend(const PermModel& m, const QapView& q, int32_t* sigma) {
  const std::vector<int32_t> items = freeItems(m);
  const int32_t k = int32_t(items.size());
  double E = permEnergy(m, sigma);
  bool improved = true;
  while (improved) {
    improved = false;
    for (int32_t x = 0; x < k; ++x)
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
      }
  }
  return permEnergy(m, sigma);  // from scratch: E is a sum of deltas
}

inline double descend(const PermModel& m, int32_t* sigma) {
  const QapData qap(m);
  return descend(m, qap.view, sigma);
}

inline double energyOf(const PermModel& m, const int32_t* sigma) { return permEnergy(m, sigma); }

}  // namespace ebm
