// Local-search walks as minimizers, written once for every space (sets: SetTabu, set_search.hpp;
// permutations: RobustTabu / IteratedTabu, perm_search.hpp / perm_iterated.hpp). A Walk offers
//   run(steps, stop, target), sinceImprovement(), iterations(), bestCost(), best() (a std::vector<State>);
// the space makes the walks and says how one restarts (set_minimize.hpp, perm_minimize.hpp):
//   walksAlone     — method 'tabu': the walks alone, advanced in turns of `chunk` steps each;
//   WalksAlongside — method 'hybrid': a walk per PT chain, advanced after every round and restarted from the
//                    chain's coldest replica when it stalls.
// Walk c is chain c's (global id chainBase + c): its best is offered in chain order with a strict comparison,
// the rule the workers' merge follows, so any split of chains over workers gives the same answer.
#pragma once
#include <cstdint>
#include <vector>
#include "runs.hpp"
#include "stop.hpp"

namespace ebm {

// Walk c's best replaces res's when strictly lower.
template <class Walk, class State>
void offerBest(const Walk& w, int c, int64_t round, double seconds, MinimizeOutcome<State>& res) {
  if (w.bestCost() < res.bestEnergy) {
    res.bestEnergy = w.bestCost();
    res.best = w.best();
    res.secondsToBest = seconds;
    res.roundOfBest = round;
    res.chainOfBest = c;
  }
}

// The walks alone, in turns of `chunk` steps per walk (spec.maxRounds counts steps per walk); before each
// walk's turn beforeTurn(c, walk) may restart or kick it. Fills res like minimizeRun (roundOfBest = the turn,
// chainOfBest local), adds the steps taken to *iterations and returns the run statistics; a run where no step
// ran leaves res.best empty.
template <class Walk, class State, class BeforeTurn>
RunStats walksAlone(std::vector<Walk>& walks, const RunOptions& o, const MinimizeSpec& spec, int64_t chunk,
                    StopCheck& stop, MinimizeOutcome<State>& res, int64_t* iterations, BeforeTurn&& beforeTurn) {
  ProgressClock clock;
  int64_t done = 0;
  for (int64_t turn = 0; !stop.stopped(); ++turn) {
    const int64_t step = spec.maxRounds < 0 ? chunk : std::min(chunk, spec.maxRounds - done);
    if (step <= 0) break;
    for (int c = 0; c < int(walks.size()); ++c) {
      beforeTurn(c, walks[c]);
      const int64_t before = walks[c].iterations();  // after beforeTurn: a restart may reset the count
      walks[c].run(step, &stop, spec.targetEnergy);
      *iterations += walks[c].iterations() - before;
      offerBest(walks[c], c, turn, stop.elapsed(), res);
    }
    done += step;
    if (res.bestEnergy <= spec.targetEnergy || stop.reason() != Stopped::Done || stop.poll()) break;
    clock.tick(o.progress, stop, res.bestEnergy, done);
  }
  RunStats st;
  st.stopped = stop.reason();
  st.rounds = done;
  st.seconds = stop.elapsed();
  return st;
}

// The lane of chain c (lanes [c R, (c+1) R)) at the largest beta.
template <class Lanes>
int coldestLane(const Lanes& lanes, int c, int R) {
  int best = c * R;
  for (int lane = c * R + 1; lane < (c + 1) * R; ++lane)
    if (lanes.beta(lane) > lanes.beta(best)) best = lane;
  return best;
}

// The hybrid's walks: after every PT round each walk takes perRound steps (fixed per round, so a round budget is
// deterministic); a walk that has not improved its own best for `stall` steps restarts from its chain's coldest
// replica (restart(walk, lane), given by the space). A walk ends its turn early once its best is <= target.
template <class Walk>
class WalksAlongside {
 public:
  WalksAlongside(const RunOptions& o, double target) : clock_(0, nullptr), stop_(o.stop), R_(o.replicas), target_(target) {}

  std::vector<Walk>& walks() { return walks_; }
  void setPace(int64_t perRound, int64_t stall) {
    perRound_ = perRound;
    stall_ = stall;
  }
  bool active() const { return !walks_.empty(); }
  int64_t iterations() const { return iterations_; }
  StopCheck* stop() const { return stop_; }

  // minimizeRun's afterRound hook: advance every walk and let it lower res's best.
  template <class Lanes, class State, class Restart>
  void afterRound(int64_t round, const Lanes& lanes, MinimizeOutcome<State>& res, Restart&& restart) {
    for (int c = 0; c < int(walks_.size()); ++c) {
      Walk& w = walks_[c];
      if (w.sinceImprovement() > stall_) restart(w, coldestLane(lanes, c, R_));
      const int64_t before = w.iterations();
      w.run(perRound_, stop_, target_);
      // A stopped turn counts the steps it took; a full turn counts perRound_ (also when it ended early at the
      // target: the count is part of the answer, the same for any split of chains).
      iterations_ += stop_ && stop_->stopped() ? w.iterations() - before : perRound_;
      offerBest(w, c, round, stop_ ? stop_->elapsed() : clock_.elapsed(), res);  // the job's clock when there is one
    }
  }

 private:
  StopCheck clock_;  // secondsToBest of the walks' finds when the job has no stop check
  StopCheck* stop_;  // the job's (may be null)
  int R_;
  double target_;
  int64_t perRound_ = 0, stall_ = 0, iterations_ = 0;
  std::vector<Walk> walks_;
};

}  // namespace ebm
