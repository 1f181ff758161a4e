// Non-reversible parallel tempering over any lane system (sets, permutations): one round is explore (one sweep
// in every replica at its own beta) then communicate (deterministic even/odd swaps between neighbouring
// temperatures, DEO; Okabe et al. 2001, Syed et al. 2021). Swaps exchange temperature indices, never states.
//
// The System is a lane System (the contract in system.hpp, checked at compile time). Chain c owns lanes
// [c R, (c+1) R); chains are independent ladders that share the system's SIMD groups.
//
// Recorders (per chain, merged on demand): Rao-Blackwellized swap rejection per pair, round trips, and the
// stepping-stone sums for log Z. They are reset whenever the ladder changes. Each chain adapts its own ladder
// from its own recorders, so a chain's trajectory never depends on how many other chains run.
#pragma once
#include <cmath>
#include <vector>
#include "ladder.hpp"
#include "mathx.hpp"
#include "rng.hpp"
#include "system.hpp"

namespace ebm {

template <class System>
class Tempering {
  static_assert(checkLaneSystem<System>(), "Tempering needs a lane System (system.hpp)");

 public:
  Tempering(System& sys, int chains, int replicas, const std::vector<double>& ladder, uint64_t seed,
            uint32_t chainBase = 0)
      : sys_(sys), C_(chains), R_(replicas), ladders_(chains, ladder), key_(seedKey(seed)), chainBase_(chainBase) {
    tempOf_.resize(C_ * R_);
    laneAt_.resize(C_ * R_);
    lastEnd_.assign(C_ * R_, -1);
    for (int c = 0; c < C_; ++c)
      for (int t = 0; t < R_; ++t) {
        tempOf_[c * R_ + t] = t;
        laneAt_[c * R_ + t] = c * R_ + t;
      }
    applyLadder();
    resetRecorders();
  }

  int chains() const { return C_; }
  int replicas() const { return R_; }
  const std::vector<double>& ladder(int chain = 0) const { return ladders_[chain]; }
  int laneAt(int chain, int t) const { return laneAt_[chain * R_ + t]; }
  // Lanes past C R (padding of the last SIMD group) run at the top beta and are never read.

  void explore(int64_t round) { sys_.sweep(round); }

  // DEO: even rounds try pairs (0,1), (2,3), ...; odd rounds (1,2), (3,4), .... Moving x_a from beta_t to
  // beta_{t+1} and x_b the other way is accepted with probability min(1, exp((beta_t - beta_{t+1})(E_a - E_b))).
  // The uniform for pair t of chain c is word t % 4 of block draw(key, round, t / 4, global chain, kPurposeSwap);
  // all chains' blocks are generated in one vectorized batch.
  void communicate(int64_t round) {
    if (R_ < 2) return;
    const int parity = int(round & 1);
    const int blocksPerChain = (R_ - 1 + 3) / 4;
    const int blocks = C_ * blocksPerChain;
    swapCtr_.resize(4 * blocks);
    swapWords_.resize(4 * blocks);
    for (int c = 0, b = 0; c < C_; ++c)
      for (int k = 0; k < blocksPerChain; ++k, ++b) {
        swapCtr_[b] = uint32_t(k);
        swapCtr_[blocks + b] = uint32_t(round);
        swapCtr_[2 * blocks + b] = chainBase_ + uint32_t(c);
        swapCtr_[3 * blocks + b] = (uint32_t(kPurposeSwap) << 24) ^ uint32_t(uint64_t(round) >> 32);
      }
    philoxBlocks(blocks, &swapCtr_[0], &swapCtr_[blocks], &swapCtr_[2 * blocks], &swapCtr_[3 * blocks], key_, swapWords_.data());
    for (int c = 0; c < C_; ++c) {
      int* laneAt = &laneAt_[c * R_];
      const std::vector<double>& ladder = ladders_[c];
      const uint32_t* words = &swapWords_[4 * c * blocksPerChain];
      for (int t = 0; t + 1 < R_; ++t) {
        const int a = laneAt[t], b = laneAt[t + 1];
        const double Ea = sys_.energy(a), Eb = sys_.energy(b);
        const double dBeta = ladder[t + 1] - ladder[t];
        const double logRatio = -dBeta * (Ea - Eb);
        const double accept = logRatio >= 0 ? 1.0 : expFast(logRatio);
        const int p = c * (R_ - 1) + t;
        rejection_[p] += 1.0 - accept;
        if (recordEvidence_) {
          forward_[p].add(-dBeta * Ea);  // stepping stone: log Z_{t+1}/Z_t = log E_t[exp(-dBeta E)]
          backward_[p].add(dBeta * Eb);  //                 log Z_t/Z_{t+1} = log E_{t+1}[exp(+dBeta E)]
        }
        if ((t & 1) != parity) continue;
        if (accept < 1.0 && uniform01(words[t]) >= accept) continue;
        laneAt[t] = b;
        laneAt[t + 1] = a;
        tempOf_[a] = t + 1;
        tempOf_[b] = t;
        sys_.setBeta(a, ladder[t + 1]);
        sys_.setBeta(b, ladder[t]);
      }
      // Round trips: a replica that was last at the bottom and reaches the top, then the bottom again.
      for (int t : {0, R_ - 1}) {
        const int lane = laneAt[t];
        if (t == 0) {
          if (lastEnd_[lane] == 1) ++roundTrips_;
          lastEnd_[lane] = 0;
        } else if (lastEnd_[lane] == 0) {
          lastEnd_[lane] = 1;
        }
      }
    }
    ++recordedRounds_;
  }

  // Mean rejection per pair since the last reset: of one chain, or averaged over chains (chain = -1).
  std::vector<double> rejection(int chain = -1) const {
    std::vector<double> r(R_ > 1 ? R_ - 1 : 0, 0.0);
    if (recordedRounds_ == 0) return r;
    const int c0 = chain < 0 ? 0 : chain, c1 = chain < 0 ? C_ : chain + 1;
    for (int c = c0; c < c1; ++c)
      for (int t = 0; t + 1 < R_; ++t) r[t] += rejection_[c * (R_ - 1) + t];
    for (double& x : r) x /= double(recordedRounds_) * (c1 - c0);
    return r;
  }
  // Communication barrier estimate Lambda = sum of pair rejections (Syed et al. 2021).
  double barrier() const {
    double s = 0;
    for (double r : rejection()) s += r;
    return s;
  }
  int64_t roundTrips() const { return roundTrips_; }
  int64_t recordedRounds() const { return recordedRounds_; }

  // Stepping-stone log(Z_top / Z_bottom) for one chain, averaging the forward and backward estimates.
  double logZRatio(int c) const {
    double s = 0;
    for (int t = 0; t + 1 < R_; ++t) {
      const int p = c * (R_ - 1) + t;
      s += 0.5 * (forward_[p].logMean() - backward_[p].logMean());
    }
    return s;
  }
  // Move each chain to the equal-rejection ladder for its rejections so far, then reset the recorders.
  void adapt() {
    if (R_ >= 3 && recordedRounds_ > 0) {
      for (int c = 0; c < C_; ++c) ladders_[c] = equalRejectionLadder(ladders_[c], rejection(c));
      applyLadder();
    }
    resetRecorders();
  }

  void resetRecorders() {
    const int pairs = C_ * (R_ > 1 ? R_ - 1 : 0);
    rejection_.assign(pairs, 0.0);
    forward_.assign(pairs, LogSumExp{});
    backward_.assign(pairs, LogSumExp{});
    recordedRounds_ = 0;
  }

  // Stepping-stone sums cost two exps per pair and round; only log Z needs them.
  void recordEvidence(bool on) { recordEvidence_ = on; }

 private:
  void applyLadder() {
    for (int lane = 0; lane < sys_.lanes(); ++lane)
      sys_.setBeta(lane, lane < C_ * R_ ? ladders_[lane / R_][tempOf_[lane]] : ladders_[0][R_ - 1]);
  }

  System& sys_;
  int C_, R_;
  std::vector<std::vector<double>> ladders_;  // per chain
  SeedKey key_;
  uint32_t chainBase_;
  std::vector<int> tempOf_, laneAt_;
  std::vector<int8_t> lastEnd_;
  std::vector<double> rejection_;
  std::vector<LogSumExp> forward_, backward_;
  int64_t roundTrips_ = 0, recordedRounds_ = 0;
  bool recordEvidence_ = false;
  std::vector<uint32_t> swapCtr_, swapWords_;  // one round's swap uniforms (reused, no per-round allocation)
};

}  // namespace ebm
