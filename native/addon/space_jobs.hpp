// The jobs every space offers, written once over a Space traits struct (SetSpace in set_jobs.cc, PermSpace in
// perm_jobs.cc): sample, minimize, log Z (PT), exact enumeration. Each is parse (validate + copy) -> execute
// (core only, no JS) -> toJs (convert), run through job_worker.hpp. The probes are in probe_jobs.hpp;
// registerSpaceJobs (below) exports them all.
//
// What a space supplies is the Space traits contract in space.hpp.
#pragma once
#include <cmath>
#include <memory>
#include <string>
#include <vector>
#include "convert.hpp"
#include "core/descent.hpp"
#include "core/ladder.hpp"
#include "core/perm_exact.hpp"
#include "core/runs.hpp"
#include "core/set_exact.hpp"
#include "device_choice.hpp"
#include "job_options.hpp"
#include "job_worker.hpp"
#include "probe_jobs.hpp"
#include "space.hpp"

namespace ebm_addon {

// ---- sample --------------------------------------------------------------------------------------------

template <class Space>
struct SampleJob : SamplingOptions {
  using State = typename Space::State;
  typename Space::Model model;
  SampleOutput<State> out;
  std::vector<State> initial;  // chains * n, or empty: each chain's starting state (all its replicas)
  int64_t produced = 0;
  ebm::RunStats stats;
  std::string precision;

  static std::unique_ptr<SampleJob> parse(const Napi::CallbackInfo& info) {
    Napi::Object o;
    auto job = newSpaceJob<SampleJob, Space>(info, o);
    Napi::Env env = info.Env();
    job->readSampling(env, o, Space::kFacts.defaultThin);
    const int64_t n = job->model.view.n;
    if (double(job->samples) * n > Space::kFacts.maxSampleEntries)
      throwRange(env, "Expected samples * n <= " + std::to_string(int64_t(Space::kFacts.maxSampleEntries)) + " (the samples are returned in memory)");
    job->initial = getArray<State>(o, "initial", Space::kFacts.stateArray, int64_t(job->chains) * n, false);
    if (!job->initial.empty()) Space::checkInitial(env, job->model, job->initial, job->chains);
    job->out.read(env, o, Space::kFacts.stateArray, job->samples * n);
    return job;
  }
  void execute(const ProgressFn& progress) {
    const int64_t n = model.view.n;
    State* rows = out.data(size_t(samples) * n);
    ebm::StopCheck stop = jobStop(common);
    const ebm::RunOptions o = runOptions(common, chains, replicas,
                                         pt ? ebm::geometricLadder(0.0, beta, replicas) : std::vector<double>{beta}, pt,
                                         progressBuffer, progress, &stop);
    Space::withLanes(model.view, laneChoice(common), chains * replicas, common.seed, common.chainBase * uint32_t(replicas), &stop,
                     [&](auto& lanes, const char* p) {
                       precision = p;
                       if (!initial.empty()) {  // persistent chains: every replica of chain c starts from its state
                         for (int lane = 0; lane < chains * replicas && !stop.poll(); ++lane)
                           lanes.setState(lane, &initial[size_t(lane / replicas) * n]);
                         if (!stop.stopped()) lanes.refresh();  // after a stop sampleRun reads no lane
                       }
                       stats = ebm::sampleRun(lanes, o, samples, thin, burnIn, rows, &produced);
                       return 0;
                     });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("samples", out.toJs(env, size_t(produced) * model.view.n));
    r.Set("produced", double(produced));
    if (Space::kFacts.reportsPrecision) r.Set("precision", precision);
    putStats(env, r, stats);
    return r;
  }
};

// ---- minimize ------------------------------------------------------------------------------------------

// PT (or SA, its one-replica case with a beta schedule) over the space's lanes, any search the space runs
// beside it, then the polish: descend() (descent.hpp) from the best state.
template <class Space>
struct MinimizeJob : MinimizeOptions {
  using State = typename Space::State;
  typename Space::Model model;
  std::string method;
  bool anneal = false;
  int chains = 1, replicas = 1;
  ebm::MinimizeOutcome<State> outcome;
  ebm::RunStats stats;
  double energy = 0;
  int64_t searchSteps = 0;
  std::string precision = "float64";

  static std::unique_ptr<MinimizeJob> parse(const Napi::CallbackInfo& info) {
    Napi::Object o;
    auto job = newSpaceJob<MinimizeJob, Space>(info, o);
    Napi::Env env = info.Env();
    const ebm::BetaRange auto_ = Space::betaRange(job->model.view);
    job->readMinimize(env, o, auto_.betaMin, auto_.betaMax);
    job->method = Space::readMethod(o);
    job->anneal = job->method == "sa";
    job->chains = int(getInteger(o, "chains", 1, 1, ebm::kMaxChains));
    job->replicas = int(getInteger(o, "replicas", Space::defaultReplicas(job->anneal), 1, ebm::kMaxReplicas));
    if (job->anneal) {  // annealing: `replicas` independent one-replica chains; chain ids count those
      job->chains *= job->replicas;
      job->common.chainBase *= uint32_t(job->replicas);
      job->replicas = 1;
    }
    return job;
  }
  void execute(const ProgressFn& progress) {
    ebm::StopCheck stop = jobStop(common);
    const ebm::RunOptions o = runOptions(common, chains, replicas,
                                         anneal ? std::vector<double>{betaMin, betaMax} : ebm::geometricLadder(betaMin, betaMax, replicas),
                                         adapt, progressBuffer, progress, &stop);
    ebm::MinimizeSpec spec;
    spec.maxRounds = maxRounds;
    spec.targetEnergy = target;
    spec.anneal = anneal;
    spec.annealRounds = annealRounds;
    const bool searchOnly = Space::searchOnly(method);
    if (searchOnly) {
      stats = Space::searchAlone(model.view, o, spec, outcome, &searchSteps);
    } else {
      Space::withLanes(model.view, laneChoice(common), chains * replicas, common.seed, common.chainBase * uint32_t(replicas), &stop,
                       [&](auto& lanes, const char* p) {
                         precision = p;
                         stats = Space::minimize(method, model.view, lanes, o, spec, outcome, &searchSteps);
                         return 0;
                       });
    }
    if (outcome.best.empty()) {  // stopped while the lanes were being set up: the space's plainest admissible
      outcome.best.resize(size_t(model.view.n));  // state, unpolished (the job is over)
      ebm::admissibleState(model.view, outcome.best.data());
      energy = outcome.bestEnergy = ebm::energyOf(model.view, outcome.best.data());
      stats.stopped = stop.reason();
      return;
    }
    // After a stop the polish gets ebm::kPolishGraceSec of its own, then settles; after a full run it answers
    // to the job's stop (and a stop there is reported). A search-only answer (tabu) is returned as its walk
    // found it: the walk's next step takes any improving swap.
    ebm::StopCheck grace(ebm::kPolishGraceSec, nullptr);
    const bool runStopped = stop.stopped();
    // Narrow lanes (int8, int16, float32) run integer models only, whose lane energies are exact (descent.hpp).
    const double known = Space::kFacts.reportsPrecision && precision != "float64" ? outcome.bestEnergy : NAN;
    energy = polish && !searchOnly ? ebm::descend(model.view, outcome.best.data(), runStopped ? &grace : &stop, known)
                                   : ebm::energyOf(model.view, outcome.best.data());
    if (!runStopped && stop.stopped()) stats.stopped = stop.reason();
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("state", adoptTyped<State>(env, std::move(outcome.best)));
    r.Set("energy", energy);
    r.Set("secondsToBest", outcome.secondsToBest);
    r.Set("chainOfBest", double(common.chainBase + uint32_t(outcome.chainOfBest)));
    r.Set("roundOfBest", double(outcome.roundOfBest));
    r.Set("samplerEnergy", outcome.bestEnergy);  // before the descent; workers' parts merge on it
    if (Space::kFacts.reportsPrecision) r.Set("precision", precision);
    if (Space::kFacts.hasSearch) r.Set("tabuIterations", double(searchSteps));
    putStats(env, r, stats);
    return r;
  }
};

// ---- log Z ---------------------------------------------------------------------------------------------

template <class Space>
struct LogZJob : LogZOptions {
  typename Space::Model model;
  ebm::LogZOutcome outcome;
  ebm::RunStats stats;

  static std::unique_ptr<LogZJob> parse(const Napi::CallbackInfo& info) {
    Napi::Object o;
    auto job = newSpaceJob<LogZJob, Space>(info, o);
    Napi::Env env = info.Env();
    job->readLogZ(env, o);
    return job;
  }
  void execute(const ProgressFn& progress) {
    ebm::StopCheck stop = jobStop(common);
    const ebm::RunOptions o =
        runOptions(common, chains, replicas, ebm::geometricLadder(0.0, beta, replicas), true, progressBuffer, progress, &stop);
    // float64 lanes always: the stepping-stone sums need energies at every beta, not only exact integer ones.
    Space::withLanes(model.view, laneChoice(common, false), chains * replicas, common.seed, common.chainBase * uint32_t(replicas), &stop, [&](auto& lanes, const char*) {
      stats = ebm::logZRun(lanes, o, Space::logAdmissible(model.view), tuneRounds, rounds, outcome);
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    putLogZ(env, r, outcome, stats);
    return r;
  }
};

// Polls the job's stop; a stopped enumeration has no answer and rejects (stoppedError, job_options.hpp).
template <class Space>
struct ExactJob {
  StopOptions stop;
  ebm::Stopped stopped = ebm::Stopped::Done;
  typename Space::Model model;
  double beta = 1;
  bool probabilities = false;
  typename Space::ExactResult result;

  static std::unique_ptr<ExactJob> parse(const Napi::CallbackInfo& info) {
    Napi::Object o;
    auto job = newSpaceJob<ExactJob, Space>(info, o);
    Napi::Env env = info.Env();
    job->beta = getNumber(o, "beta", 1);
    if (!std::isfinite(job->beta)) throwRange(env, "Expected finite number for beta");
    job->probabilities = getBool(o, "probabilities", false);
    readStop(env, o, job->stop);
    Space::checkExact(env, job->model, job->probabilities);
    return job;
  }
  void execute(const ProgressFn&) {
    ebm::StopCheck check = jobStop(stop);
    result = ebm::enumerateExact(model.view, beta, probabilities, &check);
    stopped = check.reason();
  }
  Napi::Value toJs(Napi::Env env) {
    if (stopped != ebm::Stopped::Done) throw stoppedError(env, stopped, "exact enumeration");
    Napi::Object r = Napi::Object::New(env);
    putExact<typename Space::State>(env, r, result, probabilities);
    return r;
  }
};

// ---- registration --------------------------------------------------------------------------------------

// Registers the space's jobs: async + Sync for sample, minimize, log Z, exact; Sync only for the probes.
template <class Space>
void registerSpaceJobs(Napi::Env env, Napi::Object exports) {
  const std::string p = Space::kFacts.prefix;
  exports.Set(p + "Sample", Napi::Function::New(env, runAsync<SampleJob<Space>>));
  exports.Set(p + "SampleSync", Napi::Function::New(env, runSync<SampleJob<Space>>));
  exports.Set(p + "Minimize", Napi::Function::New(env, runAsync<MinimizeJob<Space>>));
  exports.Set(p + "MinimizeSync", Napi::Function::New(env, runSync<MinimizeJob<Space>>));
  exports.Set(p + "LogZ", Napi::Function::New(env, runAsync<LogZJob<Space>>));
  exports.Set(p + "LogZSync", Napi::Function::New(env, runSync<LogZJob<Space>>));
  exports.Set(p + "Exact", Napi::Function::New(env, runAsync<ExactJob<Space>>));
  exports.Set(p + "ExactSync", Napi::Function::New(env, runSync<ExactJob<Space>>));
  exports.Set(p + "CacheCheckSync", Napi::Function::New(env, runSync<CacheCheckJob<Space>>));
  exports.Set(p + "ThroughputSync", Napi::Function::New(env, runSync<ThroughputJob<Space>>));
}

}  // namespace ebm_addon
