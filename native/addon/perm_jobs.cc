// Permutation-model jobs: sample, minimize (QAP and friends), log Z (PT and exact), linear assignment, and the
// cache/throughput probes used by tests and benchmarks. Each is parse (validate + copy) -> execute (core
// only) -> toJs (convert), run through job_worker.hpp like the set jobs.
#include <cmath>
#include <memory>
#include <string>
#include "convert.hpp"
#include "core/hungarian_reference.hpp"
#include "core/lap.hpp"
#include "core/perm_exact.hpp"
#include "core/perm_ladder.hpp"
#include "core/perm_lanes.hpp"
#include "core/perm_minimize.hpp"
#include "core/perm_search.hpp"
#include "core/runs.hpp"
#include "job_options.hpp"
#include "job_worker.hpp"
#include "perm_jobs.hpp"

namespace ebm_addon {
namespace {

using ebm::PermLanes;

// n x n doubles must stay addressable and reasonably sized: 46340^2 < 2^31.
constexpr int64_t kMaxPermItems = 46340;

// A permutation model with its own storage (the JS arrays may be collected while a job runs).
struct OwnedPermModel {
  std::vector<double> linear, flow, distance;
  std::vector<int32_t> clamp;
  ebm::PermModel view;
  int32_t freeCount = 0;
};

void readPermModel(Napi::Env env, const Napi::Value& value, OwnedPermModel& m) {
  const Napi::Object o = requireObject(env, value, "model");
  const int64_t n = getInteger(o, "n", -1, 1, kMaxPermItems);
  m.linear = getArray<double>(o, "linear", napi_float64_array, n * n, false);
  requireFinite(env, m.linear, "linear");
  const bool hasFlow = !o.Get("flow").IsUndefined(), hasDistance = !o.Get("distance").IsUndefined();
  if (hasFlow != hasDistance) throwRange(env, "Expected both flow and distance (QAP) or neither");
  if (hasFlow) {
    m.flow = getArray<double>(o, "flow", napi_float64_array, n * n);
    requireFinite(env, m.flow, "flow");
    m.distance = getArray<double>(o, "distance", napi_float64_array, n * n);
    requireFinite(env, m.distance, "distance");
  }
  m.clamp = getArray<int32_t>(o, "clamp", napi_int32_array, n, false);
  std::vector<int32_t> owner(n, -1);
  m.freeCount = int32_t(n);
  for (size_t i = 0; i < m.clamp.size(); ++i) {
    const int32_t slot = m.clamp[i];
    if (slot < -1 || slot >= n)
      throwRange(env, "Expected -1 (free) or a slot in [0, " + std::to_string(n - 1) + "] for clamp[" + std::to_string(i) + "]");
    if (slot < 0) continue;
    if (owner[slot] >= 0)
      throwRange(env, "Expected distinct slots in clamp but clamp[" + std::to_string(owner[slot]) + "] and clamp[" +
                          std::to_string(i) + "] are both " + std::to_string(slot));
    owner[slot] = int32_t(i);
    --m.freeCount;
  }
  m.view = ebm::PermModel{};
  m.view.n = int32_t(n);
  m.view.linear = m.linear.empty() ? nullptr : m.linear.data();
  m.view.flow = m.flow.empty() ? nullptr : m.flow.data();
  m.view.distance = m.distance.empty() ? nullptr : m.distance.data();
  m.view.clamp = m.clamp.empty() ? nullptr : m.clamp.data();
}

// ---- sample --------------------------------------------------------------------------------------------

struct SampleJob : SamplingOptions {
  OwnedPermModel model;
  SampleOutput<int32_t> out;
  std::vector<int32_t> initial;  // chains * n (sigma, item -> slot), or empty: each chain's starting state
  int64_t produced = 0;
  ebm::RunStats stats;

  static std::unique_ptr<SampleJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<SampleJob>();
    Napi::Env env = info.Env();
    readPermModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    job->readSampling(env, o, 2);
    if (double(job->samples) * job->model.view.n > 1e9)
      throwRange(env, "Expected samples * n <= 1e9 (the samples are returned in memory as Int32Array)");
    const int64_t n = job->model.view.n;
    job->initial = getArray<int32_t>(o, "initial", napi_int32_array, int64_t(job->chains) * n, false);
    std::vector<int32_t> seen(n);
    for (int c = 0; c < (job->initial.empty() ? 0 : job->chains); ++c) {
      const int32_t* sigma = &job->initial[size_t(c) * n];
      std::fill(seen.begin(), seen.end(), 0);
      for (int64_t i = 0; i < n; ++i) {
        const std::string at = "initial[" + std::to_string(c * n + i) + "] (chain " + std::to_string(c) + ")";
        if (sigma[i] < 0 || sigma[i] >= n) throwRange(env, "Expected a slot in [0, " + std::to_string(n - 1) + "] for " + at);
        if (seen[sigma[i]]++) throwRange(env, "Expected a permutation in the initial state of chain " + std::to_string(c) + " but slot " + std::to_string(sigma[i]) + " repeats");
        if (job->model.view.clamp && job->model.view.clamp[i] >= 0 && sigma[i] != job->model.view.clamp[i])
          throwRange(env, "Expected the clamped slot for " + at);
      }
    }
    job->out.read(env, o, napi_int32_array, job->samples * job->model.view.n);
    return job;
  }
  void execute(const ProgressFn& progress) {
    int32_t* rows = out.data(size_t(samples) * model.view.n);
    const ebm::RunOptions o = runOptions(common, chains, replicas,
                                         pt ? ebm::geometricLadder(0.0, beta, replicas) : std::vector<double>{beta}, pt,
                                         progressBuffer, progress);
    PermLanes lanes(model.view, chains * replicas, common.seed, common.chainBase * uint32_t(replicas));
    // Persistent chains: every replica of chain c starts from its given state.
    if (!initial.empty())
      for (int lane = 0; lane < chains * replicas; ++lane) lanes.setState(lane, &initial[size_t(lane / replicas) * model.view.n]);
    stats = ebm::sampleRun(lanes, o, samples, thin, burnIn, rows, &produced);
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("samples", out.toJs(env, size_t(produced) * model.view.n));
    r.Set("produced", double(produced));
    putStats(env, r, stats);
    return r;
  }
};

// ---- minimize ------------------------------------------------------------------------------------------

struct MinimizeJob : MinimizeOptions {
  OwnedPermModel model;
  ebm::PermMinimizeOptions options;
  ebm::PermMinimizeOutcome outcome;

  static std::unique_ptr<MinimizeJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<MinimizeJob>();
    Napi::Env env = info.Env();
    readPermModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    const ebm::QapData qap(job->model.view);
    const ebm::BetaRange auto_ = ebm::autoPermBetaRange(job->model.view, qap.view);
    job->readMinimize(env, o, auto_.betaMin, auto_.betaMax);
    ebm::PermMinimizeOptions& p = job->options;
    const std::string method = getChoice(o, "method", "hybrid", {"hybrid", "pt", "sa", "tabu"});
    p.method = method == "pt" ? ebm::PermMethod::PT
               : method == "sa" ? ebm::PermMethod::SA
               : method == "tabu" ? ebm::PermMethod::Tabu
                                  : ebm::PermMethod::Hybrid;
    p.chains = int(getInteger(o, "chains", 1, 1, 1 << 16));
    p.replicas = int(getInteger(o, "replicas", 16, 1, 1024));
    p.betaMin = job->betaMin;
    p.betaMax = job->betaMax;
    p.maxRounds = job->maxRounds;
    p.annealRounds = job->annealRounds;
    p.targetEnergy = job->target;
    p.polish = job->polish;
    p.adapt = job->adapt;
    p.seed = job->common.seed;
    p.timeLimitSec = job->common.timeLimit;
    p.cancel = job->common.cancel;
    p.chainBase = job->common.chainBase;
    return job;
  }
  void execute(const ProgressFn& progress) {
    options.progress = progressSink(progressBuffer, progress);
    outcome = ebm::permMinimize(model.view, options);
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("state", toTyped<int32_t>(env, outcome.best));
    r.Set("energy", outcome.energy);
    r.Set("secondsToBest", outcome.secondsToBest);
    r.Set("samplerEnergy", outcome.samplerEnergy);
    r.Set("roundOfBest", double(outcome.roundOfBest));
    r.Set("chainOfBest", double(outcome.chainOfBest));
    r.Set("tabuIterations", double(outcome.tabuIterations));
    putStats(env, r, outcome.stats);
    return r;
  }
};

// ---- log Z ---------------------------------------------------------------------------------------------

struct LogZJob : LogZOptions {
  OwnedPermModel model;
  ebm::LogZOutcome outcome;
  ebm::RunStats stats;

  static std::unique_ptr<LogZJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<LogZJob>();
    Napi::Env env = info.Env();
    readPermModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    job->readLogZ(env, o);
    return job;
  }
  void execute(const ProgressFn& progress) {
    const ebm::RunOptions o =
        runOptions(common, chains, replicas, ebm::geometricLadder(0.0, beta, replicas), true, progressBuffer, progress);
    PermLanes lanes(model.view, chains * replicas, common.seed, common.chainBase * uint32_t(replicas));
    stats = ebm::logZRun(lanes, o, ebm::logAdmissiblePerms(model.view), tuneRounds, rounds, outcome);
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    putLogZ(env, r, outcome, stats);
    return r;
  }
};

struct ExactJob {
  OwnedPermModel model;
  double beta = 1;
  bool probabilities = false;
  ebm::PermExactResult result;

  static std::unique_ptr<ExactJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<ExactJob>();
    Napi::Env env = info.Env();
    readPermModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    job->beta = getNumber(o, "beta", 1);
    if (!std::isfinite(job->beta)) throwRange(env, "Expected finite number for beta");
    job->probabilities = getBool(o, "probabilities", false);
    if (job->model.freeCount > ebm::kMaxExactPermItems)
      throwRange(env, "Expected at most " + std::to_string(ebm::kMaxExactPermItems) +
                          " free items for exact enumeration but received " + std::to_string(job->model.freeCount));
    if (job->probabilities && job->model.view.n > ebm::kMaxExactPermItems)
      throwRange(env, "Expected n <= " + std::to_string(ebm::kMaxExactPermItems) + " for the full distribution (probabilities)");
    return job;
  }
  void execute(const ProgressFn&) { result = ebm::enumeratePerm(model.view, beta, probabilities); }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    putExact<int32_t>(env, r, result, probabilities);
    return r;
  }
};

// ---- linear assignment ---------------------------------------------------------------------------------

// lapSolve({ n, cost: Float64Array(n*n) }, { method: 'jv' | 'hungarian' }): 'hungarian' is the independent
// O(n^3) reference (tests and benchmarks).
struct LapJob {
  std::vector<double> cost;
  int32_t n = 0;
  bool reference = false;
  ebm::LapResult result;
  double seconds = 0;

  static std::unique_ptr<LapJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<LapJob>();
    Napi::Env env = info.Env();
    const Napi::Object m = requireObject(env, info[0], "problem");
    job->n = int32_t(getInteger(m, "n", -1, 0, kMaxPermItems));
    job->cost = getArray<double>(m, "cost", napi_float64_array, int64_t(job->n) * job->n);
    requireFinite(env, job->cost, "cost");
    const Napi::Value ov = info[1];
    if (!ov.IsUndefined()) {
      const Napi::Object o = requireObject(env, ov, "options");
      job->reference = getChoice(o, "method", "jv", {"jv", "hungarian"}) == "hungarian";
    }
    return job;
  }
  void execute(const ProgressFn&) {
    ebm::StopCheck clock(0, nullptr);
    if (reference) {
      result.rowToCol.assign(n, 0);
      ebm::hungarianReference(cost.data(), n, result.rowToCol.data());
      result.cost = ebm::lapCost(cost.data(), n, result.rowToCol.data());
    } else {
      result = ebm::solveLap(cost.data(), n);
    }
    seconds = clock.elapsed();
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("cost", result.cost);
    r.Set("assignment", toTyped<int32_t>(env, result.rowToCol));
    r.Set("seconds", seconds);
    return r;
  }
};

// ---- probes for tests and benchmarks -------------------------------------------------------------------

// Runs `sweeps` sweeps in `lanes` lanes without refreshing, then reports the largest energy-cache error; with
// tabuIterations > 0 also runs robust tabu search that long and reports its delta-matrix error.
struct CacheCheckJob {
  OwnedPermModel model;
  CommonOptions common;
  int lanes = 8;
  int64_t sweeps = 100, tabuIterations = 0;
  double beta = 1, maxError = 0, tabuError = 0;
  static std::unique_ptr<CacheCheckJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<CacheCheckJob>();
    Napi::Env env = info.Env();
    readPermModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    readCommon(env, o, job->common);
    job->lanes = int(getInteger(o, "lanes", 8, 1, 4096));
    job->sweeps = getInteger(o, "sweeps", 100, 0, int64_t(1) << 40);
    job->tabuIterations = getInteger(o, "tabuIterations", 0, 0, int64_t(1) << 40);
    job->beta = getBeta(env, o);
    return job;
  }
  void execute(const ProgressFn&) {
    PermLanes l(model.view, lanes, common.seed);
    for (int lane = 0; lane < l.lanes(); ++lane) l.setBeta(lane, beta);
    for (int64_t s = 0; s < sweeps; ++s) l.sweep(s);
    maxError = l.maxCacheError();
    if (tabuIterations > 0) {
      ebm::RobustTabu tabu(model.view, l.qap(), common.seed, 0);
      tabu.reset(l.sigma(0));
      tabu.run(tabuIterations, nullptr);
      tabuError = tabu.maxCacheError();
    }
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("maxError", maxError);
    r.Set("tabuError", tabuError);
    return r;
  }
};

// Times `sweeps` sweeps of all lanes at beta: swap attempts and seconds.
struct ThroughputJob {
  OwnedPermModel model;
  CommonOptions common;
  int lanes = 16;
  int64_t sweeps = 100;
  double beta = 1, seconds = 0, attempts = 0;
  static std::unique_ptr<ThroughputJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<ThroughputJob>();
    Napi::Env env = info.Env();
    readPermModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    readCommon(env, o, job->common);
    job->lanes = int(getInteger(o, "lanes", 16, 1, 4096));
    job->sweeps = getInteger(o, "sweeps", 100, 1, int64_t(1) << 40);
    job->beta = getBeta(env, o);
    return job;
  }
  void execute(const ProgressFn&) {
    PermLanes l(model.view, lanes, common.seed);
    for (int lane = 0; lane < l.lanes(); ++lane) l.setBeta(lane, beta);
    ebm::StopCheck t(0, nullptr);
    for (int64_t s = 0; s < sweeps; ++s) l.sweep(s);
    seconds = t.elapsed();
    attempts = double(sweeps) * model.freeCount * l.lanes();
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("seconds", seconds);
    r.Set("attempts", attempts);
    return r;
  }
};

}  // namespace

void registerPermJobs(Napi::Env env, Napi::Object exports) {
  exports.Set("permSample", Napi::Function::New(env, runAsync<SampleJob>));
  exports.Set("permSampleSync", Napi::Function::New(env, runSync<SampleJob>));
  exports.Set("permMinimize", Napi::Function::New(env, runAsync<MinimizeJob>));
  exports.Set("permMinimizeSync", Napi::Function::New(env, runSync<MinimizeJob>));
  exports.Set("permLogZ", Napi::Function::New(env, runAsync<LogZJob>));
  exports.Set("permLogZSync", Napi::Function::New(env, runSync<LogZJob>));
  exports.Set("permExact", Napi::Function::New(env, runAsync<ExactJob>));
  exports.Set("permExactSync", Napi::Function::New(env, runSync<ExactJob>));
  exports.Set("lapSolve", Napi::Function::New(env, runAsync<LapJob>));
  exports.Set("lapSolveSync", Napi::Function::New(env, runSync<LapJob>));
  exports.Set("permCacheCheckSync", Napi::Function::New(env, runSync<CacheCheckJob>));
  exports.Set("permThroughputSync", Napi::Function::New(env, runSync<ThroughputJob>));
}

}  // namespace ebm_addon
