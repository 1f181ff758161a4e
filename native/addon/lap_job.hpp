// lapSolve({ n, cost: Float64Array(n*n) }, { method, timeLimit, cancel }): the linear assignment job.
// method 'jv' (default) is the Jonker-Volgenant solver of lap.hpp, which polls the job's stop (cancel flag and
// deadline, counted from the job's submission) and, stopped, returns a greedy completion of its partial
// assignment with `stopped` saying why. 'hungarian' is the independent O(n^3) reference (tests and benchmarks),
// which polls the same stop and, stopped, answers the same way (hungarian_reference.hpp).
#pragma once
#include <memory>
#include <vector>
#include "convert.hpp"
#include "core/hungarian_reference.hpp"
#include "core/lap.hpp"
#include "core/limits.hpp"
#include "job_options.hpp"
#include "job_worker.hpp"

namespace ebm_addon {

struct LapJob {
  StopOptions stopOptions;  // first member: `submitted` is stamped before the cost matrix is copied
  std::vector<double> cost;
  int32_t n = 0;
  bool reference = false;
  ebm::LapResult result;
  double seconds = 0;

  static std::unique_ptr<LapJob> parse(const Napi::CallbackInfo& info) {
    auto job = std::make_unique<LapJob>();
    Napi::Env env = info.Env();
    const Napi::Object m = requireObject(env, info[0], "problem");
    job->n = int32_t(getInteger(m, "n", -1, 0, ebm::kMaxPermItems));
    job->cost = getArray<double>(m, "cost", napi_float64_array, int64_t(job->n) * job->n);
    requireFinite(env, job->cost, "cost");
    const Napi::Value ov = info[1];
    if (!ov.IsUndefined()) {
      const Napi::Object o = requireObject(env, ov, "options");
      job->reference = getChoice(o, "method", "jv", {"jv", "hungarian"}) == "hungarian";
      readStop(env, o, job->stopOptions);
    }
    return job;
  }
  void execute(const ProgressFn&) {
    ebm::StopCheck stop = jobStop(stopOptions);
    result = reference ? ebm::hungarianReference(cost.data(), n, &stop) : ebm::solveLap(cost.data(), n, &stop);
    seconds = stop.elapsed();
  }
  Napi::Value toJs(Napi::Env env) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("cost", result.cost);
    r.Set("assignment", toTyped<int32_t>(env, result.rowToCol));
    r.Set("stopped", ebm::stoppedName(result.stopped));
    r.Set("seconds", seconds);
    return r;
  }
};

// Registers lapSolve (a Promise, on the libuv pool) and lapSolveSync.
inline void registerLapJob(Napi::Env env, Napi::Object exports) {
  exports.Set("lapSolve", Napi::Function::New(env, runAsync<LapJob>));
  exports.Set("lapSolveSync", Napi::Function::New(env, runSync<LapJob>));
}

}  // namespace ebm_addon
