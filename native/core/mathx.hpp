// Small numerical helpers shared by the CPU loops and CUDA kernels.
#pragma once
#include <cmath>
#include <cstring>
#include "hd.hpp"
#include "rng.hpp"

namespace ebm {

// exp(x) without branches or library calls, so loops over SIMD lanes vectorize (libm's exp does not without
// -ffast-math). Range reduction x = n ln2 + r with |r| <= ln2/2, then a degree-11 Taylor polynomial
// (truncation r^12/12! < 7e-15), then scale by 2^n through the exponent bits. Relative error < 2e-14 on
// [-708, 708]; inputs outside are clamped (exp(-708) ~ 3e-308, far below any probability we compare against).
// NaN (e.g. 0 * inf from an infinite beta) is taken as -708: a comparison with NaN is false, so the first
// test below maps it there, and the conversion to int64 and the shift that follow only ever see [-1021, 1022].
EBM_HD double expFast(double x) {
  x = x > -708.0 ? x : -708.0;
  x = x < 708.0 ? x : 708.0;
  const double shifter = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to the nearest integer
  const double n = (x * 1.4426950408889634 + shifter) - shifter;
  const double r = (x - n * 6.93147180369123816490e-01) - n * 1.90821492927058770002e-10;
  double p = 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const uint64_t bits = uint64_t(int64_t(n) + 1023) << 52;  // unsigned: a left shift of a signed value is UB
  double scale;
  std::memcpy(&scale, &bits, sizeof(double));
  return p * scale;
}

// Single-precision exp for the float lanes (integer models only, see integerFieldBound): the same reduction with
// a degree-6 polynomial; relative error < 3e-7, so an acceptance probability is off by < 3e-7 of itself,
// far below what any feasible sample size resolves (it would take ~1e13 samples).
EBM_HD float expFastF(float x) {
  x = x > -87.0f ? x : -87.0f;  // NaN -> -87, as in expFast
  x = x < 87.0f ? x : 87.0f;
  const float shifter = 12582912.0f;  // 1.5 * 2^23
  const float n = (x * 1.44269504f + shifter) - shifter;
  const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const uint32_t bits = uint32_t(int32_t(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(float));
  return p * scale;
}

// Heat-bath acceptance of a move with energy change delta at inverse temperature beta: accept with
// probability 1 / (1 + exp(beta * delta)), written as u * (1 + exp(beta * delta)) < 1 to avoid a division.
EBM_HD bool heatBathAccept(double u, double beta, double delta) {
  return u * (1.0 + expFast(beta * delta)) < 1.0;
}

// Float version: a 24-bit uniform from the word's top bits.
EBM_HD bool heatBathAccept(uint32_t word, float beta, float delta) {
  const float u = (float(word >> 8) + 0.5f) * (1.0f / 16777216.0f);
  return u * (1.0f + expFastF(beta * delta)) < 1.0f;
}
EBM_HD bool heatBathAccept(uint32_t word, double beta, double delta) {
  return heatBathAccept(uniform01(word), beta, delta);
}

// Streaming log-sum-exp accumulator: log(sum_i exp(x_i)) without overflow.
struct LogSumExp {
  double max = -INFINITY;
  double sum = 0.0;  // sum of exp(x_i - max)
  long long count = 0;
  void add(double x) {
    ++count;
    if (x <= max) {
      sum += std::exp(x - max);
    } else {
      sum = sum * std::exp(max - x) + 1.0;
      max = x;
    }
  }
  double value() const { return count == 0 ? -INFINITY : max + std::log(sum); }
  double logMean() const { return value() - std::log(double(count)); }
};

}  // namespace ebm
