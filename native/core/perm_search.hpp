// Robust tabu search for permutation models (Taillard 1991, "Robust taboo search for the quadratic assignment
// problem"): it walks on from a local minimum by always taking the best non-tabu swap. Its random tenures come
// from their own purpose, kPurposeTabu, so they never overlap a sampler lane's stream. (The swap descent that
// polishes an answer is descend() in descent.hpp; the iterated search built on this walk is perm_iterated.hpp.)
#pragma once
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>
#include "perm_deltas.hpp"
#include "perm_model.hpp"
#include "rng.hpp"
#include "stop.hpp"

namespace ebm {

// Robust tabu search over transpositions of the free items. Keeps delta[x][y] for every pair of free items
// (SwapDeltas, perm_deltas.hpp: O(n^2) per iteration), in float when that is exact (small integer data), else
// in double.
//
// Tabu rule: after moving item r away from slot p, placing r at p again is tabu for a random tenure
// (tenure^3 scaled, as in Taillard's reference code); a move is allowed if either item goes to a non-tabu
// slot, and aspiration accepts any move that beats the best cost or that has been tabu for very long.
class RobustTabu {
  // f(the SwapDeltas in use): declared before the members that call it (their return types are deduced).
  enum class Kind { Wide, Thin, Exact };
  template <class F>
  auto withDeltas(F&& f) {
    return kind_ == Kind::Exact ? f(exact_) : kind_ == Kind::Thin ? f(thin_) : f(wide_);
  }
  template <class F>
  auto withDeltas(F&& f) const {
    return kind_ == Kind::Exact ? f(exact_) : kind_ == Kind::Thin ? f(thin_) : f(wide_);
  }

 public:
  RobustTabu(const PermModel& m, const QapView& q, uint64_t seed, uint32_t stream)
      : m_(m), q_(q), key_(seedKey(seed)), stream_(stream) {
    items_ = freeItems(m);
    k_ = int32_t(items_.size());
    tenure_ = 8.0 * k_;
    aspiration_ = int64_t(5) * k_ * k_;
    pairTabu_.assign(int64_t(k_) * k_ + kPad, 0);
    tabu_.assign(int64_t(m.n) * m.n, 0);
    sigma_.assign(m.n, 0);
    best_.assign(m.n, 0);
    const int64_t nn = int64_t(m.n) * m.n;
    if (exactIntegers(m, q_)) kind_ = Kind::Exact, exact_.init(m, q_, items_);
    else if (q_.A && fitsFloat(q_.A, nn) && fitsFloat(q_.B, nn)) kind_ = Kind::Thin, thin_.init(m, q_, items_);
    else wide_.init(m, q_, items_);
  }

  // A move keeps the float copies' buffers, so SwapDeltas' pointers stay valid; a copy would not.
  RobustTabu(const RobustTabu&) = delete;
  RobustTabu(RobustTabu&&) = default;

  // Starts (or restarts) from sigma: best() is sigma at once, then the k^2/2 deltas, O(k^2 n). A stop (polled
  // between rows; stop may be null) leaves them unfinished: the walk is then not ready and run() does nothing.
  // The tabu list is cleared; iteration counts go on.
  void reset(const int32_t* sigma, StopCheck* stop = nullptr) {
    for (int32_t i = 0; i < m_.n; ++i) sigma_[i] = best_[i] = sigma[i];
    cost_ = bestCost_ = permEnergy(m_, sigma_.data());
    lastImprovement_ = iteration_;
    restart(stop);
  }

  // Moves the walk to sigma (which must respect the clamps) without forgetting its best: a perturbation.
  void jump(const int32_t* sigma, StopCheck* stop = nullptr) {
    for (int32_t i = 0; i < m_.n; ++i) sigma_[i] = sigma[i];
    cost_ = permEnergy(m_, sigma_.data());
    restart(stop);
    if (ready_ && cost_ < bestCost_) bestCost_ = cost_, best_ = sigma_, lastImprovement_ = iteration_;
  }

  // Runs up to `iterations` iterations; stops early once bestCost <= target, or on a stop (polled about every
  // StopPoller::kPollWork units of work: every step when a step scans more pairs than that).
  void run(int64_t iterations, StopCheck* stop, double target = -INFINITY) {
    if (k_ < 2 || !ready_) return;
    withDeltas([&](auto& deltas) {
      StopPoller poll(stop);
      const int64_t stepWork = int64_t(k_) * k_ + 2 * int64_t(k_) * m_.n;  // scan + delta update + 2k fresh deltas
      for (int64_t it = 0; it < iterations; ++it) {
        if (poll.due(stepWork)) return;
        if (!step(deltas)) return;
        if (bestCost_ <= target) return;
      }
    });
  }
  bool ready() const { return ready_; }

  double bestCost() const { return bestCost_; }
  double cost() const { return cost_; }
  const std::vector<int32_t>& best() const { return best_; }
  const std::vector<int32_t>& current() const { return sigma_; }
  int64_t iterations() const { return iteration_; }
  int64_t sinceImprovement() const { return iteration_ - lastImprovement_; }
  // The best since the last reset or jump, and the iterations since it last improved.
  double cycleCost() const { return cycleCost_; }
  const std::vector<int32_t>& cycleBest() const { return cycleBest_; }
  int64_t sinceCycleImprovement() const { return iteration_ - cycleImprovement_; }
  uint32_t epoch() const { return epoch_; }
  int32_t freeCount() const { return k_; }
  // Steps after which a move untouched that long is aspired (taken even if tabu); default 5 k^2.
  void setAspiration(int64_t steps) { aspiration_ = steps; }

  // Largest |cached - recomputed| over the delta matrix and the running cost (tests).
  double maxCacheError() const {
    double worst = std::fabs(cost_ - permEnergy(m_, sigma_.data()));
    withDeltas([&](const auto& deltas) {
      for (int32_t x = 0; x < k_; ++x)
        for (int32_t y = x + 1; y < k_; ++y)
          worst = std::fmax(worst, std::fabs(double(deltas.at(x, y)) - permSwapDelta(m_, q_, sigma_.data(), items_[x], items_[y])));
    });
    return worst;
  }

 private:
  void restart(StopCheck* stop) {
    // Every move is free from now on, and counts as old (aspired) only after `aspiration` more steps.
    base_ = iteration_;
    std::fill(tabu_.begin(), tabu_.end(), 0);
    std::fill(pairTabu_.begin(), pairTabu_.end(), 0);
    cycleImprovement_ = iteration_;
    cycleCost_ = cost_;
    cycleBest_ = sigma_;
    ++epoch_;
    ready_ = withDeltas([&](auto& deltas) { return deltas.rebuild(sigma_.data(), stop); });
  }

  // In D, a threshold x such that d < x iff double(d) < threshold for every delta d: the threshold itself in
  // double; in float (exact integer deltas, all of magnitude below 2^24) the next integer up, clamped to +-2^24.
  template <class D>
  static D below(double threshold) {
    if constexpr (std::is_same_v<D, double>) return threshold;
    else return D(std::fmin(16777216.0, std::fmax(-16777216.0, std::ceil(threshold))));
  }

  // The best move by Taillard's rule: an aspired move (beats the best cost, or tabu for very long) if there is
  // one, else the best allowed one. Row minima first (vectorized), the column only in a row that wins.
  template <class Deltas>
  bool step(Deltas& deltas) {
    using D = typename Deltas::Delta;
    ++iteration_;
    if (iteration_ - base_ >= kRebase) rebase();
    const int32_t it = int32_t(iteration_ - base_);
    const int32_t itOld = int32_t(std::max<int64_t>(int64_t(it) - aspiration_, kOldest - 1));
    const double tol = 1e-9 * (1.0 + std::fabs(bestCost_));
    const D aspireBelow = below<D>(bestCost_ - tol - cost_);  // cost + d < best - tol
    int32_t ax = -1, ay = -1, bx = -1, by = -1;
    scan(deltas, it, itOld, aspireBelow, ax, ay, bx, by);
    if (ax >= 0) bx = ax, by = ay;
    if (bx < 0) return false;  // every move tabu (cannot happen with k >= 2 and random tenures, but be safe)
    move(deltas, bx, by);
    // r may not return to its old slot p (now s's), nor s to q, for a random tenure.
    const int32_t r = items_[bx], s = items_[by];
    tabu_[int64_t(r) * m_.n + sigma_[s]] = it + int32_t(cube(uniform(0)) * tenure_);
    tabu_[int64_t(s) * m_.n + sigma_[r]] = it + int32_t(cube(uniform(1)) * tenure_);
    pairTabu_[int64_t(bx) * k_ + by] = pairTabuOf(bx, by);
    if (cost_ < cycleCost_) {
      // Re-anchor on improvements: the running cost is a sum of deltas.
      cost_ = permEnergy(m_, sigma_.data());
      if (cost_ < cycleCost_) cycleCost_ = cost_, cycleBest_ = sigma_, cycleImprovement_ = iteration_;
      if (cost_ < bestCost_) {
        bestCost_ = cost_;
        best_ = sigma_;
        lastImprovement_ = iteration_;
      }
    }
    return true;
  }

  // The scan of step(): (ax, ay) the first pair in row-major order with the smallest aspired delta, (bx, by)
  // the same among the allowed ones (-1 when there is none), as a plain scan of the pairs would find them.
  // Each SIMD lane keeps its smallest value over the rows so far and the first row where it took it (a strict
  // compare keeps the earliest), so a row costs a few vector operations and no horizontal reduction; the
  // smallest value over the lanes, in the first of their rows, then names the row, scanned once for the column.
  template <class Deltas>
  void scan(const Deltas& deltas, int32_t it, int32_t itOld, typename Deltas::Delta aspireBelow, int32_t& ax, int32_t& ay,
            int32_t& bx, int32_t& by) const {
    using D = typename Deltas::Delta;
    using Lane = std::conditional_t<sizeof(D) == 4, int32_t, int64_t>;  // a compare's lane, as wide as D
    constexpr int W = 64 / sizeof(D);                                     // one 512-bit register of deltas
    typedef D Vec __attribute__((vector_size(64)));
    typedef Lane Mask __attribute__((vector_size(64)));
    typedef int32_t Ages __attribute__((vector_size(4 * W)));
    constexpr D inf = std::numeric_limits<D>::infinity();
    const Vec infs = Vec{} + inf, below = Vec{} + aspireBelow;
    const Mask now = Mask{} + Lane(it), old = Mask{} + Lane(itOld);
    Mask lanes;
    for (int u = 0; u < W; ++u) lanes[u] = u;
    Vec lowAsp = infs, lowAll = infs;  // per lane: the smallest value so far
    Mask rowAsp = Mask{} - 1, rowAll = Mask{} - 1;  // and the first row where it took it
    for (int32_t x = 0; x + 1 < k_; ++x) {
      const D* d = deltas.row(x);
      const int32_t* t = &pairTabu_[int64_t(x) * k_];
      Vec mAsp = infs, mAll = infs;
      // Whole registers up to the end of the row: the lanes past it (the next row, or the padding after the
      // last) are masked out.
      for (int32_t y = x + 1; y < k_; y += W) {
        Vec dv;
        Ages tv;
        std::memcpy(&dv, d + y, sizeof dv);
        std::memcpy(&tv, t + y, sizeof tv);
        const Mask ages = __builtin_convertvector(tv, Mask);  // widened to D's lanes first: one conversion
        const Mask inRow = lanes < Lane(k_ - y);
        const Mask aspired = ((ages < old) | (dv < below)) & inRow;
        const Mask allowed = (ages < now) & inRow;
        const Vec va = aspired ? dv : infs, vl = allowed ? dv : infs;
        mAsp = va < mAsp ? va : mAsp;
        mAll = vl < mAll ? vl : mAll;
      }
      const Mask row = Mask{} + Lane(x);
      const Mask betterAsp = mAsp < lowAsp, betterAll = mAll < lowAll;
      lowAsp = betterAsp ? mAsp : lowAsp, rowAsp = betterAsp ? row : rowAsp;
      lowAll = betterAll ? mAll : lowAll, rowAll = betterAll ? row : rowAll;
    }
    // The smallest value over the lanes, and the first row among the lanes that hold it.
    const auto first = [&](const Vec& low, const Mask& rows, int32_t& fx) {
      D v = inf;
      fx = -1;
      for (int u = 0; u < W; ++u)
        if (low[u] < v || (low[u] == v && v < inf && rows[u] < fx)) v = low[u], fx = int32_t(rows[u]);
      return v;
    };
    const D vAsp = first(lowAsp, rowAsp, ax), vAll = first(lowAll, rowAll, bx);
    if (ax >= 0) {
      const D* d = deltas.row(ax);
      const int32_t* t = &pairTabu_[int64_t(ax) * k_];
      for (ay = ax + 1; !(d[ay] == vAsp && (t[ay] < itOld || d[ay] < aspireBelow)); ++ay) {}
    }
    if (bx >= 0) {
      const D* d = deltas.row(bx);
      const int32_t* t = &pairTabu_[int64_t(bx) * k_];
      for (by = bx + 1; !(d[by] == vAll && t[by] < it); ++by) {}
    }
  }

  // Swaps the slots of free items x < y and brings every cache up to date.
  template <class Deltas>
  void move(Deltas& deltas, int32_t bx, int32_t by) {
    const int32_t r = items_[bx], s = items_[by];
    cost_ += double(deltas.at(bx, by));
    std::swap(sigma_[r], sigma_[s]);
    deltas.afterSwap(sigma_.data(), bx, by, [&](int32_t lo, int32_t hi) { pairTabu_[int64_t(lo) * k_ + hi] = pairTabuOf(lo, hi); });
  }

  // The pair's tabu state in one number: min over its two moves of the iteration until which it is tabu
  // (allowed iff < now; aspired by age iff < now - aspiration).
  int32_t pairTabuOf(int32_t x, int32_t y) const {
    const int64_t n = m_.n;
    const int32_t r = items_[x], s = items_[y];
    return std::min(tabu_[r * n + sigma_[s]], tabu_[s * n + sigma_[r]]);
  }

  // Tabu iterations are stored relative to base_ (the last restart) in int32: half the bytes the scan reads
  // beside each delta, and a float register's width of them in one compare. kRebase steps after base_ they
  // shift down by kRebase / 2; an entry that would fall below kOldest is kept there, still allowed and aspired
  // by age as long as the aspiration age is below 2^29 steps (5 k^2 < 2^25 at k = 2048). Rebasing depends
  // on the step count only: the walk stays a function of (seed, stream).
  static constexpr int64_t kRebase = int64_t(1) << 30;
  static constexpr int32_t kOldest = -(int32_t(1) << 30);
  void rebase() {
    const int64_t shift = kRebase / 2;
    base_ += shift;
    for (auto* v : {&tabu_, &pairTabu_})
      for (int32_t& e : *v) e = int32_t(std::max<int64_t>(int64_t(e) - shift, kOldest));
  }

  static double cube(double u) { return u * u * u; }
  double uniform(uint32_t which) const {
    // Streams of successive restarts differ through the site word (2 per iteration, epoch above them).
    const Philox4x32 r = draw(key_, uint64_t(iteration_), which + 2 * epoch_, stream_, kPurposeTabu);
    return uniform01(r.v[0]);
  }

  PermModel m_;
  const QapView& q_;
  SeedKey key_;
  uint32_t stream_;
  std::vector<int32_t> items_;
  int32_t k_ = 0;
  double tenure_ = 0;
  int64_t aspiration_ = 0;
  std::vector<int32_t> pairTabu_;   // pairTabuOf(x, y), x < y (relative to base_), then kPad entries
  static constexpr int64_t kPad = 16;  // a register's lanes past the last row (scan reads them, masked)
  Kind kind_ = Kind::Wide;          // which of the three holds the deltas
  SwapDeltas<double, double> wide_;
  SwapDeltas<float, double> thin_;
  SwapDeltas<float, float> exact_;
  std::vector<int32_t> tabu_;       // tabu_[item * n + slot]: iteration (- base_) until which item may not go to slot
  std::vector<int32_t> sigma_, best_, cycleBest_;
  double cost_ = 0, bestCost_ = INFINITY, cycleCost_ = INFINITY;
  int64_t iteration_ = 0, lastImprovement_ = 0, cycleImprovement_ = 0, base_ = 0;
  uint32_t epoch_ = 0;
  bool ready_ = false;  // the delta matrix is complete (reset ran to the end)
};

}  // namespace ebm
