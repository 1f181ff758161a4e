// The three jobs every space offers, written once over any lane System (see tempering.hpp):
//   sampleRun   — samples from the top of each chain's ladder (Gibbs is the one-replica case);
//   minimizeRun — best state under a time/sweep budget (simulated annealing is the one-replica case with a
//                 beta schedule);
//   logZRun     — stepping-stone log Z from a ladder that starts at beta = 0, where Z_0 = |Y| is known.
// The System is a lane System (system.hpp); Tempering checks the contract at compile time.
#pragma once
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>
#include "stop.hpp"
#include "tempering.hpp"

namespace ebm {

struct RunOptions {
  uint64_t seed = 1;
  int chains = 1;
  int replicas = 1;
  std::vector<double> ladder;  // replicas values, increasing; the last is the target beta
  bool adapt = true;           // adapt the ladder during burn-in / tuning rounds
  // The job's stop check (cancel flag and deadline), shared with the System it built (whose construction it
  // may have stopped: a run that starts stopped reads no lane) and with the polish after the run; null: none.
  StopCheck* stop = nullptr;
  int refreshEvery = 256;      // rounds between recomputations of cached fields (removes float drift)
  uint32_t chainBase = 0;      // global id of chain 0: a worker running chains [chainBase, chainBase + chains)
                               // reproduces them exactly (its System must use laneBase = chainBase * replicas)
  // Reports (seconds, value, rounds) about every 0.2 s: samples produced (sampling), 0 (log Z) or the best
  // energy (minimization).
  std::function<void(double seconds, double value, int64_t rounds)> progress;
};

// Calls o.progress at most every 0.2 s.
struct ProgressClock {
  double last = 0;
  template <class F>
  void tick(const F& progress, const StopCheck& stop, double value, int64_t rounds) {
    if (!progress) return;
    const double now = stop.elapsed();
    if (now - last < 0.2) return;
    last = now;
    progress(now, value, rounds);
  }
};

struct RunStats {
  Stopped stopped = Stopped::Done;
  int64_t rounds = 0;
  double seconds = 0;
  std::vector<double> ladder;
  std::vector<double> rejection;  // per neighbouring pair, last recording window
  double barrier = 0;
  int64_t roundTrips = 0;
};

template <class System>
void fillStats(RunStats& st, const Tempering<System>& pt, const StopCheck& stop, int64_t rounds) {
  st.rounds = rounds;
  st.seconds = stop.elapsed();
  st.ladder = pt.ladder();
  st.rejection = pt.rejection();
  st.barrier = pt.barrier();
  st.roundTrips = pt.roundTrips();
}

// Adaptation schedule: the ladder is re-fitted after rounds 2^k - 1 (k >= 3), so round k has 2^k scans and
// every fit uses twice the data of the previous one (as in Pigeons).
inline bool isAdaptRound(int64_t round) {
  const int64_t r = round + 1;
  return r >= 8 && (r & (r - 1)) == 0;
}

// Burn-in (sampling) and tuning (log Z): `rounds` rounds from round 0 with the ladder re-fitted on the adaptation
// schedule, then one last fit to everything since. Returns the index of the next round (the round it stopped
// at when a cancel or deadline came first).
template <class System>
int64_t adaptingRounds(Tempering<System>& pt, const RunOptions& o, int64_t rounds, StopCheck& stop, ProgressClock& clock) {
  int64_t round = 0;
  for (; round < rounds && !stop.stopped(); ++round) {
    pt.explore(round);
    if (stop.stopped()) break;  // a sweep cut short: the round is not used
    pt.communicate(round);
    if (o.adapt && isAdaptRound(round)) pt.adapt();
    if (stop.poll()) break;  // every round: a cancel or deadline is seen within one round
    clock.tick(o.progress, stop, 0.0, round + 1);
  }
  if (o.adapt) pt.adapt();
  return round;
}

// The stop check a run polls: the job's (o.stop), or `never` when there is none.
inline StopCheck& stopOf(const RunOptions& o, StopCheck& never) { return o.stop ? *o.stop : never; }

// samples: how many states to write to out (samples * n entries, sample s of chain c at index s C + c).
// burnIn rounds come first (with ladder adaptation), then one state per chain every `thin` rounds.
template <class System, class State>
RunStats sampleRun(System& sys, const RunOptions& o, int64_t samples, int thin, int64_t burnIn, State* out,
                   int64_t* produced) {
  Tempering<System> pt(sys, o.chains, o.replicas, o.ladder, o.seed, o.chainBase);
  StopCheck never(0, nullptr);
  StopCheck& stop = stopOf(o, never);
  RunStats st;
  int64_t round = 0;
  *produced = 0;
  const int64_t n = sys.n();
  ProgressClock clock;
  round = adaptingRounds(pt, o, burnIn, stop, clock);
  while (*produced < samples && stop.reason() == Stopped::Done) {
    for (int k = 0; k < thin && !stop.poll(); ++k, ++round) {
      pt.explore(round);
      if (stop.stopped()) break;  // a sweep cut short: the round is not used
      pt.communicate(round);
      if (o.refreshEvery > 0 && round % o.refreshEvery == 0) sys.refresh();
    }
    if (stop.reason() != Stopped::Done) break;  // a sample is kept only after its full thinning interval
    for (int c = 0; c < o.chains && *produced < samples; ++c) {
      sys.copyState(pt.laneAt(c, o.replicas - 1), out + *produced * n);
      ++*produced;
    }
    clock.tick(o.progress, stop, double(*produced), round);
  }
  st.stopped = stop.reason();
  fillStats(st, pt, stop, round);
  return st;
}

struct MinimizeSpec {
  int64_t maxRounds = -1;           // -1: until the deadline (one of the two must be set)
  double targetEnergy = -INFINITY;  // stop as soon as the best energy is <= this
  bool anneal = false;              // simulated annealing: one replica per chain, beta from ladder[0] to ladder[1]
  int64_t annealRounds = 1000;      // length of one annealing schedule (repeated until the budget ends)
  // Called after every round, once the best has been updated from the lanes: a hook for a local search that
  // works alongside the sampler (it may lower the outcome's best; permutations run tabu search here).
  std::function<void(int64_t round)> afterRound;
};

template <class State>
struct MinimizeOutcome {
  std::vector<State> best;
  double bestEnergy = INFINITY;
  double secondsToBest = 0;
  int64_t roundOfBest = 0;
  int chainOfBest = 0;  // local chain index (add chainBase for the global id)
};

template <class System, class State>
RunStats minimizeRun(System& sys, const RunOptions& o, const MinimizeSpec& spec, MinimizeOutcome<State>& res) {
  const int R = spec.anneal ? 1 : o.replicas;
  std::vector<double> ladder = spec.anneal ? std::vector<double>{o.ladder.back()} : o.ladder;
  Tempering<System> pt(sys, o.chains, R, ladder, o.seed, o.chainBase);
  StopCheck never(0, nullptr);
  StopCheck& stop = stopOf(o, never);
  RunStats st;
  const int64_t n = sys.n();
  const int used = o.chains * R;
  // The lowest lane energy so far (strict: the same rule merges workers' parts, pool/parallel.ts): the first
  // lane at the round's lowest energy, its state copied once (a copy reads n sites: n = 2^24 after a stop).
  auto record = [&](int64_t round) {
    int best = -1;
    for (int lane = 0; lane < used; ++lane)
      if (sys.energy(lane) < (best < 0 ? res.bestEnergy : sys.energy(best))) best = lane;
    if (best < 0) return;
    res.bestEnergy = sys.energy(best);
    res.best.resize(n);
    sys.copyState(best, res.best.data());
    res.secondsToBest = stop.elapsed();
    res.roundOfBest = round;
    res.chainOfBest = best / R;
  };
  // A stop during the System's construction: its lanes are not read and res.best stays empty (the caller
  // answers with an admissible state of its own).
  const bool setUp = !stop.stopped();
  ProgressClock clock;
  int64_t round = 0;
  for (; (spec.maxRounds < 0 || round < spec.maxRounds) && !stop.stopped(); ++round) {
    if (spec.anneal) {
      // Geometric schedule from ladder[0] to the target beta, restarted (re-heated) at the end.
      const double x = double(round % spec.annealRounds) / double(std::max<int64_t>(1, spec.annealRounds - 1));
      const double beta = geometricBetween(o.ladder.front(), o.ladder.back(), x);
      for (int lane = 0; lane < sys.lanes(); ++lane) sys.setBeta(lane, beta);
    }
    pt.explore(round);
    if (stop.stopped()) {  // a sweep cut short: its lanes are valid states, the round ends here
      record(round);
      break;
    }
    pt.communicate(round);
    if (!spec.anneal && o.adapt && isAdaptRound(round)) pt.adapt();
    if (o.refreshEvery > 0 && round % o.refreshEvery == o.refreshEvery - 1) sys.refresh();
    record(round);
    if (spec.afterRound) spec.afterRound(round);
    if (res.bestEnergy <= spec.targetEnergy) break;
    if (stop.poll()) break;
    clock.tick(o.progress, stop, res.bestEnergy, round + 1);
  }
  if (res.best.empty() && setUp) record(0);  // no round ran (maxRounds = 0): the best initial state
  st.stopped = stop.reason();
  fillStats(st, pt, stop, round + (st.stopped == Stopped::Done || !setUp ? 0 : 1));
  return st;
}

struct LogZOutcome {
  double logZ = 0;                // logBase + mean over chains of each chain's stepping-stone estimate
  double stdError = 0;            // across chains (NaN with one chain)
  std::vector<double> chainLogZ;  // per chain: logBase + its estimate (workers' results merge exactly)
};

// The ladder must start at beta = 0. tuneRounds rounds adapt the ladder, then `rounds` rounds estimate.
template <class System>
RunStats logZRun(System& sys, const RunOptions& o, double logBase, int64_t tuneRounds, int64_t rounds,
                 LogZOutcome& res) {
  Tempering<System> pt(sys, o.chains, o.replicas, o.ladder, o.seed, o.chainBase);
  pt.recordEvidence(true);
  StopCheck never(0, nullptr);
  StopCheck& stop = stopOf(o, never);
  RunStats st;
  ProgressClock clock;
  int64_t round = adaptingRounds(pt, o, tuneRounds, stop, clock);
  for (int64_t k = 0; k < rounds && stop.reason() == Stopped::Done; ++k, ++round) {
    pt.explore(round);
    if (stop.stopped()) break;  // a sweep cut short: the round is not recorded
    pt.communicate(round);
    if (o.refreshEvery > 0 && round % o.refreshEvery == 0) sys.refresh();
    stop.poll();
    clock.tick(o.progress, stop, 0.0, round + 1);
  }
  res.chainLogZ.resize(o.chains);
  double mean = 0, sq = 0;
  for (int c = 0; c < o.chains; ++c) {
    res.chainLogZ[c] = logBase + pt.logZRatio(c);
    mean += res.chainLogZ[c];
  }
  mean /= o.chains;
  for (int c = 0; c < o.chains; ++c) sq += (res.chainLogZ[c] - mean) * (res.chainLogZ[c] - mean);
  res.logZ = mean;
  res.stdError = o.chains > 1 ? std::sqrt(sq / (o.chains - 1) / o.chains) : NAN;
  st.stopped = stop.reason();
  fillStats(st, pt, stop, round);
  return st;
}

}  // namespace ebm
