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
  std::function<void(double seconds, double best, int64_t rounds)> progress;
};

struct PermMinimizeOutcome {
  std::vector<int32_t> best;
  double energy = INFINITY;
  double secondsToBest = 0;
  int64_t tabuIterations = 0;
  RunStats stats;
};

// Robust tabu search alone, from a random admissible permutation (a sampler lane's initial state).
inline PermMinimizeOutcome permTabu(const PermModel& m, const PermMinimizeOptions& p) {
  PermMinimizeOutcome out;
  StopCheck stop(p.timeLimitSec, p.cancel);
  PermLanes start(m, 1, p.seed);
  RobustTabu tabu(m, start.qap(), p.seed, 0);
  tabu.reset(start.sigma(0));
  double best = tabu.bestCost(), lastProgress = 0;
  const int64_t chunk = 256;
  int64_t done = 0;
  while (p.maxRounds < 0 || done < p.maxRounds) {
    const int64_t step = p.maxRounds < 0 ? chunk : std::min(chunk, p.maxRounds - done);
    tabu.run(step, &stop, p.targetEnergy);
    done += step;
    if (tabu.bestCost() < best) {
      best = tabu.bestCost();
      out.secondsToBest = stop.elapsed();
    }
    if (best <= p.targetEnergy || stop.reason() != Stopped::Done || stop.poll()) break;
    if (p.progress && stop.elapsed() - lastProgress >= 0.2) {
      lastProgress = stop.elapsed();
      p.progress(lastProgress, best, tabu.iterations());
    }
  }
  out.best = tabu.best();
  out.energy = permEnergy(m, out.best.data());
  out.tabuIterations = tabu.iterations();
  out.stats.stopped = stop.reason();
  out.stats.rounds = tabu.iterations();
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
  return o;
}

// Hybrid (the default): parallel tempering explores, and robust tabu search intensifies. After every PT
// round the tabu walk takes a few steps (about as much time as the round, fixed per round so a round budget is
// deterministic); when it has not improved its own best for 10 k^2 steps it restarts from the current state
// of the coldest replica. The two complement each other on QAPLIB: tabu reaches 1% of the best known in
// milliseconds on tai30a where PT needs seconds, and PT reaches it on chr25a where tabu stalls.
inline PermMinimizeOutcome permMinimize(const PermModel& m, const PermMinimizeOptions& p) {
  PermMinimizeOutcome out;
  if (p.method == PermMethod::Tabu) return permTabu(m, p);
  const bool anneal = p.method == PermMethod::SA;
  RunOptions o = permRunOptions(p, anneal);
  if (anneal) {  // `replicas` independent annealing chains
    o.chains = p.chains * p.replicas;
    o.replicas = 1;
  }
  MinimizeSpec spec;
  spec.maxRounds = p.maxRounds;
  spec.targetEnergy = p.targetEnergy;
  spec.anneal = anneal;
  spec.annealRounds = p.annealRounds;
  spec.progress = p.progress;
  PermLanes lanes(m, o.chains * o.replicas, p.seed);
  MinimizeOutcome<int32_t> res;
  StopCheck clock(0, nullptr);
  const int32_t k = int32_t(freeItems(m).size());
  const bool withTabu = p.method == PermMethod::Hybrid && k >= 2 && k <= kMaxTabuItems;
  RobustTabu tabu(withTabu ? m : PermModel{}, lanes.qap(), p.seed, 1);
  // Tabu keeps a k x k delta matrix and an n x n tabu list; past kMaxTabuItems that memory and its O(k^2) step
  // outgrow what it adds, and the hybrid runs PT alone.
  if (withTabu) {
    // Cost model: a PT round is lanes * k swap deltas of O(n); a tabu step scans k^2/2 pairs and recomputes
    // 2k deltas of O(n). Measured on nug20 the step is ~0.45 x (lanes * n / k) rounds' worth of work.
    const int64_t perRound = std::max<int64_t>(1, int64_t(0.45 * o.chains * o.replicas * double(m.n) / k + 0.5));
    const int64_t stall = 10 * int64_t(k) * k;
    tabu.reset(lanes.sigma(0));
    spec.afterRound = [&, perRound, stall](int64_t) {
      if (tabu.sinceImprovement() > stall) {
        int coldest = 0;
        for (int lane = 1; lane < o.chains * o.replicas; ++lane)
          if (lanes.beta(lane) > lanes.beta(coldest)) coldest = lane;
        tabu.reset(lanes.sigma(coldest));
      }
      tabu.run(perRound, nullptr, p.targetEnergy);
      if (tabu.bestCost() < res.bestEnergy) {
        res.bestEnergy = tabu.bestCost();
        res.best = tabu.best();
        res.secondsToBest = clock.elapsed();
      }
      out.tabuIterations += perRound;
    };
  }
  out.stats = minimizeRun(lanes, o, spec, res);
  out.best = res.best;
  out.secondsToBest = res.secondsToBest;
  out.energy = p.polish ? swapDescent(m, lanes.qap(), out.best.data()) : permEnergy(m, out.best.data());
  return out;
}

}  // namespace ebm
