// Adam (Kingma and Ba) over one parameter array, the update of src/learn/adam.ts element for element:
//
//   m = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2,
//   w = w + stepSize m / (sqrt(v secondCorrection) + epsilon)
//
// with stepSize = -lr / (1 - beta1^t) and secondCorrection = 1 / (1 - beta2^t) from the caller. Like the JS
// loop it computes in double and stores w, m and v in float32 (m and v are kept as tfjs keeps them), and it
// uses the double m and v of this step, not their float32 roundings. Multiply-adds are not fused here, so the
// doubles are JavaScript's, bit for bit.
#pragma once
#include <cmath>
#include <cstdint>

namespace ebm::learn {

struct AdamStep {
  double beta1;
  double beta2;
  double stepSize;
  double secondCorrection;
  double epsilon;
};

#if defined(__clang__)
#define EBM_NO_FMA_CONTRACTION
#elif defined(__GNUC__)
#define EBM_NO_FMA_CONTRACTION __attribute__((optimize("fp-contract=off")))
#else
#define EBM_NO_FMA_CONTRACTION
#endif

EBM_NO_FMA_CONTRACTION inline void adamUpdate(const AdamStep& s, int64_t n, const float* g, float* m, float* v, float* w) {
#if defined(__clang__)
#pragma clang fp contract(off)
#endif
  const double a1 = 1 - s.beta1;
  const double a2 = 1 - s.beta2;
  for (int64_t j = 0; j < n; ++j) {
    const double gj = g[j];
    const double mj = s.beta1 * double(m[j]) + a1 * gj;
    const double vj = s.beta2 * double(v[j]) + a2 * gj * gj;
    m[j] = float(mj);
    v[j] = float(vj);
    w[j] = float(double(w[j]) + (s.stepSize * mj) / (std::sqrt(vj * s.secondCorrection) + s.epsilon));
  }
}

}  // namespace ebm::learn
