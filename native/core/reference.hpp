// The simplest correct scalar sampler, kept as the benchmark's reference: one chain, systematic-scan
// heat-bath Gibbs with cached local fields, libm exp and a fast non-counter RNG (xoshiro256**).
// It is what a careful hand-written loop does; the lane sampler is measured against it on the same input.
#pragma once
#include <cmath>
#include <vector>
#include "set_model.hpp"

namespace ebm {

struct Xoshiro256 {
  uint64_t s[4];
  explicit Xoshiro256(uint64_t seed) {
    for (auto& x : s) {  // splitmix64 seeding
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      x = z ^ (z >> 31);
    }
  }
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t next() {
    const uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
  }
  double uniform() { return (double(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
};

// Runs `sweeps` sweeps from y (in place); returns the final energy.
template <class Coupling>
double referenceGibbs(const SetModel& m, const Coupling& c, uint8_t* y, double beta, int64_t sweeps, uint64_t seed) {
  Xoshiro256 rng(seed);
  std::vector<double> f(m.n);
  for (int32_t i = 0; i < m.n; ++i) f[i] = setLocalField(m, c, y, 1, i);
  for (int64_t s = 0; s < sweeps; ++s) {
    for (int32_t i = 0; i < m.n; ++i) {
      const double sign = 1.0 - 2.0 * y[i];
      const double d = sign * f[i];
      if (rng.uniform() * (1.0 + std::exp(beta * d)) < 1.0) {
        y[i] ^= 1;
        c.forNeighbors(i, [&](int32_t j, double w) { f[j] += w * sign; });
      }
    }
  }
  return setEnergy(m, c, y, 1);
}

}  // namespace ebm
