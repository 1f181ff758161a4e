// Inverse-temperature ladders for parallel tempering: the starting range of a minimization (from a space's move
// sizes), the starting ladder, and its adaptation between rounds. One module for every space.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

namespace ebm {

// The ends of a starting ladder for minimization (PT adapts the rungs in between).
struct BetaRange {
  double betaMin, betaMax;
};

// A small typical energy step: the 10th percentile of a sample of nonzero |delta| (reorders mags).
inline double smallStep(std::vector<double>& mags) {
  std::nth_element(mags.begin(), mags.begin() + mags.size() / 10, mags.end());
  return mags[mags.size() / 10];
}

// Hot end as given; cold end where the small step is accepted with probability e^-8 ~ 3e-4 (effectively
// greedy), widened to 20x the hot end when the two would be closer than 1.5x.
inline BetaRange betaRange(double betaMin, double small) {
  BetaRange r{betaMin, 8.0 / small};
  if (r.betaMax <= r.betaMin * 1.5) r.betaMax = r.betaMin * 20;
  return r;
}

// A space's typical move sizes, read off its model at random states (moveScale in set_model.hpp and
// perm_lanes.hpp): `typical` is a typical |delta| of one move, `hotLogOdds` the k for which a move of that size
// is accepted with probability 1/(1+e^k) at the hot end, `mags` a sample of the nonzero |delta|.
struct MoveScale {
  std::vector<double> mags;
  double typical = 0;
  double hotLogOdds = 1;
};

// The starting range of every space: hot end beta = k / typical (the small step when there is no typical
// size), cold end from the small step (betaRange); {0.1, 10} when no move changes the energy.
inline BetaRange autoBetaRange(MoveScale s) {
  if (s.mags.empty()) return BetaRange{0.1, 10.0};
  const double small = smallStep(s.mags);
  return betaRange(s.hotLogOdds / (s.typical > 0 ? s.typical : small), small);
}

// betaMin (betaMax / betaMin)^x for x in [0, 1] (0 < betaMin < betaMax, both finite): the plain formula, or
// through logs when the ratio overflows (betaMax 1e308 over betaMin 0.5 would give infinite rungs, and
// inf - inf = NaN differences between them).
inline double geometricBetween(double betaMin, double betaMax, double x) {
  const double ratio = betaMax / betaMin;
  if (std::isfinite(ratio)) return betaMin * std::pow(ratio, x);
  const double b = std::exp(std::log(betaMin) + x * (std::log(betaMax) - std::log(betaMin)));
  return std::fmin(betaMax, std::fmax(betaMin, b));  // exp(log(.)) may round just past an end
}

// beta_0 = betaMin < ... < beta_{R-1} = betaMax, equal ratios. betaMin = 0 gives beta_t = betaMax (t/(R-1))^2,
// a start that puts more rungs near 0 where the stepping-stone ratios change fastest.
inline std::vector<double> geometricLadder(double betaMin, double betaMax, int replicas) {
  std::vector<double> b(replicas, betaMax);
  if (replicas == 1) return b;
  for (int t = 0; t < replicas; ++t) {
    const double x = double(t) / (replicas - 1);
    b[t] = betaMin > 0 ? geometricBetween(betaMin, betaMax, x) : betaMax * x * x;
  }
  b[replicas - 1] = betaMax;
  return b;
}

// Syed, Bouchard-Côté, Deligiannidis & Doucet (2021), "Non-reversible parallel tempering": the cumulative
// rejection Lambda(beta_t) = sum_{s<t} r_s estimates the communication barrier; the ladder that makes every
// pair's rejection equal places beta'_k at Lambda^{-1}(k Lambda / (R-1)). Lambda is interpolated linearly
// between rungs (in log beta when the ladder is positive, so geometric ladders stay geometric); endpoints stay.
inline std::vector<double> equalRejectionLadder(const std::vector<double>& beta, const std::vector<double>& rejection) {
  const int R = int(beta.size());
  if (R < 3) return beta;
  const bool logScale = beta[0] > 0;
  auto coord = [&](double b) { return logScale ? std::log(b) : b; };
  std::vector<double> cum(R, 0.0);
  for (int t = 0; t + 1 < R; ++t) cum[t + 1] = cum[t] + std::max(rejection[t], 1e-4);  // floor keeps Lambda increasing
  std::vector<double> out(R);
  out[0] = beta[0];
  out[R - 1] = beta[R - 1];
  int s = 0;
  for (int k = 1; k + 1 < R; ++k) {
    const double target = cum[R - 1] * k / (R - 1);
    while (s + 1 < R - 1 && cum[s + 1] < target) ++s;
    const double frac = (target - cum[s]) / (cum[s + 1] - cum[s]);
    const double x = coord(beta[s]) + frac * (coord(beta[s + 1]) - coord(beta[s]));
    out[k] = logScale ? std::exp(x) : x;
  }
  return out;
}

}  // namespace ebm
