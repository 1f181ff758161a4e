// Houdayer cluster moves inside a PT ladder (Houdayer 2001, "A cluster Monte Carlo algorithm for 2-dimensional
// spin glasses", Eur. Phys. J. B 22, 479) for sparse set models without a cardinality. Take two replicas a, b of
// one ladder, a site where they differ (y_a ^ y_b = 1) picked at random and the cluster C of such sites
// connected to it by couplings (W_ij != 0). Swapping the two states on C keeps E_a + E_b: every coupling
// leaving C ends at a site where a and b agree, so a's terms become b's and back. The move is its own reverse
// (C is the same cluster afterwards), so accepting it with min(1, exp(-(beta_a - beta_b) dE_a)) keeps the
// tempered product law; a and b are neighbours in the ladder (ranks r, r + 1, the even or the odd pairs by
// round), where the betas are close. On lattice-like graphs the clusters stay finite and move whole domains
// between replicas, which single flips cross only over an energy barrier.
//
// When E(1 - y) = E(y) (max-cut), b's complement has b's energy and differs from a where b agrees: the seed
// may then be a site where they agree (y_a ^ y_b = 0), whichever of the two is the rarer among the sampled
// sites, and swapping a with b's complement on that cluster flips it in both. Clusters of the rarer kind are
// the small ones: on degree-4 lattices a fraction below 1/2 stays under the site-percolation threshold
// (0.593 on the square lattice), while on random graphs of higher degree (thresholds ~1/(d - 1)) they span
// the graph and the move is a costly near-swap of whole replicas: hence handles() asks for degree <= 4.
//
// dE_a of flipping C in y (s_i = 1 - 2 y_i, f_i the local field): sum_{i in C} s_i f_i + sum_{i<j in C} W_ij s_i s_j.
//
// Measured on Gset G81 (20000-vertex torus, +-1 weights; 2 ladders x 32 replicas, one thread, load ~3.5-4):
// at equal CPU (~11-13 s) PT alone (5000 rounds) cut 13912 / 13906 (seeds 1 / 2), PT with these moves after
// every round (1700 rounds) 13952 / 13954; in 10 s (~7 CPU s) one ladder of 64 (maxCut's default on lattices)
// 13942 / 13960 / 13962 (seeds 1-3) against 13888 / 13890 for PT alone. Per round the moves cost about 2.2x the
// sweeps there (perf: the neighbour loads of the breadth-first search). On G55 (random, mean degree ~5) no gain
// at 12x the cost per round.
//
// Randomness: one Philox block per (round, pair) and up to kTries / 4 more, draw(seed, round * R + rank,
// kSite + t, stream = the chain's global id, kPurposeTabu): a function of (seed, chain), so the same on any
// number of workers.
#pragma once
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>
#include <vector>
#include "rng.hpp"
#include "runs.hpp"
#include "set_model.hpp"
#include "stop.hpp"

namespace ebm {

// Whether a lane system can read and flip a lane's sites in place (SetLanes can; the device lanes cannot).
template <class Lanes, class = void>
struct CanFlipSites : std::false_type {};
template <class Lanes>
struct CanFlipSites<Lanes, decltype(std::declval<Lanes&>().flipSites(0, nullptr, 0, 0.0), (void)std::declval<Lanes&>().sites(0))> : std::true_type {};

class SetClusterMoves {
 public:
  // Sparse couplings of degree <= 4 (see above) and no cardinality (a cluster swap changes |y|).
  static bool handles(const SetModel& m) {
    if (m.cardinality >= 0 || m.dense || m.n < 2) return false;
    for (int32_t i = 0; i < m.n; ++i)
      if (m.rowPtr[i + 1] - m.rowPtr[i] > 4) return false;
    return true;
  }

  // o.stop (may be null) is polled per cluster site; a stop abandons the move in progress (no lane changes).
  SetClusterMoves(const SetModel& m, const RunOptions& o)
      : m_(m), key_(seedKey(o.seed)), chainBase_(o.chainBase), chains_(o.chains), R_(o.replicas), poll_(o.stop) {
    inCluster_.assign(m.n, 0);
    // E(1 - y) = E(y) for every y iff h_i = -(1/2) sum_j W_ij and nothing is clamped (max-cut: h = -sum w, W = 2 w).
    symmetric_ = !m.clamp;
    for (int32_t i = 0; i < m.n && symmetric_; ++i) {
      double half = 0;
      for (int32_t e = m.rowPtr[i]; e < m.rowPtr[i + 1]; ++e) half += 0.5 * m.weight[e];
      symmetric_ = m.unary[i] == -half;
    }
  }

  // minimizeRun's afterRound hook: in every chain, one move for each even (or, on odd rounds, odd) pair of
  // neighbouring ranks.
  template <class Lanes>
  void afterRound(int64_t round, Lanes& lanes) {
    for (int c = 0; c < chains_ && !poll_.stopped(); ++c) {
      rankLanes(lanes, c);
      for (int r = int(round & 1); r + 1 < R_; r += 2)
        move(lanes, byRank_[r], byRank_[r + 1], uint64_t(round) * uint64_t(R_) + uint64_t(r), chainBase_ + uint32_t(c));
    }
  }

 private:
  // byRank_: chain c's lanes from the smallest beta to the largest (PT swaps betas, not states).
  template <class Lanes>
  void rankLanes(const Lanes& lanes, int c) {
    byRank_.resize(R_);
    for (int r = 0; r < R_; ++r) byRank_[r] = c * R_ + r;
    std::sort(byRank_.begin(), byRank_.end(), [&](int p, int q) { return lanes.beta(p) < lanes.beta(q); });
  }

  bool isFree(int32_t i) const { return !(m_.clamp && m_.clamp[i] >= 0); }

  template <class Lanes>
  void move(Lanes& lanes, int a, int b, uint64_t counter, uint32_t stream) {
    // kTries uniform free sites; the seed is the first of the kind (y_a ^ y_b = want) the cluster is made of.
    const auto ya = lanes.sites(a), yb = lanes.sites(b);
    int32_t sample[kTries];
    int samples = 0, differing = 0;
    Philox4x32 r{};
    for (int t = 0; t < kTries; ++t) {
      if (t % 4 == 0) r = draw(key_, counter, kSite + uint32_t(t / 4), stream, kPurposeTabu);
      const int32_t i = int32_t(uniformBelow(r.v[t % 4], uint32_t(m_.n)));
      if (!isFree(i)) continue;
      sample[samples++] = i;
      differing += ya(i) ^ yb(i);
    }
    const uint8_t want = symmetric_ && 2 * differing > samples ? 0 : 1;
    int32_t seed = -1;
    for (int t = 0; t < samples && seed < 0; ++t)
      if ((ya(sample[t]) ^ yb(sample[t])) == want) seed = sample[t];
    if (seed < 0) return;
    // The cluster, breadth-first from the seed. Its sites' neighbours of the wanted kind are exactly its other
    // sites (it is their component), so the same pass over each site's neighbours sums dE_a as
    // sum_{i in C} s_i (f_i + (1/2) sum_{j in C, j ~ i} W_ij s_j). The model's arrays sit in locals (the pushes
    // may not alias them).
    const int32_t *rowPtr = m_.rowPtr, *col = m_.col;
    const double *weight = m_.weight, *unary = m_.unary;
    uint8_t* inCluster = inCluster_.data();
    cluster_.assign(1, seed);
    inCluster[seed] = 1;
    double dE = 0;
    bool stopped = false;
    for (size_t t = 0; t < cluster_.size() && !stopped; ++t) {
      const int32_t i = cluster_[t];
      double f = unary[i], inner = 0;
      for (int32_t e = rowPtr[i]; e < rowPtr[i + 1]; ++e) {
        const int32_t j = col[e];
        const double w = weight[e];
        const uint8_t yj = ya(j);
        f += w * yj;
        if ((yj ^ yb(j)) != want || w == 0 || !isFree(j)) continue;
        inner += w * (1.0 - 2.0 * yj);
        if (!inCluster[j]) {
          inCluster[j] = 1;
          cluster_.push_back(j);
        }
      }
      dE += (1.0 - 2.0 * ya(i)) * (f + 0.5 * inner);
      stopped = poll_.due(1 + rowPtr[i + 1] - rowPtr[i]);
    }
    for (int32_t i : cluster_) inCluster[i] = 0;
    if (stopped) return;
    const double x = -(lanes.beta(a) - lanes.beta(b)) * dE;
    if (x < 0 && uniform01(draw(key_, counter, kSite - 1, stream, kPurposeTabu).v[0]) >= std::exp(x)) return;
    lanes.flipSites(a, cluster_.data(), int32_t(cluster_.size()), dE);
    lanes.flipSites(b, cluster_.data(), int32_t(cluster_.size()), -dE);
  }

  static constexpr int kTries = 32;
  static constexpr uint32_t kSite = 17;  // Philox sites kSite - 1 .. kSite + 7 (the tabu walks' kicks use site 1)

  SetModel m_;
  SeedKey key_;
  uint32_t chainBase_;
  int chains_, R_;
  StopPoller poll_;
  bool symmetric_ = false;
  std::vector<uint8_t> inCluster_;
  std::vector<int32_t> cluster_;
  std::vector<int> byRank_;
};

}  // namespace ebm
