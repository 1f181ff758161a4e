// A starting beta range for minimizing a permutation model, read off the swap deltas at random permutations.
// PT then adapts the rungs in between.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "ladder.hpp"
#include "perm_lanes.hpp"

namespace ebm {

// Hot end: a swap with |delta| of the typical size (RMS over random swaps at random permutations) is accepted
// with probability about 1/(1+e^0.7) = 33% at beta = 0.7 / rms. Cold end: a small step (10th percentile of the
// nonzero |delta|) is accepted with probability e^-8 ~ 3e-4, i.e. the chain is effectively greedy.
inline BetaRange autoPermBetaRange(const PermModel& m, const QapView& q) {
  const std::vector<int32_t> items = freeItems(m);
  const int32_t k = int32_t(items.size());
  if (k < 2) return BetaRange{0.1, 10.0};
  std::vector<int32_t> sigma(m.n);
  std::vector<double> mags;
  double sq = 0;
  int64_t count = 0;
  const SeedKey key = seedKey(0x5eed);
  const std::vector<int32_t> free = freeSlots(m);
  std::vector<int32_t> slots;
  for (uint32_t rep = 0; rep < 16; ++rep) {
    slots = free;
    randomAdmissiblePerm(m, items, slots, key, rep, 0, sigma.data());
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
  if (mags.empty()) return BetaRange{0.1, 10.0};
  return betaRange(0.7 / std::sqrt(sq / double(count)), smallStep(mags));
}

}  // namespace ebm
