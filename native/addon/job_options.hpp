// Options every sampling/solving job shares (seed, deadline, cancel flag, lane precision, the worker's first
// chain), the enum-string reader, and the run statistics every result carries. Used by the jobs written once
// over spaces (space_jobs.hpp, probe_jobs.hpp), so every space validates and reports the same way.
#pragma once
#include <napi.h>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <string>
#include "convert.hpp"
#include "core/limits.hpp"
#include "core/runs.hpp"
#include "core/stop.hpp"
#include "cuda/device_kind.hpp"
#include "job_worker.hpp"

namespace ebm_addon {

// How a job may be stopped: its deadline and cancel flag. `submitted` is when the job object was made, at the
// very start of parse (jobs hold these options as members, built before the model is copied), so timeLimit
// bounds the whole job: the model copy, the wait in the thread pool's queue, the set-up and the run.
struct StopOptions {
  double timeLimit = 0;  // seconds, 0 = none
  const int32_t* cancel = nullptr;
  Napi::Reference<Napi::Value> cancelRef;  // keeps the Int32Array (on a SharedArrayBuffer) alive while the job runs
  ebm::StopCheck::Clock::time_point submitted = ebm::StopCheck::Clock::now();
};

struct CommonOptions : StopOptions {
  uint64_t seed = 1;
  bool allowFloat = true;  // precision 'auto': narrow lanes for integer models (sets)
  uint32_t chainBase = 0;  // global id of the first chain (workers split chains; streams follow global ids)
  ebm::DeviceKind device = ebm::DeviceKind::Cpu;  // where the lanes run (device_choice.hpp)
};

inline std::string getChoice(const Napi::Object& o, const char* key, const std::string& fallback,
                             std::initializer_list<const char*> allowed);

// timeLimit (seconds) and cancel (an Int32Array on a SharedArrayBuffer, nonzero = stop).
inline void readStop(Napi::Env env, const Napi::Object& o, StopOptions& c) {
  c.timeLimit = getNumber(o, "timeLimit", 0);
  if (!(c.timeLimit >= 0) || !std::isfinite(c.timeLimit)) throwRange(env, "Expected finite number >= 0 for timeLimit");
  const Napi::Value cancel = o.Get("cancel");
  if (!cancel.IsUndefined()) {
    if (!cancel.IsTypedArray() || cancel.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
        cancel.As<Napi::TypedArray>().ElementLength() < 1)
      throwType(env, "Expected Int32Array of length >= 1 for cancel");
    requireShared(env, cancel.As<Napi::TypedArray>(), "an Int32Array", "cancel");
    c.cancel = cancel.As<Napi::Int32Array>().Data();
    c.cancelRef = Napi::Persistent(cancel);
  }
}

inline void readCommon(Napi::Env env, const Napi::Object& o, CommonOptions& c) {
  c.seed = uint64_t(getInteger(o, "seed", 1, 0, 9007199254740991LL));
  readStop(env, o, c);
  c.chainBase = uint32_t(getInteger(o, "chainBase", 0, 0, 1 << 24));
  const Napi::Value precision = o.Get("precision");
  if (!precision.IsUndefined()) {
    if (!precision.IsString()) throwType(env, "Expected 'auto' or 'float64' for precision");
    const std::string p = precision.As<Napi::String>().Utf8Value();
    if (p != "auto" && p != "float64") throwRange(env, "Expected 'auto' or 'float64' for precision but received '" + p + "'");
    c.allowFloat = p == "auto";
  }
  c.device = ebm::readDeviceKind(getChoice(o, "device", "cpu", {"cpu", "cuda", "emulate"}));
  if (c.device == ebm::DeviceKind::Cuda && !EBM_HAVE_CUDA)
    throwRange(env, "Expected device 'cpu': this build has no CUDA backend (nvcc was not found when the addon was compiled)");
}

// One of `allowed`, or `fallback` when absent.
inline std::string getChoice(const Napi::Object& o, const char* key, const std::string& fallback,
                             std::initializer_list<const char*> allowed) {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return fallback;
  std::string list;
  for (const char* a : allowed) list += std::string(list.empty() ? "" : " | ") + a;
  if (!v.IsString()) throwType(o.Env(), std::string("Expected ") + list + " for " + key);
  const std::string s = v.As<Napi::String>().Utf8Value();
  for (const char* a : allowed)
    if (s == a) return s;
  throwRange(o.Env(), std::string("Expected ") + list + " for " + key + " but received '" + s + "'");
}

inline double getBeta(Napi::Env env, const Napi::Object& o) {
  const double beta = getNumber(o, "beta", 1);
  if (!std::isfinite(beta) || beta < 0) throwRange(env, "Expected finite number >= 0 for beta");
  return beta;
}

// A Float64Array(>= 3) on a SharedArrayBuffer the job writes (seconds, best energy, rounds) into: progress of
// a job running in a worker thread, read by the main thread.
struct ProgressBuffer {
  double* data = nullptr;
  Napi::Reference<Napi::Value> ref;
  void read(Napi::Env env, const Napi::Object& o) {
    const Napi::Value pb = o.Get("progress");
    if (pb.IsUndefined()) return;
    if (!pb.IsTypedArray() || pb.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
        pb.As<Napi::TypedArray>().ElementLength() < 3)
      throwType(env, "Expected Float64Array of length >= 3 for progress");
    requireShared(env, pb.As<Napi::TypedArray>(), "a Float64Array", "progress");
    data = pb.As<Napi::Float64Array>().Data();
    ref = Napi::Persistent(pb);
  }
  void write(double seconds, double best, int64_t rounds) const {
    if (!data) return;
    data[0] = seconds;
    data[1] = best;
    data[2] = double(rounds);
  }
};

// Where a sampling job writes its rows: a typed array on a SharedArrayBuffer the caller passes as `output` (so a
// worker's rows reach the main thread without a copy; shared, so it cannot be detached while the job writes),
// or storage of its own, returned as a new typed array.
template <class T>
struct SampleOutput {
  std::vector<T> own;
  T* external = nullptr;
  Napi::Reference<Napi::Value> ref;
  void read(Napi::Env env, const Napi::Object& o, napi_typedarray_type type, int64_t needed) {
    const Napi::Value v = o.Get("output");
    if (v.IsUndefined()) return;
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
      throwType(env, "Expected typed array of the sample element type for output");
    requireShared(env, v.As<Napi::TypedArray>(), "a typed array", "output");
    if (int64_t(v.As<Napi::TypedArray>().ElementLength()) < needed)
      throwRange(env, "Expected output of length >= samples * n = " + std::to_string(needed));
    external = v.As<Napi::TypedArrayOf<T>>().Data();
    ref = Napi::Persistent(v);
  }
  T* data(size_t size) {
    if (external) return external;
    own.assign(size, T(0));
    return own.data();
  }
  // The rows written: the caller's array itself (the caller reads the first `count` values), or a new one.
  Napi::Value toJs(Napi::Env env, size_t count) const {
    if (external) return ref.Value();
    Napi::TypedArrayOf<T> a = Napi::TypedArrayOf<T>::New(env, count);
    std::copy(own.begin(), own.begin() + count, a.Data());
    return a;
  }
};

// What every sampling job reads (both spaces): the shared options, then beta, method, samples, chains,
// replicas (PT), thinning and burn-in. Sampling jobs derive from it, so the fields read as their own.
struct SamplingOptions {
  CommonOptions common;
  ProgressBuffer progressBuffer;
  double beta = 1;
  bool pt = false;
  int64_t samples = 0, burnIn = 0;
  int chains = 1, replicas = 1, thin = 1;

  void readSampling(Napi::Env env, const Napi::Object& o, int defaultThin) {
    readCommon(env, o, common);
    progressBuffer.read(env, o);
    beta = getBeta(env, o);
    pt = getChoice(o, "method", "gibbs", {"gibbs", "pt"}) == "pt";
    samples = getInteger(o, "samples", 1000, 1, int64_t(1) << 40);
    chains = int(getInteger(o, "chains", 64, 1, ebm::kMaxChains));
    replicas = pt ? int(getInteger(o, "replicas", 8, 2, ebm::kMaxReplicas)) : 1;
    thin = int(getInteger(o, "thin", defaultThin, 1, 1 << 20));
    burnIn = getInteger(o, "burnIn", 256, 0, int64_t(1) << 40);
    if (double(chains) * replicas > (1 << 20)) throwRange(env, "Expected chains * replicas <= 1048576");
  }
};

// What every PT log Z job reads (both spaces): the shared options, beta, chains, rungs per ladder, tuning and
// estimation rounds. Log Z jobs derive from it.
struct LogZOptions {
  CommonOptions common;
  ProgressBuffer progressBuffer;
  double beta = 1;
  int chains = 8, replicas = 16;
  int64_t tuneRounds = 1024, rounds = 20000;

  void readLogZ(Napi::Env env, const Napi::Object& o) {
    readCommon(env, o, common);
    progressBuffer.read(env, o);
    beta = getBeta(env, o);
    chains = int(getInteger(o, "chains", 8, 1, ebm::kMaxChains));
    replicas = int(getInteger(o, "replicas", 16, 2, ebm::kMaxReplicas));
    tuneRounds = getInteger(o, "tuneRounds", 1024, 0, int64_t(1) << 40);
    rounds = getInteger(o, "rounds", 20000, 1, int64_t(1) << 40);
  }
};

// A progress callback for the core: it feeds both the worker's shared buffer and the JS callback.
inline std::function<void(double, double, int64_t)> progressSink(const ProgressBuffer& buffer, const ProgressFn& progress) {
  return [&buffer, &progress](double s, double value, int64_t rounds) {
    buffer.write(s, value, rounds);
    progress(Progress{s, value, double(rounds)});
  };
}

// What every minimization job reads (both spaces): the shared options, the ladder ends (defaults read off the
// model by the caller), the budget and the knobs. Minimization jobs derive from it.
struct MinimizeOptions {
  CommonOptions common;
  ProgressBuffer progressBuffer;
  double betaMin = 0, betaMax = 0, target = -INFINITY;
  int64_t maxRounds = -1, annealRounds = 1000;
  bool polish = true, adapt = true;

  void readMinimize(Napi::Env env, const Napi::Object& o, double autoBetaMin, double autoBetaMax) {
    readCommon(env, o, common);
    progressBuffer.read(env, o);
    betaMin = getNumber(o, "betaMin", autoBetaMin);
    betaMax = getNumber(o, "betaMax", autoBetaMax);
    if (!(betaMin > 0) || !(betaMax > betaMin) || !std::isfinite(betaMax))
      throwRange(env, "Expected 0 < betaMin < betaMax < Infinity");
    maxRounds = getInteger(o, "maxRounds", -1, -1, int64_t(1) << 50);
    annealRounds = getInteger(o, "annealRounds", 1000, 2, int64_t(1) << 40);
    target = getNumber(o, "targetEnergy", -INFINITY);
    polish = getBool(o, "polish", true);
    adapt = getBool(o, "adapt", true);
    if (maxRounds < 0 && common.timeLimit <= 0 && common.cancel == nullptr)
      throwRange(env, "Expected timeLimit > 0 or maxRounds >= 0 (a budget)");
  }
};

// The stop check of a whole job (lane set-up, run, polish): the cancel flag and the deadline, counted from
// the job's submission (StopOptions::submitted).
inline ebm::StopCheck jobStop(const StopOptions& c) { return ebm::StopCheck(c.timeLimit, c.cancel, c.submitted); }

// The error of a stopped job that has no partial answer to return (exact enumeration): "<what> stopped:
// aborted" (or "deadline"), with `stopped` set to the reason; the TypeScript layer turns it into a named
// AbortError or TimeoutError (src/cancel.ts, stoppedError).
inline Napi::Error stoppedError(Napi::Env env, ebm::Stopped why, const std::string& what) {
  Napi::Error e = Napi::Error::New(env, what + " stopped: " + ebm::stoppedName(why));
  e.Set("stopped", ebm::stoppedName(why));
  return e;
}

// The core's RunOptions from the shared options and the job's stop check. Progress goes both to the worker's
// shared buffer (when the job runs in a worker thread) and to the JS callback (when it runs as an AsyncWorker).
inline ebm::RunOptions runOptions(const CommonOptions& c, int chains, int replicas, std::vector<double> ladder,
                                  bool adapt, const ProgressBuffer& buffer, const ProgressFn& progress,
                                  ebm::StopCheck* stop) {
  ebm::RunOptions o;
  o.seed = c.seed;
  o.chains = chains;
  o.replicas = replicas;
  o.ladder = std::move(ladder);
  o.adapt = adapt;
  o.stop = stop;
  o.chainBase = c.chainBase;
  o.progress = progressSink(buffer, progress);
  return o;
}

inline void putStats(Napi::Env env, Napi::Object& o, const ebm::RunStats& st) {
  o.Set("stopped", ebm::stoppedName(st.stopped));
  o.Set("rounds", double(st.rounds));
  o.Set("seconds", st.seconds);
  o.Set("ladder", toTyped<double>(env, st.ladder));
  o.Set("rejection", toTyped<double>(env, st.rejection));
  o.Set("barrier", st.barrier);
  o.Set("roundTrips", double(st.roundTrips));
}

// The log Z result: the mean of per-chain estimates, its standard error, and the per-chain values (which the
// pool merges when chains are split across workers).
inline void putLogZ(Napi::Env env, Napi::Object& r, const ebm::LogZOutcome& outcome, const ebm::RunStats& stats) {
  r.Set("logZ", outcome.logZ);
  r.Set("stdError", outcome.stdError);
  r.Set("chainLogZ", toTyped<double>(env, outcome.chainLogZ));
  putStats(env, r, stats);
}

// An exact-enumeration result (sets: SetExactResult with uint8 argmin; permutations: PermExactResult, int32).
template <class Row, class Result>
void putExact(Napi::Env env, Napi::Object& r, const Result& result, bool probabilities) {
  r.Set("logZ", result.logZ);
  r.Set("marginals", toTyped<double>(env, result.marginals));
  if (probabilities) r.Set("probabilities", toTyped<double>(env, result.probabilities));
  r.Set("minEnergy", result.minEnergy);
  r.Set("argmin", toTyped<Row>(env, result.argmin));
  r.Set("states", double(result.states));
}

}  // namespace ebm_addon
