// Exact enumeration of a permutation model (at most 10 free items, 3.6M permutations): log Z, the marginals
// P(sigma(i) = j), the minimum, and optionally the full distribution indexed by the permutation's rank.
// Permutations of the free items are visited in Heap's order, so each step is one transposition and the
// energy follows through the O(n) swap delta. The walks poll a StopCheck (may be null) about every 2^16 units of
// work; a stopped enumeration has no answer (an exact sum cannot be partial): callers check stop->stopped().
#pragma once
#include <cmath>
#include <vector>
#include "limits.hpp"
#include "perm_model.hpp"
#include "stop.hpp"

namespace ebm {


// Lexicographic rank of sigma among the n! permutations of 0..n-1 (Lehmer code): sum_i c_i (n-1-i)! with
// c_i = #{j > i : sigma_j < sigma_i}. The identity has rank 0, the reversal n! - 1. O(n^2), n <= 20.
inline int64_t permutationRank(const int32_t* sigma, int32_t n) {
  int64_t rank = 0;
  for (int32_t i = 0; i < n; ++i) {
    int64_t c = 0;
    for (int32_t j = i + 1; j < n; ++j) c += sigma[j] < sigma[i];
    rank = rank * (n - i) + c;  // Horner form of sum_i c_i (n-1-i)!
  }
  return rank;
}

struct PermExactResult {
  double logZ = -INFINITY;            // log sum over admissible sigma of exp(-beta E(sigma))
  std::vector<double> marginals;      // n*n: P(sigma(i) = j)
  std::vector<double> probabilities;  // n!, indexed by permutationRank, when requested
  double minEnergy = INFINITY;
  std::vector<int32_t> argmin;
  int64_t states = 0;                 // admissible permutations, (n - #clamped)!
};

// Calls visit(E, sigma) for every admissible permutation (Heap's algorithm on the free items' slots); returns
// false when stopped before the end.
template <class Visit>
bool permWalk(const PermModel& m, const QapView& q, StopPoller& poll, Visit&& visit) {
  const std::vector<int32_t> items = freeItems(m);
  const int32_t k = int32_t(items.size());
  const std::vector<int32_t> slots = freeSlots(m);
  std::vector<int32_t> sigma(m.n);
  for (int32_t i = 0; i < m.n; ++i)
    if (m.clamp && m.clamp[i] >= 0) sigma[i] = m.clamp[i];
  for (int32_t t = 0; t < k; ++t) sigma[items[t]] = slots[t];
  double E = permEnergy(m, sigma.data());
  visit(E, sigma.data());
  // Iterative Heap's algorithm: c[t] counts the swaps done at level t.
  std::vector<int32_t> c(k, 0);
  int64_t steps = 0;
  for (int32_t t = 1; t < k;) {
    if (c[t] < t) {
      const int32_t a = (t % 2 == 0) ? 0 : c[t];
      const int32_t r = items[a], s = items[t];
      E += permSwapDelta(m, q, sigma.data(), r, s);
      const int32_t tmp = sigma[r];
      sigma[r] = sigma[s];
      sigma[s] = tmp;
      // Re-anchor now and then so rounding cannot build up over millions of steps.
      if ((++steps & 4095) == 0) E = permEnergy(m, sigma.data());
      visit(E, sigma.data());
      if (poll.due(m.n)) return false;  // a swap delta and a visit are O(n)
      ++c[t];
      t = 1;
    } else {
      c[t] = 0;
      ++t;
    }
  }
  return true;
}

// Callers check that at most kMaxExactPermItems items are free (and n <= 10 for probabilities).
inline PermExactResult enumeratePerm(const PermModel& m, double beta, bool wantProbabilities, StopCheck* stop = nullptr) {
  PermExactResult r;
  StopPoller poll(stop);
  const QapData qap(m);
  const int32_t n = m.n;
  r.argmin.assign(n, 0);
  r.marginals.assign(int64_t(n) * n, 0.0);
  // Pass 1: the minimum (beta >= 0) or maximum energy, so pass 2 sums weights <= 1.
  double maxE = -INFINITY;
  const bool done = permWalk(m, qap.view, poll, [&](double E, const int32_t* sigma) {
    ++r.states;
    if (E < r.minEnergy) {
      r.minEnergy = E;
      for (int32_t i = 0; i < n; ++i) r.argmin[i] = sigma[i];
    }
    maxE = std::fmax(maxE, E);
  });
  if (!done) return r;
  const double ref = beta >= 0 ? r.minEnergy : maxE;
  if (wantProbabilities) {
    int64_t total = 1;
    for (int32_t i = 2; i <= n; ++i) total *= i;
    r.probabilities.assign(total, 0.0);
  }
  double Z = 0;
  if (!permWalk(m, qap.view, poll, [&](double E, const int32_t* sigma) {
        const double w = std::exp(-beta * (E - ref));
        Z += w;
        for (int32_t i = 0; i < n; ++i) r.marginals[int64_t(i) * n + sigma[i]] += w;
        if (wantProbabilities) r.probabilities[permutationRank(sigma, n)] = w;
      }))
    return r;
  r.logZ = -beta * ref + std::log(Z);
  for (double& x : r.marginals) x /= Z;
  for (double& p : r.probabilities) p /= Z;
  return r;
}

// The permutation space's exact oracle under the name set_exact.hpp gives the set one.
inline PermExactResult enumerateExact(const PermModel& m, double beta, bool wantProbabilities, StopCheck* stop) {
  return enumeratePerm(m, beta, wantProbabilities, stop);
}

}  // namespace ebm
