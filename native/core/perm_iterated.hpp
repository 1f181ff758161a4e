// Iterated robust tabu search (in the spirit of Misevicius 2012 and the breakout search of Benlic & Hao 2015):
// a robust tabu walk (perm_search.hpp) that, once its current cycle has not improved for `stall` steps, kicks
// its incumbent with mu random transpositions and walks on from there. The incumbent is the best of the last
// cycle when that is within `accept` of the walk's best, else the walk's best: the walk drifts over nearby
// local optima but never far from the best it knows. The strength mu grows while cycles fail to beat the
// incumbent and falls back when one does.
// Kicks draw from kPurposeTabu at site words 2^31 + t, above the tenures' (2 per restart), so the stream stays
// a function of (seed, chain id).
// On QAPs with structure, seen as zeros in the flows or distances, the walk first anneals (perm_anneal.hpp)
// and begins at the anneal's best: on tai256c, tho150, wil100 and sko100a (87, 58, 10 and 31% zeros off the
// diagonal in one matrix) an anneal of a few seconds finds better basins than the tabu walk does from a random
// start; on the dense uniform tai*a (1% zeros) it does not, and the walk starts at once.
#pragma once
#include <algorithm>
#include <vector>
#include "perm_anneal.hpp"
#include "perm_lanes.hpp"
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
  // The anneal: sweeps of k(k-1)/2 attempts (qapref's 2000 sweeps per anneal), at most annealWork / n attempts
  // (an attempt is O(n): about 4-6 s of one core at n = 256, where 2000 sweeps would take the whole of 10 s);
  // 0 sweeps: no anneal. While it runs, k attempts count as one step (about a tabu step's work). It runs when
  // at least annealZeros of the off-diagonal entries of the flow or the distance matrix are zero.
  double annealSweeps = 2000;
  double annealWork = 5e9;
  double annealZeros = 0.05;
};

class IteratedTabu {
 public:
  IteratedTabu(const PermModel& m, const QapView& q, uint64_t seed, uint32_t stream, IteratedTabuParams p = {})
      : walk_(m, q, seed, stream), m_(m), q_(q), key_(seedKey(seed)), stream_(stream), p_(p) {
    items_ = freeItems(m);
    const int32_t k = int32_t(items_.size());
    const bool structured = m.flow && std::fmax(zeroShare(m.flow, m.n), zeroShare(m.distance, m.n)) >= p_.annealZeros;
    if (k >= 2 && p_.annealSweeps > 0 && structured) {
      const double pairs = 0.5 * double(k) * double(k - 1);
      annealTotal_ = int64_t(std::fmin(p_.annealSweeps * pairs, p_.annealWork / double(m.n)));
    }
    if (p_.stall <= 0) p_.stall = 200 * int64_t(k);
    muMin_ = std::max(2, int32_t(p_.muMin * k));
    muMax_ = std::max(muMin_, int32_t(p_.muMax * k));
    mu_ = muMin_;
    walk_.setAspiration(int64_t(p_.aspiration * k * k));
  }

  // Starts from sigma: the anneal first when there is one (the walk's caches are built when it ends).
  void reset(const int32_t* sigma, StopCheck* stop = nullptr) {
    if (annealTotal_ > 0) {
      if (range_.betaMax <= 0) range_ = autoBetaRange(moveScale(m_, q_));
      anneal_.start(sigma, m_.n, permEnergy(m_, sigma), range_, annealTotal_);
      annealSteps_ = 0;
      annealClock_ = -1;
      annealing_ = true;
      return;
    }
    startWalk(sigma, stop);
  }

  // Up to `iterations` steps (anneal steps, then tabu steps with their kicks: each kick costs one O(k^2 n)
  // restart of the walk's caches).
  void run(int64_t iterations, StopCheck* stop, double target = -INFINITY) {
    if (annealing_) {
      iterations -= anneal(iterations, stop, target);
      if (annealing_) return;
    }
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
  double bestCost() const { return annealing_ ? anneal_.bestCost : walk_.bestCost(); }
  const std::vector<int32_t>& best() const { return annealing_ ? anneal_.best : walk_.best(); }
  int64_t iterations() const { return annealSteps_ + walk_.iterations(); }
  int64_t kicks() const { return kicks_; }

 private:
  void startWalk(const int32_t* sigma, StopCheck* stop) {
    walk_.reset(sigma, stop);
    incumbent_ = walk_.best();
    incumbentCost_ = walk_.bestCost();
  }

  // Up to `steps` steps of the anneal (k attempts each); returns the steps taken. The walk starts from the
  // anneal's best when it ends; a stop leaves the best with its cost recomputed (the anneal keeps a running sum).
  int64_t anneal(int64_t steps, StopCheck* stop, double target) {
    const int64_t k = int64_t(items_.size()), before = annealSteps_;
    if (stop && stop->timeLimit() > 0) fitAnnealToDeadline(*stop);
    const bool done = annealRun(m_, q_, items_, anneal_.attempt + steps * k, key_, stream_, anneal_, stop);
    annealSteps_ = (anneal_.attempt + k - 1) / k;
    if (!done) anneal_.bestCost = permEnergy(m_, anneal_.best.data());
    else if (anneal_.done() || anneal_.bestCost <= target) {
      annealing_ = false;
      startWalk(anneal_.best.data(), stop);
    }
    return annealSteps_ - before;
  }

  // Under a time limit the anneal ends by kAnnealShare of it, leaving the rest to the tabu walk: once it has
  // run long enough to time its attempts, it is shortened (retimed, beta without a jump) when at its pace it
  // would end later. Without a time limit (a step budget) it never is: the run stays a function of the seed.
  static constexpr double kAnnealShare = 0.6;
  void fitAnnealToDeadline(const StopCheck& stop) {
    const double now = stop.elapsed();
    if (annealClock_ < 0) {
      annealClock_ = now, annealAttempt_ = anneal_.attempt;
      return;
    }
    const int64_t timed = anneal_.attempt - annealAttempt_;
    if (timed < 200000 / std::max<int64_t>(1, m_.n / 64)) return;  // a few milliseconds of attempts at least
    const double perAttempt = (now - annealClock_) / double(timed);
    const double left = kAnnealShare * stop.timeLimit() - now;
    if (double(anneal_.to - anneal_.attempt) * perAttempt > 1.05 * left)
      anneal_.retime(anneal_.attempt + int64_t(std::fmax(0.0, left) / perAttempt));
  }

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
  PermModel m_;
  const QapView& q_;
  SeedKey key_;
  uint32_t stream_;
  IteratedTabuParams p_;
  std::vector<int32_t> items_, incumbent_, next_;
  double incumbentCost_ = INFINITY;
  int32_t mu_ = 2, muMin_ = 2, muMax_ = 2;
  int64_t kicks_ = 0;
  Anneal anneal_;
  BetaRange range_{0, 0};  // the anneal's, from moveScale at the first reset
  int64_t annealTotal_ = 0, annealSteps_ = 0, annealAttempt_ = 0;
  double annealClock_ = -1;  // when the anneal was first timed (the stop's clock), -1 before
  bool annealing_ = false;
};

}  // namespace ebm
