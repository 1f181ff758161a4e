// Minimizing a permutation model (QAP, linear + QAP, with clamps) under a time or round budget.
//   pt     — parallel tempering over PermLanes (runs.hpp minimizeRun), then a swap descent;
//   sa     — simulated annealing (the one-replica case), then a swap descent;
//   tabu   — robust tabu search from a random admissible permutation;
//   hybrid — (default) see permMinimize.
#pragma once
#include <cmath>
#include <functional>
#include <vector>
#include "ladder.hpp"
#include "perm_lanes.hpp"
#include "perm_search.hpp"
#include "runs.hpp"

namespace ebm {

enum class PermMethod { Hybrid, PT, SA, Tabu };

constexpr int32_t kMaxTabuItems = 2048;

struct PermMinimizeOptions {
  PermMethod method = PermMethod::Hybrid;
  uint64_t seed = 1;
  int chains = 1, replicas = 16;
  double betaMin = 0.1, betaMax = 10;
  int64_t maxRounds = -1;  // -1: until the deadline
  int64_t annealRounds = 1000;
  double targetEnergy = -INFINITY;
  bool polish = true, adapt = true;
  double timeLimitSec = 0;
  const int32_t* cancel = nullptr;
  uint32_t chainBase = 0;  // global id of chain 0 (a worker's share); streams follow global chain ids
  std::function<void(double seconds, double best, int64_t rounds)> progress;
};

struct PermMinimizeOutcome {
  std::vector<int32_t> best;
  double energy = INFINITY;         // after the final descent
  double samplerEnergy = INFINITY;  // before it: workers' parts are merged on (this, roundOfBest, chainOfBest)
  double secondsToBest = 0;
  int64_t roundOfBest = 0;
  int chainOfBest = 0;  // global chain id
  int64_t tabuIterations = 0;
  RunStats stats;
};

// Robust tabu search alone: one walk per chain, from that chain's random admissible permutation (a sampler
// lane's initial state), advanced in turns of 256 steps; walk c draws from stream 1 + global chain id.
inline PermMinimizeOutcome permTabu(const PermModel& m, const PermMinimizeOptions& p) {
  PermMinimizeOutcome out;
  StopCheck stop(p.timeLimitSec, p.cancel);
  PermLanes start(m, p.chains, p.seed, p.chainBase);
  std::vector<RobustTabu> walks;
  walks.reserve(p.chains);
  for (int c = 0; c < p.chains; ++c) {
    walks.emplace_back(m, start.qap(), p.seed, 1 + p.chainBase + uint32_t(c));
    walks.back().reset(start.sigma(c));
  }
  ProgressClock clock;
  const int64_t chunk = 256;
  int64_t done = 0, turn = 0;
  for (;; ++turn) {
    const int64_t step = p.maxRounds < 0 ? chunk : std::min(chunk, p.maxRounds - done);
    if (step <= 0) break;
    for (int c = 0; c < p.chains; ++c) {
      walks[c].run(step, &stop, p.targetEnergy);
      if (walks[c].bestCost() < out.samplerEnergy) {
        out.samplerEnergy = walks[c].bestCost();
        out.best = walks[c].best();
        out.secondsToBest = stop.elapsed();
        out.roundOfBest = turn;
        out.chainOfBest = int(p.chainBase) + c;
      }
    }
    done += step;
    if (out.samplerEnergy <= p.targetEnergy || stop.reason() != Stopped::Done || stop.poll()) break;
    clock.tick(p.progress, stop, out.samplerEnergy, done);
  }
  if (out.best.empty()) {  // no step ran (zero budget): the starting permutation of chain 0
    out.best.assign(start.sigma(0), start.sigma(0) + m.n);
    out.samplerEnergy = permEnergy(m, out.best.data());
  }
  out.energy = permEnergy(m, out.best.data());
  for (const RobustTabu& w : walks) out.tabuIterations += w.iterations();
  out.stats.stopped = stop.reason();
  out.stats.rounds = done;
  out.stats.seconds = stop.elapsed();
  return out;
}

inline RunOptions permRunOptions(const PermMinimizeOptions& p, bool anneal) {
  RunOptions o;
  o.seed = p.seed;
  o.chains = p.chains;
  o.replicas = p.replicas;
  o.ladder = anneal ? std::vector<double>{p.betaMin, p.betaMax} : geometricLadder(p.betaMin, p.betaMax, p.replicas);
  o.adapt = p.adapt;
  o.timeLimitSec = p.timeLimitSec;
  o.cancel = p.cancel;
  o.chainBase = p.chainBase;
  o.progress = p.progress;
  return o;
}

// Hybrid (the default): parallel tempering explores, and robust tabu search intensifies: every chain (ladder)
// has its own tabu walk. After every PT round each walk takes a few steps (about as much time as the chain's
// round, fixed per round so a round budget is deterministic); a walk that has not improved its own best for
// 10 k^2 steps restarts from the current state of its chain's coldest replica. The two complement each other
// on QAPLIB: tabu reaches 1% of the best known in milliseconds on tai30a where PT needs seconds, and PT
// reaches it on chr25a where tabu stalls. Walk c draws from stream 1 + global chain id, so a worker holding
// chains [chainBase, chainBase + chains) reproduces them exactly.
inline PermMinimizeOutcome permMinimize(const PermModel& m, const PermMinimizeOptions& p) {
  PermMinimizeOutcome out;
  if (p.method == PermMethod::Tabu) return permTabu(m, p);
  const bool anneal = p.method == PermMethod::SA;
  RunOptions o = permRunOptions(p, anneal);
  if (anneal) {  // `replicas` independent annealing chains: chain ids count annealing chains
    o.chains = p.chains * p.replicas;
    o.replicas = 1;
    o.chainBase = p.chainBase * uint32_t(p.replicas);
  }
  MinimizeSpec spec;
  spec.maxRounds = p.maxRounds;
  spec.targetEnergy = p.targetEnergy;
  spec.anneal = anneal;
  spec.annealRounds = p.annealRounds;
  PermLanes lanes(m, o.chains * o.replicas, p.seed, o.chainBase * uint32_t(o.replicas));
  MinimizeOutcome<int32_t> res;
  StopCheck clock(0, nullptr);
  const int32_t k = int32_t(freeItems(m).size());
  // Tabu keeps a k x k delta matrix and an n x n tabu list; past kMaxTabuItems that memory and its O(k^2) step
  // outgrow what it adds, and the hybrid runs PT alone.
  const bool withTabu = p.method == PermMethod::Hybrid && k >= 2 && k <= kMaxTabuItems;
  std::vector<RobustTabu> walks;
  if (withTabu) {
    // Cost model: a PT round of one chain is R * k swap deltas of O(n); a tabu step scans k^2/2 pairs and
    // recomputes 2k deltas of O(n). Measured on nug20 the step is ~0.45 x (R * n / k) rounds' worth of work.
    const int R = o.replicas;
    const int64_t perRound = std::max<int64_t>(1, int64_t(0.45 * R * double(m.n) / k + 0.5));
    const int64_t stall = 10 * int64_t(k) * k;
    walks.reserve(o.chains);
    for (int c = 0; c < o.chains; ++c) {
      walks.emplace_back(m, lanes.qap(), p.seed, 1 + o.chainBase + uint32_t(c));
      walks.back().reset(lanes.sigma(c * R));
    }
    spec.afterRound = [&, perRound, stall, R](int64_t round) {
      for (int c = 0; c < o.chains; ++c) {
        RobustTabu& tabu = walks[c];
        if (tabu.sinceImprovement() > stall) {
          int coldest = c * R;
          for (int lane = c * R + 1; lane < (c + 1) * R; ++lane)
            if (lanes.beta(lane) > lanes.beta(coldest)) coldest = lane;
          tabu.reset(lanes.sigma(coldest));
        }
        tabu.run(perRound, nullptr, p.targetEnergy);
        out.tabuIterations += perRound;
        if (tabu.bestCost() < res.bestEnergy) {  // strict, in chain order: the rule workers' merges follow
          res.bestEnergy = tabu.bestCost();
          res.best = tabu.best();
          res.secondsToBest = clock.elapsed();
          res.roundOfBest = round;
          res.chainOfBest = c;
        }
      }
    };
  }
  out.stats = minimizeRun(lanes, o, spec, res);
  out.best = res.best;
  out.samplerEnergy = res.bestEnergy;
  out.secondsToBest = res.secondsToBest;
  out.roundOfBest = res.roundOfBest;
  out.chainOfBest = int(o.chainBase) + res.chainOfBest;
  out.energy = p.polish ? swapDescent(m, lanes.qap(), out.best.data()) : permEnergy(m, out.best.data());
  return out;
}

}  // namespace ebm
