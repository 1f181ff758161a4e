// Simulated annealing over transpositions of the free items (Metropolis, geometric beta schedule), the plain
// way: a random pair, its O(n) swap delta (permSwapDelta), accept or not. The iterated tabu search runs it
// first (perm_iterated.hpp): on instances with structure (tai256c, tho150, sko100a, wil100) an anneal of a few
// seconds reaches better basins than the tabu walk does from a random start. Draws use kPurposeTabu at site
// word 2^31 + 2^30 + 2^29 (one block per attempt), apart from the tenures' and the kicks'.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "ladder.hpp"
#include "perm_model.hpp"
#include "rng.hpp"
#include "stop.hpp"

namespace ebm {

// An anneal in progress. Its schedule: beta = betaMin (betaMax / betaMin)^x, where the progress x goes from x0
// at attempt `from` linearly to 1 at attempt `to`; retime() moves `to` (a shorter anneal when time runs short)
// without a jump in beta.
struct Anneal {
  std::vector<int32_t> sigma, best;
  double cost = 0, bestCost = INFINITY;  // running sums of deltas (bestCost is recomputed by the caller)
  BetaRange range{0, 0};
  int64_t attempt = 0, from = 0, to = 0;
  double x0 = 0;

  void start(const int32_t* s, int32_t n, double energy, BetaRange r, int64_t attempts) {
    sigma.assign(s, s + n);
    best = sigma;
    cost = bestCost = energy;
    range = r;
    attempt = from = 0;
    to = attempts;
    x0 = 0;
  }
  double progress() const { return to > from ? x0 + (1 - x0) * double(attempt - from) / double(to - from) : 1; }
  void retime(int64_t newTo) {
    x0 = progress();
    from = attempt;
    to = std::max(attempt, newTo);
  }
  bool done() const { return attempt >= to; }
};

// The share of zero entries off the diagonal of the n x n matrix M (0 when n < 2).
inline double zeroShare(const double* M, int32_t n) {
  int64_t zeros = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) zeros += i != j && M[i * n + j] == 0;
  return n < 2 ? 0 : double(zeros) / (double(n) * double(n - 1));
}

// Attempts up to min(end, a.to); returns false on a stop (polled about every StopPoller::kPollWork units of
// work, an attempt being n of them).
inline bool annealRun(const PermModel& m, const QapView& q, const std::vector<int32_t>& items, int64_t end, SeedKey key,
                      uint32_t stream, Anneal& a, StopCheck* stop) {
  const uint32_t k = uint32_t(items.size());
  if (k < 2) return true;
  StopPoller poll(stop);
  const double logRatio = std::log(a.range.betaMax / a.range.betaMin);
  const double slope = a.to > a.from ? (1 - a.x0) / double(a.to - a.from) : 0;
  end = std::min(end, a.to);
  for (; a.attempt < end; ++a.attempt) {
    if (poll.due(m.n)) return false;
    const double beta = a.range.betaMin * std::exp(logRatio * (a.x0 + slope * double(a.attempt - a.from)));
    const Philox4x32 w = draw(key, uint64_t(a.attempt), 0xE0000000u, stream, kPurposeTabu);
    const uint32_t x = uniformBelow(w.v[0], k);
    uint32_t y = uniformBelow(w.v[1], k - 1);
    y += y >= x;
    const int32_t i = items[x], j = items[y];
    const double d = permSwapDelta(m, q, a.sigma.data(), i, j);
    if (d > 0 && uniform01(w.v[2]) >= std::exp(-beta * d)) continue;
    std::swap(a.sigma[i], a.sigma[j]);
    a.cost += d;
    if (a.cost < a.bestCost) a.bestCost = a.cost, a.best = a.sigma;
  }
  return true;
}

}  // namespace ebm
