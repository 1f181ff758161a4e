// A starting beta range for minimizing a permutation model, read off the swap deltas at random permutations.
// PT then adapts the rungs in between.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "perm_model.hpp"
#include "rng.hpp"

namespace ebm {

struct PermBetaRange {
  double betaMin, betaMax;
};

// Hot end: a swap with |delta| of the typical size (RMS over random swaps at random permutations) is accepted
// with probability about 1/(1+e^0.7) = 33% at beta = 0.7 / rms. Cold end: a small step (10th percentile of the
// nonzero |delta|) is accepted with probability e^-8 ~ 3e-4, i.e. the chain is effectively greedy.
inline PermBetaRange autoPermBetaRange(const PermModel& m, const QapView& q) {
  const std::vector<int32_t> items = freeItems(m);
  const int32_t k = int32_t(items.size());
  if (k < 2) return PermBetaRange{0.1, 10.0};
  std::vector<int32_t> sigma(m.n);
  std::vector<double> mags;
  double sq = 0;
  int64_t count = 0;
  const SeedKey key = seedKey(0x5eed);
  for (uint32_t rep = 0; rep < 16; ++rep) {
    // A random admissible permutation: shuffle the free items' slots.
    std::vector<int32_t> slots;
    std::vector<uint8_t> taken(m.n, 0);
    for (int32_t i = 0; i < m.n; ++i) {
      sigma[i] = m.clamp && m.clamp[i] >= 0 ? m.clamp[i] : -1;
      if (sigma[i] >= 0) taken[sigma[i]] = 1;
    }
    for (int32_t j = 0; j < m.n; ++j)
      if (!taken[j]) slots.push_back(j);
    for (int32_t t = 0; t + 1 < k; ++t) {
      const Philox4x32 r = draw(key, rep, uint32_t(t), 0, kPurposeInit);
      std::swap(slots[t], slots[t + int32_t(uniformBelow(r.v[0], uint32_t(k - t)))]);
    }
    for (int32_t t = 0; t < k; ++t) sigma[items[t]] = slots[t];
    for (uint32_t a = 0; a < 64; ++a) {
      const Philox4x32 r = draw(key, rep, a, 1, kPurposeInit);
      const int32_t x = int32_t(uniformBelow(r.v[0], uint32_t(k)));
      int32_t y = int32_t(uniformBelow(r.v[1], uint32_t(k - 1)));
      y += y >= x;
      const double d = permSwapDelta(m, q, sigma.data(), items[x], items[y]);
      sq += d * d;
      ++count;
      if (d != 0) mags.push_back(std::fabs(d));
    }
  }
  if (mags.empty()) return PermBetaRange{0.1, 10.0};
  const double rms = std::sqrt(sq / double(count));
  std::nth_element(mags.begin(), mags.begin() + mags.size() / 10, mags.end());
  const double small = mags[mags.size() / 10];
  PermBetaRange r{0.7 / rms, 8.0 / small};
  if (r.betaMax <= r.betaMin * 1.5) r.betaMax = r.betaMin * 20;
  return r;
}

}  // namespace ebm
