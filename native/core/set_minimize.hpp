// Tabu search over flips (set_search.hpp) as a minimizer for set models without a cardinality, the two ways the
// addon's minimization job (native/addon/space_jobs.hpp) uses it:
//   setTabuRun        — method 'tabu': tabu walks alone (walksAlone, walks.hpp), one per chain, each restarted
//                       from a perturbed copy of its best when it stalls;
//   SetTabuAlongside  — method 'hybrid': a walk per PT chain, advanced after every round and restarted from
//                       the chain's coldest replica when it stalls.
// Models SetTabu does not handle (a cardinality, nothing free) run PT alone: the caller checks handles().
// Walk c draws from stream = global chain id under kPurposeTabu, so a worker holding chains
// [chainBase, chainBase + chains) reproduces them exactly.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "runs.hpp"
#include "set_model.hpp"
#include "set_search.hpp"
#include "walks.hpp"

namespace ebm {

// A walk stalls after this many steps without a new best of its own, times the free items.
constexpr int64_t kSetTabuStallPerItem = 4;

// Free items flipped at random when a lone walk restarts from its best (a kick out of its basin).
inline int32_t setTabuKick(int32_t freeItems) { return std::max<int32_t>(2, freeItems / 50); }

// Tabu search alone: walk c starts from the state of chain c's first lane (a random admissible state: the
// lanes are only read, never swept), the walks advance in turns of 4096 steps; spec.maxRounds counts steps per
// walk. Fills res like minimizeRun (roundOfBest = the turn, chainOfBest local) and adds the steps taken to
// *iterations. The caller checks SetTabu::handles(m).
template <class Lanes>
RunStats setTabuRun(const SetModel& m, const Lanes& lanes, const RunOptions& o, const MinimizeSpec& spec,
                    MinimizeOutcome<uint8_t>& res, int64_t* iterations) {
  StopCheck never(0, nullptr);
  StopCheck& stop = o.stop ? *o.stop : never;
  // A stop during the lanes' construction: they are not read and res.best stays empty (the job answers with an
  // admissible state of its own).
  const bool setUp = !stop.stopped();
  std::vector<int32_t> free;
  for (int32_t i = 0; i < m.n; ++i)
    if (!(m.clamp && m.clamp[i] >= 0)) free.push_back(i);
  std::vector<SetTabu> walks;
  std::vector<uint32_t> kicks(o.chains, 0);
  std::vector<uint8_t> y(m.n);
  walks.reserve(o.chains);
  for (int c = 0; c < o.chains && !stop.stopped(); ++c) {
    walks.emplace_back(m, o.seed, o.chainBase + uint32_t(c));
    lanes.copyState(c * o.replicas, y.data());
    walks.back().reset(y.data(), &stop);
  }
  const int64_t stall = kSetTabuStallPerItem * int64_t(free.size());
  const int32_t kick = setTabuKick(int32_t(free.size()));
  const RunStats st = walksAlone(walks, o, spec, 4096, stop, res, iterations, [&](int c, SetTabu& w) {
    if (w.sinceImprovement() <= stall) return;
    // Kick: the walk's best with `kick` free items flipped, drawn from the walk's stream (site 1).
    y = w.best();
    const uint32_t stream = o.chainBase + uint32_t(c);
    for (int32_t t = 0; t < kick; ++t) {
      const Philox4x32 r = draw(seedKey(o.seed), (uint64_t(kicks[c]) << 32) + uint64_t(t), 1, stream, kPurposeTabu);
      y[free[uniformBelow(r.v[0], uint32_t(free.size()))]] ^= 1;
    }
    ++kicks[c];
    w.reset(y.data(), &stop);
  });
  if (res.best.empty() && setUp) {
    // No step ran (zero budget, or a stop while the walks were set up): chain 0's starting state.
    res.best.resize(m.n);
    lanes.copyState(0, res.best.data());
    res.bestEnergy = lanes.energy(0);
  }
  return st;
}

// The hybrid: parallel tempering explores and tabu search intensifies, one walk per chain (ladder), advanced
// after every PT round (WalksAlongside, walks.hpp; about as much work per round as the chain's round); a walk
// that has not improved its own best for kSetTabuStallPerItem x free items steps restarts from the current state
// of its chain's coldest replica.
class SetTabuAlongside {
 public:
  // Walks for the chains of o (R = o.replicas lanes each), starting from each chain's coldest lane; none when
  // SetTabu does not handle the model. A walk ends its turn early once its best is <= target.
  template <class Lanes>
  SetTabuAlongside(const SetModel& m, const Lanes& lanes, const RunOptions& o, double target) : walks_(o, target), R_(o.replicas) {
    if (!SetTabu::handles(m)) return;
    int64_t k = 0;
    for (int32_t i = 0; i < m.n; ++i)
      if (!(m.clamp && m.clamp[i] >= 0)) ++k;
    // Cost model: a PT round of one chain is R site updates per free item in SIMD lanes (many lanes per vector
    // op); a tabu step is one flip with deg heap updates. kStepsPerReplicaItem steps per replica and item per
    // round: 0.01 gave the walks about 40% of the time on Gset G55 (1792 rounds in 10 s against 4126 for PT
    // alone, same load), 0.003 about 25%.
    walks_.setPace(std::max<int64_t>(1, int64_t(kStepsPerReplicaItem * R_ * double(k) + 0.5)), kSetTabuStallPerItem * k);
    y_.assign(m.n, 0);
    std::vector<SetTabu>& walks = walks_.walks();
    walks.reserve(o.chains);
    for (int c = 0; c < o.chains && !(o.stop && o.stop->stopped()); ++c) {
      walks.emplace_back(m, o.seed, o.chainBase + uint32_t(c));
      lanes.copyState(coldestLane(lanes, c, R_), y_.data());
      walks.back().reset(y_.data(), o.stop);
    }
  }
  bool active() const { return walks_.active(); }
  int64_t iterations() const { return walks_.iterations(); }

  // minimizeRun's afterRound hook: advance every walk and let it lower res's best.
  template <class Lanes>
  void afterRound(int64_t round, const Lanes& lanes, MinimizeOutcome<uint8_t>& res) {
    walks_.afterRound(round, lanes, res, [&](SetTabu& w, int lane) {
      lanes.copyState(lane, y_.data());
      w.reset(y_.data(), walks_.stop());
    });
  }

  static constexpr double kStepsPerReplicaItem = 0.003;

 private:
  WalksAlongside<SetTabu> walks_;
  int R_;
  std::vector<uint8_t> y_;
};

}  // namespace ebm
