// The Space traits contract of the addon, stated once: what the jobs written once over spaces (space_jobs.hpp,
// probe_jobs.hpp) ask of SetSpace (set_jobs.cc) and PermSpace (perm_jobs.cc). A Space is what differs between
// spaces and nothing else; a new space adds a traits struct and calls registerSpaceJobs<Space>.
//   Model, State, ExactResult          from SpaceTypes<...>: owned model (.view is the core model), a state's
//                                       element type, the exact oracle's result
//   static constexpr SpaceFacts kFacts  the constants below
//   readModel(env, value, Model&)                    validate and copy the JS model
//   checkInitial(env, model, initial, chains)        persistent chains' starting states are admissible
//   withLanes(view, choice, lanes, seed, laneBase, stop, f)   f(lanes, precision) on the space's lane System
//                                                    (choice: LaneChoice, device_choice.hpp: narrow lanes, device)
//                                                    (stop: the job's StopCheck, polled while the lanes are set
//                                                    up and run; null for the probes)
//   logAdmissible(view)                              log |Y|, where the log Z ladder starts (beta = 0)
//   checkExact(env, model, probabilities)   the exact oracle's limits (enumerateExact, core/*_exact.hpp)
//   betaRange(view), readMethod(o), defaultReplicas(anneal)   minimization defaults
//   searchOnly(method)                               the method runs no sampler (its answer is not polished)
//   minimize(method, view, lanes, o, spec, outcome, &steps)  the run, with any search beside the sampler
//   searchAlone(view, o, spec, outcome, &steps)      the run of a searchOnly method
//   checkThroughput(env, model), sweepAttempts(model)        the throughput probe's precondition and unit
//   with hasSearch: searchCacheError(view, lanes, seed, steps); with hasReference: referenceSweeps(view, probe)
#pragma once
#include <napi.h>
#include <memory>
#include "convert.hpp"

namespace ebm_addon {

// The constants of a space, one initializer per space.
struct SpaceFacts {
  const char* prefix;               // JS names: prefix + "Sample", "SampleSync", "Minimize", ...
  napi_typedarray_type stateArray;  // typed-array type of a state (initial, output, samples, state, argmin)
  int defaultThin;                  // sampling: rounds between kept states
  double maxSampleEntries;          // samples * n held in memory at most (native/core/limits.hpp)
  bool reportsPrecision;            // results carry the lane precision (sets: int16 / float32 / float64)
  bool hasSearch;                   // a local search beside or instead of the sampler (permutations: tabu)
  bool hasReference;                // the throughput probe can time a scalar reference sampler (sets)
};

// The types of a space, inherited by its traits struct: its owned model, a state's element type and the exact
// oracle's result.
template <class ModelT, class StateT, class ExactResultT>
struct SpaceTypes {
  using Model = ModelT;
  using State = StateT;
  using ExactResult = ExactResultT;
};

// The start of every readModel: the model object (named "model" in errors) and its item count n in [1, maxItems].
inline Napi::Object readModelObject(Napi::Env env, const Napi::Value& value, int64_t maxItems, int64_t& n) {
  const Napi::Object o = requireObject(env, value, "model");
  n = getInteger(o, "n", -1, 1, maxItems);
  return o;
}

// The start of every space job's parse: a new job, its model read from info[0], the options object info[1].
template <class Job, class Space>
std::unique_ptr<Job> newSpaceJob(const Napi::CallbackInfo& info, Napi::Object& options) {
  auto job = std::make_unique<Job>();
  Space::readModel(info.Env(), info[0], job->model);
  options = requireObject(info.Env(), info[1], "options");
  return job;
}

}  // namespace ebm_addon
