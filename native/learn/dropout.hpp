// Dropout multipliers of a hidden layer: each unit kept with probability 1 - rate and scaled by 1 / (1 - rate),
// 0 when dropped. Unit t reads word t % 4 of the Philox block draw(seed, step = t / 4, purpose dropout), so the
// mask is a pure function of (seed, t) however it is computed; the blocks come 256 at a time from philoxBlocks
// (vectorized). A JS PRNG loop cost some 12 ns a unit, about a tenth of a training step.
#pragma once
#include <cstdint>
#include "core/rng.hpp"

namespace ebm::learn {

inline void dropoutMask(float* mask, int64_t n, double rate, uint64_t seed) {
  const float scale = float(1 / (1 - rate));
  const SeedKey key = seedKey(seed);
  constexpr int kBlocks = 256;
  uint32_t c0[kBlocks], c1[kBlocks], c2[kBlocks], c3[kBlocks], words[4 * kBlocks];
  for (int64_t t0 = 0; t0 < n; t0 += 4 * kBlocks) {
    const int64_t remaining = (n - t0 + 3) / 4;
    const int count = int(remaining < kBlocks ? remaining : kBlocks);
    for (int b = 0; b < count; ++b) {
      // The counters of draw(key, step, site 0, chain 0, kPurposeDropout).
      const uint64_t step = uint64_t(t0 / 4 + b);
      c0[b] = 0;
      c1[b] = uint32_t(step);
      c2[b] = 0;
      c3[b] = (uint32_t(kPurposeDropout) << 24) ^ uint32_t(step >> 32);
    }
    philoxBlocks(count, c0, c1, c2, c3, key, words);
    const int64_t end = t0 + 4 * int64_t(count) < n ? t0 + 4 * int64_t(count) : n;
    for (int64_t t = t0; t < end; ++t) mask[t] = uniform01(words[t - t0]) < rate ? 0.0f : scale;
  }
}

}  // namespace ebm::learn
