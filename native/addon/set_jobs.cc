// Set-model jobs: sample, minimize, log Z (PT and exact), and the cache/throughput probes used by tests and
// benchmarks. Each is parse (validate + copy) -> execute (core only) -> toJs (convert).
#include <cmath>
#include <memory>
#include <string>
#include "convert.hpp"
#include "core/reference.hpp"
#include "core/runs.hpp"
#include "core/set_descent.hpp"
#include "core/set_exact.hpp"
#include "core/set_ladder.hpp"
#include "core/set_lanes.hpp"
#include "job_options.hpp"
#include "job_worker.hpp"
#include "set_jobs.hpp"

namespace ebm_addon {
namespace {

using ebm::SetLanes;

// Dense models with at least this many items run lane-major. Measured on random dense models at beta = 1
// (32 lanes): interleaved is faster up to n = 128 (0.236 vs 0.227 attempts/ns), lane-major from n = 256
// (0.262 vs 0.239) and more so beyond (n = 2000 QUBO: 1.8x).
constexpr int32_t kLaneMajorMinItems = 192;

template <class Real, class F>
auto withLayout(const ebm::SetModel& m, int lanes, uint64_t seed, uint32_t laneBase, const char* precision, F&& f) {
  // Large dense couplings run lane-major (see LaneLayout); small ones stay interleaved, where one vector update
  // of all lanes costs less than gathering and updating lanes one by one. Both layouts give identical results.
  if (m.dense && m.n >= kLaneMajorMinItems) {
    SetLanes<Real, ebm::LaneLayout::LaneMajor> s(m, lanes, seed, laneBase);
    return f(s, precision);
  }
  SetLanes<Real> s(m, lanes, seed, laneBase);
  return f(s, precision);
}

// Runs f(lanes, precision) with the narrowest exact lane type: int16 or float32 lanes for integer models whose
// fields fit (see integerFieldBound), float64 otherwise or when the caller asks for it.
template <class F>
auto withLanes(const ebm::SetModel& m, bool allowNarrow, int lanes, uint64_t seed, uint32_t laneBase, F&& f) {
  const double bound = allowNarrow ? ebm::integerFieldBound(m) : INFINITY;
  if (bound < 32767.0) return withLayout<int16_t>(m, lanes, seed, laneBase, "int16", f);
  if (bound < 16777216.0) return withLayout<float>(m, lanes, seed, laneBase, "float32", f);
  return withLayout<double>(m, lanes, seed, laneBase, "float64", f);
}

double logAdmissible(const ebm::SetModel& m) {
  int64_t nFree = 0, ones = 0;
  for (int32_t i = 0; i < m.n; ++i) {
    if (m.clamp && m.clamp[i] >= 0)
      ones += m.clamp[i];
    else
      ++nFree;
  }
  if (m.cardinality < 0) return double(nFree) * std::log(2.0);
  const double k = double(m.cardinality - ones);
  return std::lgamma(double(nFree) + 1) - std::lgamma(k + 1) - std::lgamma(double(nFree) - k + 1);
}

// ---- sample --------------------------------------------------------------------------------------------

struct SampleJob : SamplingOptions {
  OwnedSetModel model;
  SampleOutput<uint8_t> out;
  std::vector<uint8_t> initial;  // chains * n, or empty: each chain's starting state (all its replicas)
  int64_t produced = 0;
  ebm::RunStats stats;
  std::string precision;

  static std::unique_ptr<SampleJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<SampleJob>();
    Napi::Env env = info.Env();
    readSetModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    job->readSampling(env, o, 1);
    const double bytes = double(job->samples) * job->model.view.n;
    if (bytes > 4e9) throwRange(env, "Expected samples * n <= 4e9 (the samples are returned in memory)");
    const int64_t n = job->model.view.n;
    job->initial = getArray<uint8_t>(o, "initial", napi_uint8_array, int64_t(job->chains) * n, false);
    for (int c = 0; c < (job->initial.empty() ? 0 : job->chains); ++c) {
      const uint8_t* y = &job->initial[size_t(c) * n];
      int64_t ones = 0;
      for (int64_t i = 0; i < n; ++i) {
        if (y[i] > 1) throwRange(env, "Expected 0 or 1 for initial[" + std::to_string(c * n + i) + "]");
        if (job->model.view.clamp && job->model.view.clamp[i] >= 0 && y[i] != job->model.view.clamp[i])
          throwRange(env, "Expected the clamped value for initial[" + std::to_string(c * n + i) + "] (chain " + std::to_string(c) + ")");
        ones += y[i];
      }
      if (job->model.view.cardinality >= 0 && ones != job->model.view.cardinality)
        throwRange(env, "Expected " + std::to_string(job->model.view.cardinality) + " ones in the initial state of chain " + std::to_string(c));
    }
    job->out.read(env, o, napi_uint8_array, job->samples * job->model.view.n);
    return job;
  }
  void execute(const ProgressFn& progress) {
    uint8_t* rows = out.data(size_t(samples) * model.view.n);
    const ebm::RunOptions o = runOptions(common, chains, replicas,
                                         pt ? ebm::geometricLadder(0.0, beta, replicas) : std::vector<double>{beta}, pt,
                                         progressBuffer, progress);
    withLanes(model.view, common.allowFloat, chains * replicas, common.seed, common.chainBase * replicas, [&](auto& lanes, const char* p) {
      precision = p;
      if (!initial.empty()) {
        for (int lane = 0; lane < chains * replicas; ++lane) lanes.setState(lane, &initial[size_t(lane / replicas) * model.view.n]);
        lanes.refresh();
      }
      stats = ebm::sampleRun(lanes, o, samples, thin, burnIn, rows, &produced);
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("samples", out.toJs(env, size_t(produced) * model.view.n));
    r.Set("produced", double(produced));
    r.Set("precision", precision);
    putStats(env, r, stats);
    return r;
  }
};

// ---- minimize ------------------------------------------------------------------------------------------

struct MinimizeJob : MinimizeOptions {
  OwnedSetModel model;
  bool anneal = false;
  int chains = 1, replicas = 32;
  ebm::MinimizeOutcome<uint8_t> outcome;
  ebm::RunStats stats;
  double energy = 0;
  std::string precision;

  static std::unique_ptr<MinimizeJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<MinimizeJob>();
    Napi::Env env = info.Env();
    readSetModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    const ebm::BetaRange auto_ = ebm::autoBetaRange(job->model.view);
    job->readMinimize(env, o, auto_.betaMin, auto_.betaMax);
    job->anneal = getChoice(o, "method", "pt", {"pt", "sa"}) == "sa";
    job->chains = int(getInteger(o, "chains", 1, 1, 1 << 16));
    job->replicas = int(getInteger(o, "replicas", job->anneal ? 16 : 32, 1, 1024));
    if (job->anneal) {  // annealing: `replicas` independent one-replica chains; chain ids count those
      job->chains *= job->replicas;
      job->common.chainBase *= uint32_t(job->replicas);
      job->replicas = 1;
    }
    return job;
  }
  void execute(const ProgressFn& progress) {
    const ebm::RunOptions o = runOptions(common, chains, replicas,
                                         anneal ? std::vector<double>{betaMin, betaMax} : ebm::geometricLadder(betaMin, betaMax, replicas),
                                         adapt, progressBuffer, progress);
    ebm::MinimizeSpec spec;
    spec.maxRounds = maxRounds;
    spec.targetEnergy = target;
    spec.anneal = anneal;
    spec.annealRounds = annealRounds;
    withLanes(model.view, common.allowFloat, chains * replicas, common.seed, common.chainBase * replicas, [&](auto& lanes, const char* p) {
      precision = p;
      stats = ebm::minimizeRun(lanes, o, spec, outcome);
      return 0;
    });
    ebm::withCoupling(model.view, [&](const auto& c) {
      energy = polish ? ebm::greedyDescent(model.view, c, outcome.best.data())
                      : ebm::setEnergy(model.view, c, outcome.best.data(), 1);
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("state", toTyped<uint8_t>(env, outcome.best));
    r.Set("energy", energy);
    r.Set("secondsToBest", outcome.secondsToBest);
    r.Set("chainOfBest", double(common.chainBase + uint32_t(outcome.chainOfBest)));
    r.Set("roundOfBest", double(outcome.roundOfBest));
    r.Set("samplerEnergy", outcome.bestEnergy);  // before the greedy descent; workers' parts merge on it
    r.Set("precision", precision);
    putStats(env, r, stats);
    return r;
  }
};

// ---- log Z ---------------------------------------------------------------------------------------------

struct LogZJob : LogZOptions {
  OwnedSetModel model;
  ebm::LogZOutcome outcome;
  ebm::RunStats stats;

  static std::unique_ptr<LogZJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<LogZJob>();
    Napi::Env env = info.Env();
    readSetModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    job->readLogZ(env, o);
    return job;
  }
  void execute(const ProgressFn& progress) {
    const ebm::RunOptions o =
        runOptions(common, chains, replicas, ebm::geometricLadder(0.0, beta, replicas), true, progressBuffer, progress);
    withLayout<double>(model.view, chains * replicas, common.seed, common.chainBase * replicas, "float64", [&](auto& lanes, const char*) {
      stats = ebm::logZRun(lanes, o, logAdmissible(model.view), tuneRounds, rounds, outcome);
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    putLogZ(env, r, outcome, stats);
    return r;
  }
};

struct ExactJob {
  OwnedSetModel model;
  double beta = 1;
  bool probabilities = false;
  ebm::SetExactResult result;

  static std::unique_ptr<ExactJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<ExactJob>();
    Napi::Env env = info.Env();
    readSetModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    job->beta = getNumber(o, "beta", 1);
    if (!std::isfinite(job->beta)) throwRange(env, "Expected finite number for beta");
    job->probabilities = getBool(o, "probabilities", false);
    int nFree = 0;
    for (int32_t i = 0; i < job->model.view.n; ++i)
      if (!(job->model.view.clamp && job->model.view.clamp[i] >= 0)) ++nFree;
    if (nFree > 24) throwRange(env, "Expected at most 24 free items for exact enumeration but received " + std::to_string(nFree));
    if (job->probabilities && job->model.view.n > 20)
      throwRange(env, "Expected n <= 20 for the full distribution (probabilities)");
    return job;
  }
  void execute(const ProgressFn&) { result = ebm::enumerateSet(model.view, beta, probabilities); }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    putExact<uint8_t>(env, r, result, probabilities);
    return r;
  }
};

// ---- probes for tests and benchmarks -------------------------------------------------------------------

// Runs `sweeps` sweeps in `lanes` lanes without refreshing, then reports the largest cache error.
struct CacheCheckJob {
  OwnedSetModel model;
  CommonOptions common;
  int lanes = 8;
  int64_t sweeps = 100;
  double beta = 1, maxError = 0;
  std::string precision;
  static std::unique_ptr<CacheCheckJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<CacheCheckJob>();
    Napi::Env env = info.Env();
    readSetModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    readCommon(env, o, job->common);
    job->lanes = int(getInteger(o, "lanes", 8, 1, 4096));
    job->sweeps = getInteger(o, "sweeps", 100, 0, int64_t(1) << 40);
    job->beta = getNumber(o, "beta", 1);
    return job;
  }
  void execute(const ProgressFn&) {
    withLanes(model.view, common.allowFloat, lanes, common.seed, common.chainBase, [&](auto& l, const char* p) {
      precision = p;
      for (int lane = 0; lane < l.lanes(); ++lane) l.setBeta(lane, beta);
      for (int64_t s = 0; s < sweeps; ++s) l.sweep(s);
      maxError = l.maxCacheError();
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("maxError", maxError);
    r.Set("precision", precision);
    return r;
  }
};

// Times `sweeps` sweeps of the lane sampler (all lanes at beta) or of the scalar reference sweep.
struct ThroughputJob {
  OwnedSetModel model;
  CommonOptions common;
  int lanes = 16;
  int64_t sweeps = 100;
  double beta = 1, seconds = 0, attempts = 0;
  bool reference = false;
  std::string precision;
  static std::unique_ptr<ThroughputJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<ThroughputJob>();
    Napi::Env env = info.Env();
    readSetModel(env, info[0], job->model);
    const Napi::Object o = requireObject(env, info[1], "options");
    readCommon(env, o, job->common);
    job->lanes = int(getInteger(o, "lanes", 16, 1, 4096));
    job->sweeps = getInteger(o, "sweeps", 100, 1, int64_t(1) << 40);
    job->beta = getNumber(o, "beta", 1);
    job->reference = getBool(o, "reference", false);
    if (job->model.view.cardinality >= 0) throwRange(job->model.view.n ? env : env, "Expected no cardinality for the throughput probe");
    return job;
  }
  void execute(const ProgressFn&) {
    ebm::StopCheck clock(0, nullptr);
    if (reference) {
      precision = "float64";
      std::vector<uint8_t> y(model.view.n, 0);
      ebm::withCoupling(model.view, [&](const auto& c) { return ebm::referenceGibbs(model.view, c, y.data(), beta, sweeps, common.seed); });
      seconds = clock.elapsed();
      attempts = double(sweeps) * model.view.n;
      return;
    }
    withLanes(model.view, common.allowFloat, lanes, common.seed, common.chainBase, [&](auto& l, const char* p) {
      precision = p;
      for (int lane = 0; lane < l.lanes(); ++lane) l.setBeta(lane, beta);
      ebm::StopCheck t(0, nullptr);
      for (int64_t s = 0; s < sweeps; ++s) l.sweep(s);
      seconds = t.elapsed();
      attempts = double(sweeps) * model.view.n * l.lanes();
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("seconds", seconds);
    r.Set("attempts", attempts);
    r.Set("precision", precision);
    return r;
  }
};

}  // namespace

void registerSetJobs(Napi::Env env, Napi::Object exports) {
  exports.Set("setSample", Napi::Function::New(env, runAsync<SampleJob>));
  exports.Set("setSampleSync", Napi::Function::New(env, runSync<SampleJob>));
  exports.Set("setMinimize", Napi::Function::New(env, runAsync<MinimizeJob>));
  exports.Set("setMinimizeSync", Napi::Function::New(env, runSync<MinimizeJob>));
  exports.Set("setLogZ", Napi::Function::New(env, runAsync<LogZJob>));
  exports.Set("setLogZSync", Napi::Function::New(env, runSync<LogZJob>));
  exports.Set("setExact", Napi::Function::New(env, runAsync<ExactJob>));
  exports.Set("setExactSync", Napi::Function::New(env, runSync<ExactJob>));
  exports.Set("setCacheCheckSync", Napi::Function::New(env, runSync<CacheCheckJob>));
  exports.Set("setThroughputSync", Napi::Function::New(env, runSync<ThroughputJob>));
}

}  // namespace ebm_addon
