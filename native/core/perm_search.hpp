// Robust tabu search for permutation models (Taillard 1991, "Robust taboo search for the quadratic assignment
// problem"): it walks on from a local minimum by always taking the best non-tabu swap. Its random tenures come
// from their own purpose, kPurposeTabu, so they never overlap a sampler lane's stream. (The swap descent that
// polishes an answer is descend() in descent.hpp.)
#pragma once
#include <cmath>
#include <vector>
#include "perm_model.hpp"
#include "rng.hpp"
#include "stop.hpp"

namespace ebm {

// Robust tabu search over transpositions of the free items. Keeps delta[x][y] for every pair of free items;
// after a move (r s) the pairs disjoint from {r, s} are updated in O(1) (Taillard's formula below) and the
// 2k - 3 pairs touching r or s are recomputed in O(n): O(n^2) per iteration.
//
// Tabu rule: after moving item r away from slot p, placing r at p again is tabu for a random tenure
// (tenure^3 scaled, as in Taillard's reference code); a move is allowed if either item goes to a non-tabu
// slot, and aspiration accepts any move that beats the best cost or that has been tabu for very long.
class RobustTabu {
 public:
  RobustTabu(const PermModel& m, const QapView& q, uint64_t seed, uint32_t stream)
      : m_(m), q_(q), key_(seedKey(seed)), stream_(stream) {
    items_ = freeItems(m);
    k_ = int32_t(items_.size());
    tenure_ = 8.0 * k_;
    aspiration_ = int64_t(5) * k_ * k_;
    delta_.assign(int64_t(k_) * k_, 0.0);
    tabu_.assign(int64_t(m.n) * m.n, 0);
    sigma_.assign(m.n, 0);
    best_.assign(m.n, 0);
  }

  // Starts (or restarts) from sigma: best() is sigma at once, then the k^2/2 deltas, O(k^2 n). A stop (polled
  // between rows; stop may be null) leaves them unfinished: the walk is then not ready and run() does nothing.
  void reset(const int32_t* sigma, StopCheck* stop = nullptr) {
    for (int32_t i = 0; i < m_.n; ++i) sigma_[i] = best_[i] = sigma[i];
    cost_ = bestCost_ = permEnergy(m_, sigma_.data());
    std::fill(tabu_.begin(), tabu_.end(), 0);
    iteration_ = lastImprovement_ = 0;
    ++epoch_;
    ready_ = false;
    StopPoller poll(stop);
    for (int32_t x = 0; x < k_; ++x) {
      for (int32_t y = x + 1; y < k_; ++y) delta_[x * k_ + y] = permSwapDelta(m_, q_, sigma_.data(), items_[x], items_[y]);
      if (poll.due(int64_t(k_ - x) * m_.n)) return;
    }
    ready_ = true;
  }

  // Runs up to `iterations` iterations; stops early once bestCost <= target, or on a stop (polled about every
  // StopPoller::kPollWork units of work: every step when a step scans more pairs than that).
  void run(int64_t iterations, StopCheck* stop, double target = -INFINITY) {
    if (k_ < 2 || !ready_) return;
    StopPoller poll(stop);
    const int64_t stepWork = int64_t(k_) * k_ + 2 * int64_t(k_) * m_.n;  // scan + delta update + 2k fresh deltas
    for (int64_t it = 0; it < iterations; ++it) {
      if (poll.due(stepWork)) return;
      if (!step()) return;
      if (bestCost_ <= target) return;
    }
  }
  bool ready() const { return ready_; }

  double bestCost() const { return bestCost_; }
  const std::vector<int32_t>& best() const { return best_; }
  int64_t iterations() const { return iteration_; }
  int64_t sinceImprovement() const { return iteration_ - lastImprovement_; }

  // Largest |cached - recomputed| over the delta matrix and the running cost (tests).
  double maxCacheError() const {
    double worst = std::fabs(cost_ - permEnergy(m_, sigma_.data()));
    for (int32_t x = 0; x < k_; ++x)
      for (int32_t y = x + 1; y < k_; ++y)
        worst = std::fmax(worst, std::fabs(delta_[x * k_ + y] - permSwapDelta(m_, q_, sigma_.data(), items_[x], items_[y])));
    return worst;
  }

 private:
  bool step() {
    ++iteration_;
    const int32_t n = m_.n;
    int32_t bx = -1, by = -1;
    double bestDelta = INFINITY;
    bool aspiredFound = false;
    const double tol = 1e-9 * (1.0 + std::fabs(bestCost_));
    for (int32_t x = 0; x < k_; ++x) {
      const int32_t r = items_[x];
      for (int32_t y = x + 1; y < k_; ++y) {
        const int32_t s = items_[y];
        const double d = delta_[x * k_ + y];
        const int64_t tr = tabu_[int64_t(r) * n + sigma_[s]], ts = tabu_[int64_t(s) * n + sigma_[r]];
        const bool allowed = tr < iteration_ || ts < iteration_;
        const bool aspired = tr < iteration_ - aspiration_ || ts < iteration_ - aspiration_ || cost_ + d < bestCost_ - tol;
        if ((aspired && !aspiredFound) || (aspired && aspiredFound && d < bestDelta) ||
            (!aspired && !aspiredFound && allowed && d < bestDelta)) {
          bx = x, by = y, bestDelta = d;
          if (aspired) aspiredFound = true;
        }
      }
    }
    if (bx < 0) return false;  // every move tabu (cannot happen with k >= 2 and random tenures, but be safe)
    const int32_t r = items_[bx], s = items_[by];
    const int32_t p = sigma_[r], q = sigma_[s];
    sigma_[r] = q;
    sigma_[s] = p;
    cost_ += bestDelta;
    // r may not return to p, nor s to q, for a random tenure.
    tabu_[int64_t(r) * n + p] = iteration_ + int64_t(cube(uniform(0)) * tenure_);
    tabu_[int64_t(s) * n + q] = iteration_ + int64_t(cube(uniform(1)) * tenure_);
    if (cost_ < bestCost_) {
      // Re-anchor on improvements: the running cost is a sum of deltas.
      cost_ = permEnergy(m_, sigma_.data());
      if (cost_ < bestCost_) {
        bestCost_ = cost_;
        best_ = sigma_;
        lastImprovement_ = iteration_;
      }
    }
    updateDeltas(bx, by);
    return true;
  }

  static double cube(double u) { return u * u * u; }
  double uniform(uint32_t which) const {
    // Streams of successive restarts differ through the site word (2 per iteration, epoch above them).
    const Philox4x32 r = draw(key_, uint64_t(iteration_), which + 2 * epoch_, stream_, kPurposeTabu);
    return uniform01(r.v[0]);
  }

  // Taillard's update for a pair (i, j) disjoint from the move (r, s), with sigma already after the move:
  //   delta'_ij = delta_ij + (A_ri - A_rj + A_sj - A_si)(B_{s' i'} - B_{s' j'} + B_{r' j'} - B_{r' i'})
  //                        + (A_ir - A_jr + A_js - A_is)(B_{i' s'} - B_{j' s'} + B_{j' r'} - B_{i' r'})
  // (x' = sigma(x)). The linear part of delta_ij depends only on sigma(i), sigma(j): unchanged.
  void updateDeltas(int32_t bx, int32_t by) {
    const int64_t n = m_.n;
    const int32_t r = items_[bx], s = items_[by];
    const double* A = q_.A;
    const double* B = q_.B;
    const int32_t* p = sigma_.data();
    for (int32_t x = 0; x < k_; ++x) {
      for (int32_t y = x + 1; y < k_; ++y) {
        const int32_t i = items_[x], j = items_[y];
        double& d = delta_[x * k_ + y];
        if (x == bx || x == by || y == bx || y == by) {
          d = permSwapDelta(m_, q_, p, i, j);
        } else if (A) {
          const int64_t pi = p[i], pj = p[j], pr = p[r], ps = p[s];
          d += (A[r * n + i] - A[r * n + j] + A[s * n + j] - A[s * n + i]) *
                   (B[ps * n + pi] - B[ps * n + pj] + B[pr * n + pj] - B[pr * n + pi]) +
               (A[i * n + r] - A[j * n + r] + A[j * n + s] - A[i * n + s]) *
                   (B[pi * n + ps] - B[pj * n + ps] + B[pj * n + pr] - B[pi * n + pr]);
        }
      }
    }
  }

  PermModel m_;
  const QapView& q_;
  SeedKey key_;
  uint32_t stream_;
  std::vector<int32_t> items_;
  int32_t k_ = 0;
  double tenure_ = 0;
  int64_t aspiration_ = 0;
  std::vector<double> delta_;
  std::vector<int64_t> tabu_;  // tabu_[item * n + slot]: iteration until which item may not go to slot
  std::vector<int32_t> sigma_, best_;
  double cost_ = 0, bestCost_ = INFINITY;
  int64_t iteration_ = 0, lastImprovement_ = 0;
  uint32_t epoch_ = 0;
  bool ready_ = false;  // the delta matrix is complete (reset ran to the end)
};

}  // namespace ebm
