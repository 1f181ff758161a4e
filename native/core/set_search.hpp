// Tabu search over single flips for set models without a cardinality (max-cut and unconstrained QUBO; see e.g.
// Kochenberger, Hao, Lü, Wang & Glover 2013, "Solving large scale max cut problems via tabu search"): from any
// state it always takes the best flip that is not tabu, so it descends to a local minimum and then walks on
// through the plateaus and ridges around it. A flipped item may not flip back for a random tenure; aspiration
// accepts a tabu flip that beats the walk's best. Clamped items never move. Under a cardinality the move is an
// in/out swap, which this walk does not make: callers run PT alone there (SetTabu::handles).
//
// Cached per item: the local field f_i and the flip's energy change delta_i = (1 - 2 y_i) f_i. A flip of i
// changes f_j by W_ij (1 - 2 y_i) for its neighbours only, so a step costs O(deg(i) log n): the best move comes
// from an indexed binary heap of the non-tabu items (and one of the tabu items, for aspiration). Ties between
// equal deltas are broken by a per-item random key redrawn whenever the item's delta changes, so plateaus are
// walked in random order instead of index order.
//
// Randomness: one Philox block per step, draw(seed, (epoch, step), 0, stream, kPurposeTabu), gives the tenure
// and the salt of that step's tie-break keys; stream is the walk's global chain id, so the walk is the same on
// any number of workers.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "rng.hpp"
#include "set_model.hpp"
#include "stop.hpp"

namespace ebm {

// A binary min-heap of item ids ordered by (delta, key), with each item's position so an item's entry can move
// when its delta changes (O(log n)).
class ItemHeap {
 public:
  void resize(int32_t n) { pos_.assign(n, -1); }
  void clear() {
    for (int32_t i : heap_) pos_[i] = -1;
    heap_.clear();
  }
  bool empty() const { return heap_.empty(); }
  bool contains(int32_t i) const { return pos_[i] >= 0; }
  int32_t top() const { return heap_[0]; }
  template <class Less>
  void push(int32_t i, const Less& less) {
    pos_[i] = int32_t(heap_.size());
    heap_.push_back(i);
    up(pos_[i], less);
  }
  template <class Less>
  void remove(int32_t i, const Less& less) {
    const int32_t p = pos_[i], last = heap_.back();
    heap_.pop_back();
    pos_[i] = -1;
    if (last == i) return;
    heap_[p] = last;
    pos_[last] = p;
    update(last, less);
  }
  // Restores the order after i's (delta, key) changed.
  template <class Less>
  void update(int32_t i, const Less& less) {
    const int32_t p = pos_[i];
    if (p > 0 && less(i, heap_[(p - 1) / 2])) up(p, less);
    else down(p, less);
  }

 private:
  template <class Less>
  void up(int32_t p, const Less& less) {
    const int32_t i = heap_[p];
    while (p > 0) {
      const int32_t q = (p - 1) / 2;
      if (!less(i, heap_[q])) break;
      place(heap_[q], p);
      p = q;
    }
    place(i, p);
  }
  template <class Less>
  void down(int32_t p, const Less& less) {
    const int32_t i = heap_[p], size = int32_t(heap_.size());
    for (;;) {
      int32_t c = 2 * p + 1;
      if (c >= size) break;
      if (c + 1 < size && less(heap_[c + 1], heap_[c])) ++c;
      if (!less(heap_[c], i)) break;
      place(heap_[c], p);
      p = c;
    }
    place(i, p);
  }
  void place(int32_t i, int32_t p) {
    heap_[p] = i;
    pos_[i] = p;
  }
  std::vector<int32_t> heap_, pos_;
};

class SetTabu {
 public:
  // Models the walk can search: no cardinality (its move is the in/out swap) and at least one free item.
  static bool handles(const SetModel& m) {
    if (m.cardinality >= 0) return false;
    for (int32_t i = 0; i < m.n; ++i)
      if (!(m.clamp && m.clamp[i] >= 0)) return true;
    return false;
  }

  // Tenure: a flipped item stays tabu for tenureMin + U[0, tenureSpan) steps, about k/100 + U[0, k/11) for k
  // free items. Measured on G55 (k = 5000, 5M steps): tenures 50 + U[0, 450) reached cut 10239-10275, while
  // 20 + U[0, 40) and 5 + U[0, 10) stalled at 9476-9574 (the walk circles one plateau).
  SetTabu(const SetModel& m, uint64_t seed, uint32_t stream) : m_(m), key_(seedKey(seed)), stream_(stream) {
    const int32_t n = m.n;
    y_.assign(n, 0);
    best_.assign(n, 0);
    f_.assign(n, 0.0);
    delta_.assign(n, 0.0);
    tieKey_.assign(n, 0);
    tabuUntil_.assign(n, 0);
    free_.resize(n);
    tabu_.resize(n);
    int32_t k = 0;
    for (int32_t i = 0; i < n; ++i) k += isFree(i) ? 1 : 0;
    tenureMin_ = std::max<int32_t>(1, std::min<int32_t>(k / 4, 3 + k / 100));
    tenureSpan_ = std::max<int32_t>(1, std::min<int32_t>(k / 4, 3 + k / 11));
    ring_.assign(size_t(tenureMin_ + tenureSpan_ + 1), {});
  }

  // Starts (or restarts) from y (clamps must hold): fields from scratch, O(n + nnz). A stop (polled per item;
  // stop may be null) leaves the walk not ready, and run() then does nothing.
  void reset(const uint8_t* y, StopCheck* stop = nullptr) {
    ready_ = false;
    ++epoch_;
    iteration_ = lastImprovement_ = 0;
    free_.clear();
    tabu_.clear();
    for (auto& bucket : ring_) bucket.clear();
    bestCost_ = INFINITY;  // until the fields are complete: a stopped reset offers no best
    StopPoller poll(stop);
    for (int32_t i = 0; i < m_.n; ++i) y_[i] = y[i];
    const bool done = withCoupling(m_, [&](const auto& c) {
      for (int32_t i = 0; i < m_.n; ++i) {
        f_[i] = setLocalField(m_, c, y_.data(), 1, i);
        if (poll.due(1 + c.degree(i))) return false;
      }
      return setEnergyPolled(m_, c, y_.data(), 1, [&](int64_t w) { return poll.due(w); }, &cost_);
    });
    if (!done) return;
    salt_ = draw(key_, uint64_t(epoch_) << 40, 0, stream_, kPurposeTabu).v[0];
    for (int32_t i = 0; i < m_.n; ++i) {
      tabuUntil_[i] = 0;
      if (!isFree(i)) continue;
      delta_[i] = (1.0 - 2.0 * y_[i]) * f_[i];
      tieKey_[i] = tie(i);
      free_.push(i, order());
      if (poll.due(32)) return;  // a push: O(log n) moves
    }
    best_ = y_;
    bestCost_ = cost_;
    bestPending_ = false;
    ready_ = true;
  }

  // Runs up to `steps` steps; stops early once bestCost <= target, or on a stop (polled about every
  // StopPoller::kPollWork units of work, a unit being one neighbour update).
  void run(int64_t steps, StopCheck* stop, double target = -INFINITY) {
    if (!ready_) return;
    StopPoller poll(stop);
    withCoupling(m_, [&](const auto& c) {
      for (int64_t s = 0; s < steps; ++s) {
        const int32_t i = step(c);
        if (i < 0 || bestCost_ <= target) break;
        if (poll.due(1 + c.degree(i))) break;
      }
      return 0;
    });
    commitBest(/*exact*/ !poll.stopped());  // after a stop, no O(n + nnz) sum: the job recomputes its answer
  }

  bool ready() const { return ready_; }
  double bestCost() const { return bestCost_; }
  const std::vector<uint8_t>& best() const { return best_; }
  const std::vector<uint8_t>& state() const { return y_; }
  int64_t iterations() const { return iteration_; }
  int64_t sinceImprovement() const { return iteration_ - lastImprovement_; }

  // Largest |cached - recomputed| over the fields, the deltas and the running energy (tests), and whether both
  // heaps are in order and hold exactly the free items, tabu or not as tabuUntil says.
  double maxCacheError() const {
    return withCoupling(m_, [&](const auto& c) {
      double worst = std::fabs(cost_ - setEnergy(m_, c, y_.data(), 1));
      for (int32_t i = 0; i < m_.n; ++i) {
        const double f = setLocalField(m_, c, y_.data(), 1, i);
        worst = std::fmax(worst, std::fabs(f_[i] - f));
        if (!isFree(i)) continue;
        worst = std::fmax(worst, std::fabs(delta_[i] - (1.0 - 2.0 * y_[i]) * f));
        const bool tabu = tabuUntil_[i] > iteration_;
        if (tabu ? !tabu_.contains(i) || free_.contains(i) : !free_.contains(i) || tabu_.contains(i))
          worst = INFINITY;
      }
      return worst;
    });
  }

 private:
  // The heaps' order: smaller delta first, then smaller tie-break key.
  struct Order {
    const double* delta;
    const uint32_t* key;
    bool operator()(int32_t a, int32_t b) const { return delta[a] < delta[b] || (delta[a] == delta[b] && key[a] < key[b]); }
  };
  Order order() const { return Order{delta_.data(), tieKey_.data()}; }

  bool isFree(int32_t i) const { return !(m_.clamp && m_.clamp[i] >= 0); }
  // A cheap 32-bit mix of the step's salt and the item (the salt is Philox; this only spreads it over items).
  uint32_t tie(int32_t i) const {
    uint32_t h = salt_ ^ (uint32_t(i) * 0x9E3779B9u);
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
  }

  // One step: the best non-tabu flip, or a tabu one that beats the best (aspiration), or the best tabu one when
  // every free item is tabu. Returns the item flipped (-1: no free item).
  template <class Coupling>
  int32_t step(const Coupling& c) {
    ++iteration_;
    const Philox4x32 r = draw(key_, (uint64_t(epoch_) << 40) + uint64_t(iteration_), 0, stream_, kPurposeTabu);
    salt_ = r.v[0];
    const double tol = 1e-9 * (1.0 + std::fabs(bestCost_));
    int32_t i = -1;
    if (!tabu_.empty() && cost_ + delta_[tabu_.top()] < bestCost_ - tol) i = tabu_.top();
    else if (!free_.empty()) i = free_.top();
    else if (!tabu_.empty()) i = tabu_.top();
    if (i < 0) return -1;
    const double d = delta_[i];
    // Leaving a new best: keep it now (copying only at local minima, not after every improving step).
    if (bestPending_ && d >= -tol) commitBest();
    // Flip i: its own delta changes sign, each neighbour's field moves by W_ij s.
    const double s = 1.0 - 2.0 * y_[i];
    y_[i] ^= 1;
    cost_ += d;
    delta_[i] = -d;
    const Order less = order();
    c.forNeighbors(i, [&](int32_t j, double w) {
      f_[j] += w * s;
      if (!isFree(j)) return;
      delta_[j] = (1.0 - 2.0 * y_[j]) * f_[j];
      tieKey_[j] = tie(j);
      (free_.contains(j) ? free_ : tabu_).update(j, less);
    });
    // i becomes tabu (again) for a random tenure; the ring returns it to the free heap when that ends.
    if (free_.contains(i)) {
      free_.remove(i, order());
      tabu_.push(i, order());
    } else {
      tabu_.update(i, order());
    }
    const int64_t until = iteration_ + tenureMin_ + uniformBelow(r.v[1], uint32_t(tenureSpan_));
    tabuUntil_[i] = until;
    ring_[size_t(until % int64_t(ring_.size()))].push_back(i);
    expire();
    if (cost_ < bestCost_ - tol) {
      bestCost_ = cost_;
      bestPending_ = true;
      lastImprovement_ = iteration_;
    }
    return i;
  }

  // Items whose tenure ends at this step go back to the free heap (stale ring entries are skipped).
  void expire() {
    std::vector<int32_t>& bucket = ring_[size_t(iteration_ % int64_t(ring_.size()))];
    for (int32_t i : bucket)
      if (tabuUntil_[i] == iteration_ && tabu_.contains(i)) {
        tabu_.remove(i, order());
        free_.push(i, order());
      }
    bucket.clear();
  }

  // Copies the pending best state (the current one: a pending best is kept before the next step leaves it) and
  // re-anchors its energy from scratch when `exact` (the running cost is a sum of deltas).
  void commitBest(bool exact = true) {
    if (!bestPending_) return;
    bestPending_ = false;
    best_ = y_;
    if (exact) bestCost_ = cost_ = energyOf(y_);
  }
  double energyOf(const std::vector<uint8_t>& y) const {
    return withCoupling(m_, [&](const auto& c) { return setEnergy(m_, c, y.data(), 1); });
  }

  SetModel m_;
  SeedKey key_;
  uint32_t stream_;
  std::vector<uint8_t> y_, best_;
  std::vector<double> f_, delta_;
  std::vector<uint32_t> tieKey_;
  std::vector<int64_t> tabuUntil_;
  std::vector<std::vector<int32_t>> ring_;  // ring_[t % size]: items whose tenure may end at step t
  ItemHeap free_, tabu_;  // the free items not tabu, and those tabu
  int32_t tenureMin_ = 1, tenureSpan_ = 1;
  double cost_ = 0, bestCost_ = INFINITY;
  bool bestPending_ = false;
  uint32_t salt_ = 0;
  int64_t iteration_ = 0, lastImprovement_ = 0;
  uint32_t epoch_ = 0;
  bool ready_ = false;
};

}  // namespace ebm
