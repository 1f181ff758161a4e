// Probes for tests and benchmarks, written once over a Space (see space_jobs.hpp): the cache check (sweeps
// without refreshing, then the largest cache error) and the throughput probe (timed sweeps); space.hpp says
// what a space supplies for them.
#pragma once
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include "convert.hpp"
#include "core/stop.hpp"
#include "device_choice.hpp"
#include "job_options.hpp"
#include "job_worker.hpp"
#include "space.hpp"

namespace ebm_addon {

// What both probes read: the shared options, lanes, sweeps, beta.
struct ProbeOptions {
  CommonOptions common;
  int lanes = 8;
  int64_t sweeps = 100;
  double beta = 1;
  void readProbe(Napi::Env env, const Napi::Object& o, int defaultLanes, int64_t minSweeps) {
    readCommon(env, o, common);
    // Up to 4096 lanes on the CPU; a device probe (bench/gpu.ts) needs tens of thousands to fill a GPU.
    lanes = int(getInteger(o, "lanes", defaultLanes, 1, common.device == ebm::DeviceKind::Cpu ? 4096 : 1 << 20));
    sweeps = getInteger(o, "sweeps", 100, minSweeps, int64_t(1) << 40);
    beta = getBeta(env, o);
  }
};

// All lanes at the probe's beta, then `sweeps` sweeps (no refresh: caches drift if they can).
template <class Lanes>
void probeSweeps(Lanes& lanes, const ProbeOptions& p) {
  for (int lane = 0; lane < lanes.lanes(); ++lane) lanes.setBeta(lane, p.beta);
  for (int64_t s = 0; s < p.sweeps; ++s) lanes.sweep(s);
}

// Runs `sweeps` sweeps in `lanes` lanes without refreshing, then reports the largest cache error; with
// tabuIterations > 0 (spaces with a search) also runs the search that long and reports its cache error.
template <class Space>
struct CacheCheckJob {
  typename Space::Model model;
  ProbeOptions probe;
  int64_t searchSteps = 0;
  double maxError = 0, searchError = 0;
  std::string precision;
  static std::unique_ptr<CacheCheckJob> parse(const Napi::CallbackInfo& info) {
    Napi::Object o;
    auto job = newSpaceJob<CacheCheckJob, Space>(info, o);
    Napi::Env env = info.Env();
    job->probe.readProbe(env, o, 8, 0);
    if (Space::kFacts.hasSearch) job->searchSteps = getInteger(o, "tabuIterations", 0, 0, int64_t(1) << 40);
    return job;
  }
  void execute(const ProgressFn&) {
    const ProbeOptions& p = probe;
    Space::withLanes(model.view, laneChoice(p.common), p.lanes, p.common.seed, p.common.chainBase, nullptr, [&](auto& l, const char* prec) {
      precision = prec;
      probeSweeps(l, p);
      maxError = l.maxCacheError();
      if constexpr (Space::kFacts.hasSearch) {
        if (searchSteps > 0) searchError = Space::searchCacheError(model.view, l, p.common.seed, searchSteps);
      }
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("maxError", maxError);
    if (Space::kFacts.hasSearch) r.Set("tabuError", searchError);
    if (Space::kFacts.reportsPrecision) r.Set("precision", precision);
    return r;
  }
};

// Whether a lane System counts its accepted moves (acceptedMoves()); the throughput probe then reports them.
template <class L, class = void>
struct CountsAccepted : std::false_type {};
template <class L>
struct CountsAccepted<L, std::void_t<decltype(std::declval<const L&>().acceptedMoves())>> : std::true_type {};

// Times `sweeps` sweeps of all lanes at beta (or, where the space has one, of the scalar reference sampler).
template <class Space>
struct ThroughputJob {
  typename Space::Model model;
  ProbeOptions probe;
  bool reference = false;
  double seconds = 0, attempts = 0, accepted = -1;  // accepted: -1 when the System does not count
  std::string precision;
  static std::unique_ptr<ThroughputJob> parse(const Napi::CallbackInfo& info) {
    Napi::Object o;
    auto job = newSpaceJob<ThroughputJob, Space>(info, o);
    Napi::Env env = info.Env();
    job->probe.readProbe(env, o, 16, 1);
    if (Space::kFacts.hasReference) job->reference = getBool(o, "reference", false);
    Space::checkThroughput(env, job->model);
    return job;
  }
  void execute(const ProgressFn&) {
    const ProbeOptions& p = probe;
    if constexpr (Space::kFacts.hasReference) {
      if (reference) {
        precision = "float64";
        seconds = Space::referenceSweeps(model.view, p);
        attempts = double(p.sweeps) * Space::sweepAttempts(model);
        return;
      }
    }
    Space::withLanes(model.view, laneChoice(p.common), p.lanes, p.common.seed, p.common.chainBase, nullptr, [&](auto& l, const char* prec) {
      precision = prec;
      ebm::StopCheck t(0, nullptr);
      probeSweeps(l, p);
      seconds = t.elapsed();
      attempts = double(p.sweeps) * Space::sweepAttempts(model) * l.lanes();
      if constexpr (CountsAccepted<std::decay_t<decltype(l)>>::value) accepted = double(l.acceptedMoves());
      return 0;
    });
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("seconds", seconds);
    r.Set("attempts", attempts);
    if (accepted >= 0) r.Set("accepted", accepted);
    if (Space::kFacts.reportsPrecision) r.Set("precision", precision);
    return r;
  }
};

}  // namespace ebm_addon
