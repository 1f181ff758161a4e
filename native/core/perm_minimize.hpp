// Robust tabu search (perm_search.hpp) as a minimizer for permutation models, the two ways the addon's
// minimization job (native/addon/space_jobs.hpp) uses it:
//   tabuRun        — method 'tabu': iterated tabu search alone (perm_iterated.hpp), one walk per chain;
//   TabuAlongside  — method 'hybrid' (the default): a walk per PT chain, advanced after every round.
// PT, SA and the final descent are assembled once for every space by that job (runs.hpp, descent.hpp).
// Walk c draws from stream = global chain id under kPurposeTabu, so a worker holding chains
// [chainBase, chainBase + chains) reproduces them exactly.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>
#include "perm_iterated.hpp"
#include "perm_lanes.hpp"
#include "perm_search.hpp"
#include "runs.hpp"
#include "walks.hpp"

namespace ebm {

// Tabu keeps a k x k delta matrix and an n x n tabu list; past kMaxTabuItems that memory and its O(k^2) step
// outgrow what it adds, and the hybrid runs PT alone.
constexpr int32_t kMaxTabuItems = 2048;

// Iterated tabu search alone: walk c starts from chain c's random admissible permutation (a sampler lane's
// initial state), kicks itself out of stalls, and the walks advance in turns of 256 steps; spec.maxRounds
// counts steps per walk. Fills res like
// minimizeRun (roundOfBest = the turn, chainOfBest local) and adds the steps taken to *iterations.
inline RunStats tabuRun(const PermModel& m, const RunOptions& o, const MinimizeSpec& spec, MinimizeOutcome<int32_t>& res,
                        int64_t* iterations) {
  StopCheck never(0, nullptr);
  StopCheck& stop = o.stop ? *o.stop : never;
  PermLanes start(m, o.chains, o.seed, o.chainBase, &stop);  // lane 0 is always initialized
  std::vector<IteratedTabu> walks;
  walks.reserve(o.chains);
  for (int c = 0; c < o.chains && !stop.stopped(); ++c) {
    walks.emplace_back(m, start.qap(), o.seed, o.chainBase + uint32_t(c));
    walks.back().reset(start.sigma(c), &stop);
  }
  const RunStats st = walksAlone(walks, o, spec, 256, stop, res, iterations, [](int, IteratedTabu&) {});  // kicks are its own
  if (res.best.empty()) {  // no step ran (zero budget, or a stop during the set-up): the starting permutation of chain 0
    res.best.assign(start.sigma(0), start.sigma(0) + m.n);
    res.bestEnergy = permEnergy(m, res.best.data());
  }
  return st;
}

// The hybrid: parallel tempering explores and robust tabu search intensifies, one walk per chain (ladder).
// After every PT round each walk takes a few steps (about as much time as the chain's round, fixed per round
// so a round budget is deterministic); a walk that has not improved its own best for 10 k^2 steps restarts
// from the current state of its chain's coldest replica. The two complement each other on QAPLIB: tabu
// reaches 1% of the best known in milliseconds on tai30a where PT needs seconds, and PT reaches it on chr25a
// where tabu stalls.
class TabuAlongside {
 public:
  // Walks for the chains of o (R = o.replicas lanes each), starting from each chain's first lane; none when
  // fewer than 2 or more than kMaxTabuItems items are free. A walk ends its turn early once its best is <= target.
  // o.stop is polled while the walks' delta matrices are built (O(k^2 n) each) and while they run. Lanes is
  // PermLanes or the device lanes (native/cuda/device_perm_lanes.hpp): qap(), sigma(lane), beta(lane).
  template <class Lanes>
  TabuAlongside(const PermModel& m, const Lanes& lanes, const RunOptions& o, double target) : walks_(o, target) {
    const int32_t k = int32_t(freeItems(m).size());
    if (k < 2 || k > kMaxTabuItems) return;
    // Cost model: a PT round of one chain is R * k swap deltas of O(n); a tabu step scans k^2/2 pairs and
    // recomputes 2k deltas of O(n). Measured on nug20 the step is ~0.45 x (R * n / k) rounds' worth of work.
    walks_.setPace(std::max<int64_t>(1, int64_t(0.45 * o.replicas * double(m.n) / k + 0.5)), 10 * int64_t(k) * k);
    std::vector<RobustTabu>& walks = walks_.walks();
    walks.reserve(o.chains);
    for (int c = 0; c < o.chains && !(o.stop && o.stop->stopped()); ++c) {
      walks.emplace_back(m, lanes.qap(), o.seed, o.chainBase + uint32_t(c));
      walks.back().reset(lanes.sigma(c * o.replicas), o.stop);
    }
  }
  bool active() const { return walks_.active(); }
  int64_t iterations() const { return walks_.iterations(); }

  // minimizeRun's afterRound hook: advance every walk and let it lower res's best.
  template <class Lanes>
  void afterRound(int64_t round, const Lanes& lanes, MinimizeOutcome<int32_t>& res) {
    walks_.afterRound(round, lanes, res, [&](RobustTabu& w, int lane) { w.reset(lanes.sigma(lane), walks_.stop()); });
  }

 private:
  WalksAlongside<RobustTabu> walks_;
};

}  // namespace ebm
