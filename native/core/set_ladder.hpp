// A starting beta range for minimization, read off the model's scale. PT then adapts the rungs in between.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "ladder.hpp"
#include "set_model.hpp"

namespace ebm {

// Hot end: at a uniform random state a local field f_i has standard deviation sqrt(sum_j W_ij^2 / 4); a flip
// with |delta| of that size is accepted with probability about 1/(1+e^1.5) = 18% at beta = 1.5 / mean sd.
// Cold end: the smallest typical energy step (10th percentile of the nonzero |W_ij|, |h_i|) is accepted
// with probability e^-8 ~ 3e-4, i.e. the chain is effectively greedy.
inline BetaRange autoBetaRange(const SetModel& m) {
  std::vector<double> mags;
  double sdSum = 0;
  withCoupling(m, [&](const auto& c) {
    for (int32_t i = 0; i < m.n; ++i) {
      double sq = 0;
      c.forNeighbors(i, [&](int32_t j, double w) {
        if (w != 0) {
          sq += w * w;
          if (i < j) mags.push_back(std::fabs(w));
        }
      });
      sdSum += std::sqrt(sq / 4);
      if (m.unary[i] != 0) mags.push_back(std::fabs(m.unary[i]));
      if (mags.size() > 200000) break;  // a sample of the magnitudes is enough
    }
    return 0;
  });
  if (mags.empty()) return BetaRange{0.1, 10.0};
  const double small = smallStep(mags);
  const double sd = sdSum / m.n;
  return betaRange(1.5 / (sd > 0 ? sd : small), small);
}

}  // namespace ebm
