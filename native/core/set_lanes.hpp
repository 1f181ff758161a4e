// Many replicas of one set model advanced together: replicas sit in SIMD lanes (structure of arrays: for site
// i, the values of all lanes of a group are contiguous), every lane visits the same site at the same time,
// and flips are masked per lane. One neighbour update then serves a whole group (one vector FMA per
// neighbour), which is what makes parallel tempering and many-chain Gibbs fast on a CPU.
//
// A group is 64 bytes of lanes: 8 lanes in double, or 16 in float when the model is exact in float32
// (integer weights, see integerFieldBound). Energies are always accumulated in double.
//
// A lane is one chain of states at its own inverse temperature beta[lane]; its random stream depends only on
// (seed, global lane id, sweep, site), never on the group width or on how lanes are split across workers.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>
#include "lane_memory.hpp"
#include "mathx.hpp"
#include "rng.hpp"
#include "set_bytes.hpp"
#include "set_model.hpp"
#include "set_steps.hpp"
#include "set_swap_step.hpp"
#include "stop.hpp"
#include "sweep_words.hpp"
#include "system.hpp"

namespace ebm {

// Layout of a group's state. Interleaved (sparse couplings): site i's W lane values are contiguous, so one
// vector FMA per neighbour updates every lane. LaneMajor (dense couplings): each lane's n values are
// contiguous, and an accepted flip updates only its own lane with a vector loop over the row W_i. Dense rows
// touch every site, and at low acceptance few lanes flip, so paying for flipped lanes only is what wins there.
enum class LaneLayout { Interleaved, LaneMajor };

template <class Real, LaneLayout Layout = LaneLayout::Interleaved>
class SetLanes {
 public:
  using State = uint8_t;  // y_i in {0, 1}

  static constexpr int W = 64 / int(sizeof(Real));  // lanes per group
  static constexpr bool kLaneMajor = Layout == LaneLayout::LaneMajor;
  static constexpr int64_t kSiteStride = kLaneMajor ? 1 : W;  // distance between sites i and i+1 of one lane
  // int8 lanes (byteLanesExact models): 64 lanes per group, the table heat bath of set_bytes.hpp.
  static constexpr bool kBytes = std::is_same<Real, int8_t>::value;
  static_assert(!kBytes || !kLaneMajor, "byte lanes are interleaved");

  // lanes is rounded up to whole groups; laneBase is the global id of lane 0 (streams are keyed by global
  // lane id, so a worker holding lanes [laneBase, laneBase + lanes) reproduces a single-process run; it must
  // be a multiple of 4, the lanes served by one Philox block). stop (may be null) is polled by the
  // initialization, sweep() and refresh(); a construction it stops leaves lanes that must not be read.
  SetLanes(const SetModel& m, int lanes, uint64_t seed, uint32_t laneBase = 0, StopCheck* stop = nullptr)
      : m_(m), key_(seedKey(seed)), laneBase_(laneBase), poll_(stop) {
    groups_ = (lanes + W - 1) / W;
    const int64_t total = int64_t(groups_) * m.n * W;
    // States, fields and members are left uninitialized here: initialize() writes every entry of every lane
    // under the stop's polls, where filling them now would touch all of it unpolled (seconds at n = 2^24).
    // Byte lanes' single-site sweeps keep no fields (they sum them from the state bits, set_bytes.hpp): only
    // their cardinality moves do.
    hasFields_ = !kBytes || m.cardinality >= 0;
    y_.reset(total);
    if (hasFields_) field_.reset(total);
    energy_.assign(groups_ * W, 0.0);
    beta_.assign(groups_ * W, 1.0);
    betaReal_.assign(groups_ * W, CalcOf<Real>(1));
    if constexpr (kBytes) {
      thresholds_.reset(groups_ * W);
      yBits_.reset(int64_t(groups_) * m.n);
      unary8_.assign(m.unary, m.unary + m.n);  // integers in [-127, 127] (byteLanesExact: the field at y = 0)
    }
    free_.reserve(m.n);
    for (int32_t i = 0; i < m.n; ++i) {
      if (m.clamp && m.clamp[i] >= 0) {
        if (m.clamp[i] == 1) ++kClamped_;
      } else {
        free_.push_back(i);
      }
      if (poll_.due(1)) return;
    }
    nFree_ = int32_t(free_.size());
    if (m.cardinality >= 0) {
      kFree_ = m.cardinality - kClamped_;
      members_.reset(int64_t(groups_) * W * nFree_);
    }
    words_.reserve(std::min(nFree_, kWordChunk), W);
    // The couplings in the lane type, row by row (a dense row is n entries).
    weights_.reserve(m.dense ? int64_t(m.n) * m.n : m.rowPtr[m.n]);
    for (int32_t i = 0; i < m.n; ++i) {
      const double* row = m.dense ? m.dense + int64_t(i) * m.n : m.weight + m.rowPtr[i];
      const int64_t len = m.dense ? m.n : m.rowPtr[i + 1] - m.rowPtr[i];
      weights_.insert(weights_.end(), row, row + len);
      if (poll_.due(1 + len)) return;
    }
    initialize();
  }

  int lanes() const { return groups_ * W; }
  int32_t n() const { return m_.n; }
  void setBeta(int lane, double beta) {
    beta_[lane] = beta;
    betaReal_[lane] = CalcOf<Real>(beta);
    if constexpr (kBytes) thresholds_.setBeta(lane, beta);
  }
  double beta(int lane) const { return beta_[lane]; }
  double energy(int lane) const { return energy_[lane]; }
  // Accepted moves (flips, or swaps under a cardinality) over all lanes since construction: the throughput
  // probe's acceptance is this over its attempts.
  int64_t acceptedMoves() const { return accepted_; }

  void copyState(int lane, uint8_t* out) const {
    if constexpr (kBytes) {
      if (!hasFields_) {  // from the state bits: 8 bytes a site for 64 lanes, where the states take 64
        const uint64_t* bits = &yBits_[int64_t(lane / W) * m_.n];
        const int l = lane % W;
        for (int32_t i = 0; i < m_.n; ++i) out[i] = uint8_t((bits[i] >> l) & 1);
        return;
      }
    }
    for (int32_t i = 0; i < m_.n; ++i) out[i] = y_[index(lane, i)] != Real(0) ? 1 : 0;
  }

  // The lane's cached local field f_i (not for byte lanes without a cardinality, which keep none), its free
  // items (the first kFree() of them in the set; null without a cardinality) and the free items in order: what
  // a device copy of the lanes starts from (native/cuda/device_lanes.hpp), so that it continues exactly these
  // chains.
  using Items = std::vector<int32_t, HugePageAllocator<int32_t>>;
  Real field(int lane, int32_t i) const { return field_[index(lane, i)]; }
  const int32_t* members(int lane) const { return members_ ? members_.get() + int64_t(lane) * nFree_ : nullptr; }
  const Items& freeItems() const { return free_; }
  int32_t kFree() const { return kFree_; }

  // Starts lane from y (admissible: clamps and cardinality hold; the caller checks), e.g. persistent chains
  // that continue where a previous run stopped. Call refresh() after the last setState.
  void setState(int lane, const uint8_t* y) {
    for (int32_t i = 0; i < m_.n; ++i) y_[index(lane, i)] = y[i] ? Real(1) : Real(0);
    if constexpr (kBytes) {  // the bits too, which copyState reads (refresh recomputes the same)
      uint64_t* bits = &yBits_[int64_t(lane / W) * m_.n];
      const uint64_t bit = uint64_t(1) << (lane % W);
      for (int32_t i = 0; i < m_.n; ++i) bits[i] = y[i] ? bits[i] | bit : bits[i] & ~bit;
    }
    if (m_.cardinality < 0) return;
    int32_t* mem = members_.get() + int64_t(lane) * nFree_;  // in-items first, then out-items (none when nFree_ = 0)
    int32_t in = 0, out = kFree_;
    for (int32_t t = 0; t < nFree_; ++t) {
      const int32_t i = free_[t];
      if (y[i] && in < kFree_)
        mem[in++] = i;
      else if (out < nFree_)
        mem[out++] = i;
    }
  }

  // Reads one lane's y_i (byte lanes: from the state bits, 8 bytes a site for 64 lanes), its offsets computed once.
  struct SiteReader {
    const uint64_t* bits;  // byte lanes: the group's state words, else null
    const Real* y;         // otherwise: the lane's site 0, sites kSiteStride apart
    int shift;
    uint8_t operator()(int32_t i) const {
      if constexpr (kBytes) return uint8_t((bits[i] >> shift) & 1);
      return y[i * kSiteStride] != Real(0) ? 1 : 0;
    }
  };
  SiteReader sites(int lane) const {
    if constexpr (kBytes) return {&yBits_[int64_t(lane / W) * m_.n], nullptr, lane % W};
    return {nullptr, &y_[index(lane, 0)], 0};
  }
  // Flips the given sites of one lane (a cluster move, set_cluster.hpp; no cardinality) and adds the energy
  // change the caller computed; cached fields move by W_ij (1 - 2 y_i) per flip, as after a sweep's flip.
  void flipSites(int lane, const int32_t* sites, int32_t count, double deltaEnergy) {
    withRealCoupling([&](const auto& c) {
      for (int32_t t = 0; t < count; ++t) {
        Real& y = y_[index(lane, sites[t])];
        const Real s = y != Real(0) ? Real(-1) : Real(1);
        if (hasFields_) c.forNeighbors(sites[t], [&](int32_t j, Real w) { field_[index(lane, j)] += w * s; });
        y = Real(1) - y;
        if constexpr (kBytes) yBits_[int64_t(lane / W) * m_.n + sites[t]] ^= uint64_t(1) << (lane % W);
      }
    });
    energy_[lane] += deltaEnergy;
  }

  // One sweep in every lane: nFree heat-bath site updates (systematic scan), or nFree swap attempts under a
  // cardinality constraint. A stop ends it early, between two moves (the lanes stay valid states).
  void sweep(int64_t sweepIndex) {
    withRealCoupling([&](const auto& c) {
      for (int g = 0; g < groups_ && !poll_.stopped(); ++g) {
        if (m_.cardinality >= 0)
          cardinalitySweep(c, g, sweepIndex);
        else if constexpr (kBytes)
          byteSiteSweep(c, g, sweepIndex);
        else
          siteSweep(c, g, sweepIndex);
      }
    });
  }

  // Recompute fields and energies from scratch (in double, from the model); removes any drift. A stop ends it
  // between two items: every field and energy is then either recomputed or its cached value, both valid.
  void refresh() {
    if constexpr (kBytes) {  // the state bits the byte sweep reads, from the states
      for (int g = 0; g < groups_; ++g)
        for (int32_t i = 0; i < m_.n; ++i) {
          uint64_t b = 0;
          for (int l = 0; l < W; ++l) b |= uint64_t(y_[index(g * W + l, i)] != 0) << l;
          yBits_[int64_t(g) * m_.n + i] = b;
          if (poll_.due(W)) return;
        }
    }
    // Read from the lane's states in place (site i at y[i * kSiteStride]): no copy of n values to allocate and
    // free per lane, which at n = 2^24 a stop would wait for.
    withCoupling(m_, [&](const auto& c) {
      auto poll = [&](int64_t work) { return poll_.due(work); };
      for (int lane = 0; lane < lanes(); ++lane) {
        const Real* y = &y_[index(lane, 0)];
        if (hasFields_) {
          for (int32_t i = 0; i < m_.n; ++i) {
            field_[index(lane, i)] = Real(setLocalField(m_, c, y, kSiteStride, i));
            if (poll(1 + c.degree(i))) return 0;
          }
        }
        if (!setEnergyPolled(m_, c, y, kSiteStride, poll, &energy_[lane])) return 0;
      }
      return 0;
    });
  }

  // Largest |cached - recomputed| over fields and energies (tests).
  double maxCacheError() const {
    return withCoupling(m_, [&](const auto& c) {
      double worst = 0.0;
      std::vector<double> y(m_.n);
      for (int lane = 0; lane < lanes(); ++lane) {
        for (int32_t i = 0; i < m_.n; ++i) y[i] = double(y_[index(lane, i)]);
        for (int32_t i = 0; i < m_.n; ++i) {
          // Byte lanes' single-site sweeps sum fields at each visit (set_bytes.hpp): what they cache is the state
          // bits. (Their cardinality moves keep fields, as the other lanes do, and no bits.)
          if constexpr (kBytes) {
            if (m_.cardinality < 0) {
              if (((yBits_[int64_t(lane / W) * m_.n + i] >> (lane % W)) & 1) != uint64_t(y[i] != 0)) worst = std::fmax(worst, 1.0);
              continue;
            }
          }
          worst = std::fmax(worst, std::fabs(double(field_[index(lane, i)]) - setLocalField(m_, c, y.data(), 1, i)));
        }
        worst = std::fmax(worst, std::fabs(energy_[lane] - setEnergy(m_, c, y.data(), 1)));
      }
      return worst;
    });
  }

 private:
  int64_t index(int lane, int32_t i) const {
    if constexpr (kLaneMajor) return int64_t(lane) * m_.n + i;
    return (int64_t(lane / W) * m_.n + i) * W + lane % W;
  }
  uint32_t globalLane(int lane) const { return laneBase_ + uint32_t(lane); }

  template <class F>
  void withRealCoupling(F&& f) {
    if (m_.dense)
      f(DenseCoupling<Real>{weights_.data(), m_.n});
    else
      f(SparseCoupling<Real>{m_.rowPtr, m_.col, weights_.data()});
  }

  // Every lane's random admissible start, then its fields. Polled per item (a Philox draw counts as
  // kDrawWork): a stop leaves the construction unfinished, and the runs then read no lane.
  static constexpr int64_t kDrawWork = 16;
  void initialize() {
    for (int lane = 0; lane < lanes(); ++lane) {
      if (m_.clamp)
        for (int32_t i = 0; i < m_.n; ++i) {
          if (m_.clamp[i] >= 0) y_[index(lane, i)] = Real(m_.clamp[i]);
          if (poll_.due(1)) return;
        }
      if (m_.cardinality >= 0) {
        // A uniform random kFree-subset of the free items: partial Fisher-Yates shuffle.
        int32_t* mem = members_.get() + int64_t(lane) * nFree_;
        for (int32_t t = 0; t < nFree_; ++t) mem[t] = free_[t];
        for (int32_t t = 0; t < kFree_ && t < nFree_; ++t) {
          const Philox4x32 r = draw(key_, 0, uint32_t(t), globalLane(lane), kPurposeInit);
          const int32_t pick = t + int32_t(uniformBelow(r.v[0], uint32_t(nFree_ - t)));
          const int32_t tmp = mem[t];
          mem[t] = mem[pick];
          mem[pick] = tmp;
          if (poll_.due(kDrawWork)) return;
        }
        for (int32_t t = 0; t < nFree_; ++t) y_[index(lane, mem[t])] = t < kFree_ ? Real(1) : Real(0);
      } else {
        for (int32_t t = 0; t < nFree_; ++t) {
          const Philox4x32 r = draw(key_, 0, uint32_t(free_[t]), globalLane(lane), kPurposeInit);
          y_[index(lane, free_[t])] = Real(r.v[0] >> 31);
          if (poll_.due(kDrawWork)) return;
        }
      }
    }
    refresh();
  }

  // The uniforms of a chunk of one group's sweep (sweep_words.hpp).
  static constexpr int32_t kWordChunk = SweepWords::kChunk;
  SiteWords fillSiteWords(int g, int64_t sweepIndex, int32_t t0, int32_t t1, int perBlock = 4, uint32_t purpose = kPurposeSite) {
    const SiteWords sw = words_.fill(key_, laneBase_ + uint32_t(g) * W, W, sweepIndex, free_.data(), t0, t1, perBlock, purpose);
    poll_.count(kDrawWork * sw.blocks);  // polled at the next site's due()
    return sw;
  }

  template <class Coupling>
  void siteSweep(const Coupling& c, int g, int64_t sweepIndex) {
    if constexpr (kLaneMajor) {
      siteSweepLaneMajor(c, g, sweepIndex);
      return;
    }
    Real* y = &y_[int64_t(g) * m_.n * W];
    Real* field = &field_[int64_t(g) * m_.n * W];
    double* energy = &energy_[g * W];
    const CalcOf<Real>* beta = &betaReal_[g * W];
    alignas(64) Real step[W];
    for (int32_t t0 = 0; t0 < nFree_; t0 += kWordChunk) {
      const int32_t t1 = std::min(nFree_, t0 + kWordChunk);
      const SiteWords sw = fillSiteWords(g, sweepIndex, t0, t1);
      for (int32_t t = t0; t < t1; ++t) {
        const int32_t i = free_[t];
        int64_t work = W;
        if (siteHeatBathLanes<W>(y + int64_t(i) * W, field + int64_t(i) * W, beta, energy, &words_.words()[int64_t(t - t0) * sw.stride + sw.shift], step)) {
          spreadFlipLanes<W>(c, i, step, field);
          work += c.degree(i);  // one W-lane vector update per neighbour
          for (int l = 0; l < W; ++l) accepted_ += step[l] != Real(0);
        }
        if (poll_.due(work)) return;
      }
    }
  }

  // Lane-major sweep (dense couplings): gather site i of the W lanes, run the same heat-bath step, then apply
  // each accepted flip to its own lane: f_l += W_i * step_l, a contiguous vector loop over the row.
  template <class Coupling>
  void siteSweepLaneMajor(const Coupling& c, int g, int64_t sweepIndex) {
    const int64_t n = m_.n;
    Real* y = &y_[int64_t(g) * W * n];
    Real* field = &field_[int64_t(g) * W * n];
    double* energy = &energy_[g * W];
    const CalcOf<Real>* beta = &betaReal_[g * W];
    alignas(64) Real yi[W], fi[W], step[W];
    for (int32_t t0 = 0; t0 < nFree_; t0 += kWordChunk) {
      const int32_t t1 = std::min(nFree_, t0 + kWordChunk);
      const SiteWords sw = fillSiteWords(g, sweepIndex, t0, t1);
      for (int32_t t = t0; t < t1; ++t) {
        const int32_t i = free_[t];
        for (int l = 0; l < W; ++l) {
          yi[l] = y[l * n + i];
          fi[l] = field[l * n + i];
        }
        int64_t work = W;
        if (siteHeatBathLanes<W>(yi, fi, beta, energy, &words_.words()[int64_t(t - t0) * sw.stride + sw.shift], step)) {
          for (int l = 0; l < W; ++l) {
            if (step[l] == Real(0)) continue;
            y[l * n + i] = yi[l];
            const Real s = step[l];
            Real* __restrict f = field + l * n;
            c.forNeighbors(i, [&](int32_t j, Real w) { f[j] += w * s; });
            work += c.degree(i);
            ++accepted_;
          }
        }
        if (poll_.due(work)) return;
      }
    }
  }

  // Byte lanes' sweep of group g (byteGroupSweep, set_bytes.hpp).
  template <class Coupling>
  void byteSiteSweep(const Coupling& c, int g, int64_t sweepIndex) {
    const HeatBathThresholds* tables[W];
    const bool uniform = thresholds_.group(g * W, W, tables);
    const ByteGroup group{reinterpret_cast<uint8_t*>(&y_[int64_t(g) * m_.n * W]), &yBits_[int64_t(g) * m_.n], &energy_[g * W],
                          unary8_.data(), free_.data(), nFree_};
    accepted_ += byteGroupSweep(
        c, group, tables, uniform, reinterpret_cast<const uint8_t*>(words_.words()),
        [&](int32_t t0, int32_t t1) { return fillSiteWords(g, sweepIndex, t0, t1, 16, kPurposeSiteByte); },
        [&](int32_t i, int l) { return draw(key_, uint64_t(sweepIndex), uint32_t(i), globalLane(g * W + l), kPurposeSiteTie).v[0]; },
        [&](int64_t work) { return poll_.due(work); });
  }

  // Cardinality-constrained moves, lane by lane (the step is cardinalitySwapStep, set_swap_step.hpp).
  template <class Coupling>
  void cardinalitySweep(const Coupling& c, int g, int64_t sweepIndex) {
    if (kFree_ <= 0 || kFree_ >= nFree_) return;  // a single admissible state: nothing moves
    for (int l = 0; l < W; ++l) {
      const int lane = g * W + l;
      int32_t* mem = members_.get() + int64_t(lane) * nFree_;
      Real* field = &field_[index(lane, 0)];  // this lane's site i is at field[i * kSiteStride]
      Real* y = &y_[index(lane, 0)];
      for (int32_t a = 0; a < nFree_; ++a) {
        const Philox4x32 r = draw(key_, uint64_t(sweepIndex), uint32_t(a), globalLane(lane), kPurposeCardinal);
        const CardinalitySwap sw = cardinalitySwapStep(c, y, field, kSiteStride, mem, kFree_, nFree_, r, beta_[lane], &energy_[lane]);
        accepted_ += int64_t(sw.accepted);
        if (poll_.due(kDrawWork + c.atCost(sw.i) + (sw.accepted ? c.degree(sw.i) + c.degree(sw.j) : 0))) return;
      }
    }
  }

  SetModel m_;
  SeedKey key_;
  uint32_t laneBase_;
  int groups_ = 0;
  LaneArray<Real> y_, field_;  // groups_ * n * W each (see index()); field_ only when hasFields_
  bool hasFields_ = true;
  std::vector<Real, HugePageAllocator<Real>> weights_;
  std::vector<double> energy_, beta_;
  std::vector<CalcOf<Real>> betaReal_;
  Items free_;
  int32_t nFree_ = 0, kClamped_ = 0, kFree_ = 0;
  int64_t accepted_ = 0;
  ThresholdCache thresholds_;               // byte lanes: each lane's table
  LaneArray<uint64_t> yBits_;                // byte lanes: groups_ * n state words, bit l = lane l's y_i
  std::vector<int8_t> unary8_;               // byte lanes: h
  LaneArray<int32_t> members_;  // per lane: free items, the first kFree_ of them in the set
  SweepWords words_;  // one chunk of a group's sweep of uniforms
  StopPoller poll_;
};

static_assert(checkLaneSystem<SetLanes<double>>() && checkLaneSystem<SetLanes<float>>() &&
                  checkLaneSystem<SetLanes<int16_t, LaneLayout::LaneMajor>>() && checkLaneSystem<SetLanes<int8_t>>(),
              "SetLanes is a lane System (system.hpp)");

}  // namespace ebm
