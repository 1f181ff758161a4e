// Iterated robust tabu search (in the spirit of Misevicius 2012 and the breakout search of Benlic & Hao 2015):
// a robust tabu walk (perm_search.hpp) that, once its current cycle has not improved for `stall` steps, kicks
// its incumbent with mu random transpositions and walks on from there. The incumbent is the best of the last
// cycle when that is within `accept` of the walk's best, else the walk's best: the walk drifts over nearby
// local optima but never far from the best it knows. The strength mu grows while cycles fail to beat the
// incumbent and falls back when one does.
// Kicks draw from kPurposeTabu at site words 2^31 + t, above the tenures' (2 per restart), so the stream stays
// a function of (seed, chain id).
#pragma once
#include <algorithm>
#include <vector>
#include "perm_search.hpp"

namespace ebm {

// Defaults measured on tai100a and tho150 (fixed step budgets, bench/scaleQap.ts for the 10 s table): short
// stalls (20 k) kick before the walk has settled and lose to the plain walk; 200 k with kicks of 10-30% of
// the items and a 1% acceptance slack beat it on both.
struct IteratedTabuParams {
  int64_t stall = 0;      // steps without a cycle improvement before a kick; 0: 200 k (k free items)
  double muMin = 0.1;     // kick strength range, as fractions of k (at least 2 transpositions)
  double muMax = 0.3;
  double accept = 0.01;   // relative slack for taking the cycle's best as the new incumbent
  double aspiration = 5;  // the walk's aspiration age, in units of k^2 steps
};

class IteratedTabu {
 public:
  IteratedTabu(const PermModel& m, const QapView& q, uint64_t seed, uint32_t stream, IteratedTabuParams p = {})
      : walk_(m, q, seed, stream), key_(seedKey(seed)), stream_(stream), p_(p) {
    items_ = freeItems(m);
    const int32_t k = int32_t(items_.size());
    if (p_.stall <= 0) p_.stall = 200 * int64_t(k);
    muMin_ = std::max(2, int32_t(p_.muMin * k));
    muMax_ = std::max(muMin_, int32_t(p_.muMax * k));
    mu_ = muMin_;
    walk_.setAspiration(int64_t(p_.aspiration * k * k));
  }

  void reset(const int32_t* sigma, StopCheck* stop = nullptr) {
    walk_.reset(sigma, stop);
    incumbent_ = walk_.best();
    incumbentCost_ = walk_.bestCost();
  }

  // Up to `iterations` tabu steps (kicks included: each costs one O(k^2 n) restart of the walk's caches).
  void run(int64_t iterations, StopCheck* stop, double target = -INFINITY) {
    const int64_t end = walk_.iterations() + iterations;
    while (walk_.iterations() < end && !(stop && stop->stopped()) && walk_.bestCost() > target) {
      if (!walk_.ready()) return;  // a stop during a restart
      const int64_t untilStall = p_.stall - walk_.sinceCycleImprovement();
      if (untilStall > 0) {
        const int64_t before = walk_.iterations();
        walk_.run(std::min(untilStall, end - walk_.iterations()), stop, target);
        if (walk_.iterations() == before) return;  // nothing moves (fewer than 2 free items) or a stop
        continue;
      }
      kick(stop);
    }
  }

  const RobustTabu& walk() const { return walk_; }
  double bestCost() const { return walk_.bestCost(); }
  const std::vector<int32_t>& best() const { return walk_.best(); }
  int64_t iterations() const { return walk_.iterations(); }
  int64_t kicks() const { return kicks_; }

 private:
  void kick(StopCheck* stop) {
    const double cycle = walk_.cycleCost();
    if (cycle < incumbentCost_) {
      mu_ = muMin_;  // a better optimum: search near it with small kicks
    } else {
      mu_ = std::min(muMax_, mu_ + std::max(1, muMin_ / 2));  // the same basin again: kick harder
    }
    const double slack = p_.accept * std::fabs(walk_.bestCost());
    if (cycle <= walk_.bestCost() + slack) {
      incumbent_ = walk_.cycleBest();
      incumbentCost_ = cycle;
    } else {
      incumbent_ = walk_.best();
      incumbentCost_ = walk_.bestCost();
    }
    next_ = incumbent_;
    const uint32_t k = uint32_t(items_.size());
    for (int32_t t = 0; t < mu_; ++t) {
      const Philox4x32 r = draw(key_, uint64_t(kicks_), 0x80000000u + uint32_t(t), stream_, kPurposeTabu);
      const uint32_t x = uniformBelow(r.v[0], k);
      uint32_t y = uniformBelow(r.v[1], k - 1);
      y += y >= x;
      std::swap(next_[items_[x]], next_[items_[y]]);
    }
    ++kicks_;
    walk_.jump(next_.data(), stop);
  }

  RobustTabu walk_;
  SeedKey key_;
  uint32_t stream_;
  IteratedTabuParams p_;
  std::vector<int32_t> items_, incumbent_, next_;
  double incumbentCost_ = INFINITY;
  int32_t mu_ = 2, muMin_ = 2, muMax_ = 2;
  int64_t kicks_ = 0;
};

}  // namespace ebm
