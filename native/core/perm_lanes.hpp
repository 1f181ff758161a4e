// Many replicas of one permutation model: the lane System that Tempering and the runs (tempering.hpp,
// runs.hpp) drive, the permutation counterpart of SetLanes. Each lane holds sigma (item -> slot), its inverse
// (slot -> item) and its cached energy at its own beta.
//
// Move: pick two distinct free items r, s uniformly and resample the pair {sigma, sigma o (r s)} from its two
// states (heat bath on the pair): the swap is accepted with probability 1 / (1 + exp(beta delta)). The proposal
// is symmetric, so the chain is reversible for p ∝ exp(-beta E) on the admissible permutations; transpositions
// of free items generate every admissible permutation, and a rejection is always possible, so it is ergodic.
// Clamped items are never picked. A sweep is nFree attempts per lane.
//
// Lanes are plain per-lane loops (a swap touches O(1) state but the QAP delta gathers B through sigma, which
// SIMD lanes would not share). A lane's random stream is draw(key, sweep, attempt, globalLane, kPurposePerm),
// so chain c's samples never depend on how many chains run.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "ladder.hpp"
#include "mathx.hpp"
#include "perm_model.hpp"
#include "perm_steps.hpp"
#include "rng.hpp"
#include "stop.hpp"
#include "system.hpp"

namespace ebm {

// A uniformly random admissible permutation into sigma: clamped items at their slots, the free items
// (`items`) on a Fisher-Yates shuffle of the free slots (`slots`, shuffled in place from its given order)
// drawn from draw(key, step, t, stream, kPurposeInit).
inline void randomAdmissiblePerm(const PermModel& m, const std::vector<int32_t>& items, std::vector<int32_t>& slots,
                                 const SeedKey& key, uint32_t step, uint32_t stream, int32_t* sigma) {
  const int32_t k = int32_t(items.size());
  for (int32_t t = 0; t + 1 < k; ++t) {
    const Philox4x32 r = draw(key, step, uint32_t(t), stream, kPurposeInit);
    std::swap(slots[t], slots[t + int32_t(uniformBelow(r.v[0], uint32_t(k - t)))]);
  }
  for (int32_t i = 0; i < m.n; ++i)
    if (m.clamp && m.clamp[i] >= 0) sigma[i] = m.clamp[i];
  for (int32_t t = 0; t < k; ++t) sigma[items[t]] = slots[t];
}

class PermLanes {
 public:
  using State = int32_t;  // sigma, item -> slot

  // stop (may be null) is polled between lanes of the initialization, in sweep() and in refresh(); lane 0 is
  // always initialized, the lanes after a stop are not and must not be read.
  PermLanes(const PermModel& m, int lanes, uint64_t seed, uint32_t laneBase = 0, StopCheck* stop = nullptr)
      : m_(m), qap_(m), key_(seedKey(seed)), laneBase_(laneBase), lanes_(lanes), poll_(stop) {
    free_ = freeItems(m);
    nFree_ = int32_t(free_.size());
    const int64_t n = m.n;
    sigma_.assign(lanes * n, 0);
    inverse_.assign(lanes * n, 0);
    energy_.assign(lanes, 0.0);
    beta_.assign(lanes, 1.0);
    batch_ = std::max(1, std::min(lanes, 256 / std::max<int32_t>(1, nFree_)));
    words_.assign(4 * int64_t(nFree_) * batch_, 0);
    for (auto* v : {&ctr0_, &ctr1_, &ctr2_, &ctr3_}) v->assign(int64_t(nFree_) * batch_, 0);
    initialize();
  }

  int lanes() const { return lanes_; }
  int32_t n() const { return m_.n; }
  void setBeta(int lane, double beta) { beta_[lane] = beta; }
  double beta(int lane) const { return beta_[lane]; }
  double energy(int lane) const { return energy_[lane]; }
  const int32_t* sigma(int lane) const { return &sigma_[int64_t(lane) * m_.n]; }
  const QapView& qap() const { return qap_.view; }

  void copyState(int lane, int32_t* out) const {
    const int32_t* s = sigma(lane);
    for (int32_t i = 0; i < m_.n; ++i) out[i] = s[i];
  }

  // Puts a permutation into a lane (it must respect the clamps; callers check).
  void setState(int lane, const int32_t* state) {
    int32_t* s = &sigma_[int64_t(lane) * m_.n];
    int32_t* inv = &inverse_[int64_t(lane) * m_.n];
    for (int32_t i = 0; i < m_.n; ++i) s[i] = state[i], inv[state[i]] = i;
    energy_[lane] = permEnergy(m_, s);
  }

  // A stop ends a sweep early, between two moves (every lane stays a valid state with its energy).
  void sweep(int64_t sweepIndex) {
    if (nFree_ < 2) return;  // a single admissible permutation: nothing moves
    for (int lane = 0; lane < lanes_ && !poll_.stopped(); lane += batch_)
      sweepBatch(lane, std::min(batch_, lanes_ - lane), sweepIndex);
  }

  // Energies from scratch (removes float drift of the cached energies); a stop keeps the cached ones not yet
  // recomputed.
  void refresh() {
    for (int lane = 0; lane < lanes_; ++lane)
      if (!permEnergyPolled(m_, sigma(lane), [&](int64_t work) { return poll_.due(work); }, &energy_[lane])) return;
  }

  // Largest |cached - recomputed| energy; +inf if a lane is not an admissible permutation or its inverse is
  // stale (tests).
  double maxCacheError() const {
    double worst = 0;
    const int32_t n = m_.n;
    for (int lane = 0; lane < lanes_; ++lane) {
      const int32_t* s = sigma(lane);
      const int32_t* inv = &inverse_[int64_t(lane) * n];
      for (int32_t i = 0; i < n; ++i) {
        if (s[i] < 0 || s[i] >= n || inv[s[i]] != i) return INFINITY;
        if (m_.clamp && m_.clamp[i] >= 0 && s[i] != m_.clamp[i]) return INFINITY;
      }
      worst = std::fmax(worst, std::fabs(energy_[lane] - permEnergy(m_, s)));
    }
    return worst;
  }

 private:
  uint32_t globalLane(int lane) const { return laneBase_ + uint32_t(lane); }

  // Every lane starts at a uniformly random admissible permutation, drawn from its own stream. A lane costs
  // O(n^2) (its energy), so a stop is polled after each one.
  void initialize() {
    const std::vector<int32_t> free = freeSlots(m_);
    std::vector<int32_t> slots, state(m_.n);
    for (int lane = 0; lane < lanes_; ++lane) {
      slots = free;
      randomAdmissiblePerm(m_, free_, slots, key_, 0, globalLane(lane), state.data());
      setState(lane, state.data());
      if (poll_.due(int64_t(m_.n) * m_.n)) return;
    }
  }

  // The uniforms of a batch of lanes' sweeps, generated in one vectorized call (the same words draw() gives
  // for (sweep, attempt, lane, kPurposePerm)); lanes are batched so that even small models fill the SIMD
  // Philox (16 blocks per pass) instead of running its scalar tail for every lane.
  void sweepBatch(int lane0, int count, int64_t sweepIndex) {
    const uint32_t hi = (uint32_t(kPurposePerm) << 24) ^ uint32_t(uint64_t(sweepIndex) >> 32);
    int64_t b = 0;
    for (int l = 0; l < count; ++l)
      for (int32_t a = 0; a < nFree_; ++a, ++b) {
        ctr0_[b] = uint32_t(a);
        ctr1_[b] = uint32_t(sweepIndex);
        ctr2_[b] = globalLane(lane0 + l);
        ctr3_[b] = hi;
      }
    philoxBlocks(int(b), ctr0_.data(), ctr1_.data(), ctr2_.data(), ctr3_.data(), key_, words_.data());
    for (int l = 0; l < count && !poll_.stopped(); ++l) laneSweep(lane0 + l, &words_[4 * int64_t(l) * nFree_]);
  }

  // One lane's sweep: words 0, 1 of each block pick the pair, word 2 decides.
  void laneSweep(int lane, const uint32_t* words) {
    const int32_t n = m_.n;
    int32_t* s = &sigma_[int64_t(lane) * n];
    int32_t* inv = &inverse_[int64_t(lane) * n];
    const double beta = beta_[lane];
    double e = energy_[lane];
    const int64_t work = qap_.view.A ? n : 1;  // one attempt's swap delta
    for (int32_t a = 0; a < nFree_; ++a) {
      if (poll_.due(work)) break;
      permTranspositionStep(m_, qap_.view, free_.data(), nFree_, s, inv, beta, words + 4 * int64_t(a), &e);
    }
    energy_[lane] = e;
  }

  PermModel m_;
  QapData qap_;
  SeedKey key_;
  uint32_t laneBase_;
  int lanes_;
  int batch_ = 1;  // lanes per Philox batch
  std::vector<int32_t> free_;
  int32_t nFree_ = 0;
  std::vector<int32_t> sigma_, inverse_;  // lane-major, n per lane
  std::vector<double> energy_, beta_;
  std::vector<uint32_t> words_, ctr0_, ctr1_, ctr2_, ctr3_;
  StopPoller poll_;
};

static_assert(checkLaneSystem<PermLanes>(), "PermLanes is a lane System (system.hpp)");

// The swap sizes the minimization range is read from (autoBetaRange, ladder.hpp), at random permutations. Hot
// end: a swap with |delta| of the typical size (RMS over random swaps) is accepted with probability about
// 1/(1+e^0.7) = 33% at beta = 0.7 / rms. Cold end: a small step (10th percentile of the nonzero |delta|) is
// accepted with probability e^-8 ~ 3e-4, i.e. the chain is effectively greedy.
inline MoveScale moveScale(const PermModel& m, const QapView& q) {
  MoveScale s;
  s.hotLogOdds = 0.7;
  const std::vector<int32_t> items = freeItems(m);
  const int32_t k = int32_t(items.size());
  if (k < 2) return s;  // no swap: the default range
  std::vector<int32_t> sigma(m.n);
  double sq = 0;
  int64_t count = 0;
  const SeedKey key = seedKey(0x5eed);
  const std::vector<int32_t> free = freeSlots(m);
  std::vector<int32_t> slots;
  for (uint32_t rep = 0; rep < 16; ++rep) {
    slots = free;
    randomAdmissiblePerm(m, items, slots, key, rep, 0, sigma.data());
    for (uint32_t a = 0; a < 64; ++a) {
      const Philox4x32 r = draw(key, rep, a, 1, kPurposeInit);
      const int32_t x = int32_t(uniformBelow(r.v[0], uint32_t(k)));
      int32_t y = int32_t(uniformBelow(r.v[1], uint32_t(k - 1)));
      y += y >= x;
      const double d = permSwapDelta(m, q, sigma.data(), items[x], items[y]);
      sq += d * d;
      ++count;
      if (d != 0) s.mags.push_back(std::fabs(d));
    }
  }
  s.typical = std::sqrt(sq / double(count));
  return s;
}

}  // namespace ebm
