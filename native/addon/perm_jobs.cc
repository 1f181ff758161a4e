// The permutation space for the jobs written once in space_jobs.hpp / probe_jobs.hpp: how a permutation model
// is read, its lane System (PermLanes), and what differs from sets (permutations as initial states, the exact
// limits, robust tabu search beside PT or iterated tabu search instead of it); plus linear assignment, a
// permutation-only job.
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include "convert.hpp"
#include "cuda/device_perm_lanes.hpp"
#include "device_choice.hpp"
#include "core/limits.hpp"
#include "core/ladder.hpp"
#include "core/perm_exact.hpp"
#include "core/perm_iterated.hpp"
#include "core/perm_lanes.hpp"
#include "core/perm_minimize.hpp"
#include "core/perm_search.hpp"
#include "core/runs.hpp"
#include "perm_jobs.hpp"
#include "space_jobs.hpp"

namespace ebm_addon {
namespace {


// A permutation model with its own storage (the JS arrays may be collected while a job runs).
struct OwnedPermModel {
  std::vector<double> linear, flow, distance;
  std::vector<int32_t> clamp;
  ebm::PermModel view;
  int32_t freeCount = 0;
};

struct PermSpace : SpaceTypes<OwnedPermModel, int32_t, ebm::PermExactResult> {
  // One lane type (energies in double), so no precision to report; tabu search beside or instead of PT.
  static constexpr SpaceFacts kFacts = {"perm", napi_int32_array, /*defaultThin*/ 2, /*maxSampleEntries*/ ebm::kMaxPermSampleEntries,
                                         /*reportsPrecision*/ false, /*hasSearch*/ true, /*hasReference*/ false};

  // Validates every field with a named error and copies the arrays (the JS ones may be collected meanwhile).
  static void readModel(Napi::Env env, const Napi::Value& value, Model& m) {
    int64_t n = 0;
    const Napi::Object o = readModelObject(env, value, ebm::kMaxPermItems, n);
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
    // |E| <= sum_i max_j |C_ij| + sum_ij |A_ij| max_kl |B_kl|. The largest |A| and |B| count on their own too:
    // the swap delta takes differences of entries and the symmetrized copies sums of them.
    double linearAbs = 0, flowAbs = 0, flowMax = 0, distanceMax = 0;
    for (int64_t i = 0; i < (m.linear.empty() ? 0 : n); ++i) {
      double rowMax = 0;
      for (int64_t j = 0; j < n; ++j) rowMax = std::fmax(rowMax, std::fabs(m.linear[i * n + j]));
      linearAbs += rowMax;
    }
    for (double a : m.flow) flowAbs += std::fabs(a), flowMax = std::fmax(flowMax, std::fabs(a));
    for (double b : m.distance) distanceMax = std::fmax(distanceMax, std::fabs(b));
    requireFiniteEnergyRange(env, std::fmax(linearAbs + flowAbs * distanceMax, std::fmax(flowMax, distanceMax)),
                             !hasFlow ? "sum over items of the largest |linear| in the row"
                             : m.linear.empty() ? "sum |flow| times the largest |distance|"
                                                : "sum over items of the largest |linear| in the row, plus sum |flow| times the largest |distance|");
    m.view = ebm::PermModel{};
    m.view.n = int32_t(n);
    m.view.linear = m.linear.empty() ? nullptr : m.linear.data();
    m.view.flow = m.flow.empty() ? nullptr : m.flow.data();
    m.view.distance = m.distance.empty() ? nullptr : m.distance.data();
    m.view.clamp = m.clamp.empty() ? nullptr : m.clamp.data();
  }



  static void checkInitial(Napi::Env env, const Model& model, const std::vector<int32_t>& initial, int chains) {
    const int64_t n = model.view.n;
    std::vector<int32_t> seen(n);
    for (int c = 0; c < chains; ++c) {
      const int32_t* sigma = &initial[size_t(c) * n];
      std::fill(seen.begin(), seen.end(), 0);
      for (int64_t i = 0; i < n; ++i) {
        const std::string at = "initial[" + std::to_string(c * n + i) + "] (chain " + std::to_string(c) + ")";
        if (sigma[i] < 0 || sigma[i] >= n) throwRange(env, "Expected a slot in [0, " + std::to_string(n - 1) + "] for " + at);
        if (seen[sigma[i]]++) throwRange(env, "Expected a permutation in the initial state of chain " + std::to_string(c) + " but slot " + std::to_string(sigma[i]) + " repeats");
        if (model.view.clamp && model.view.clamp[i] >= 0 && sigma[i] != model.view.clamp[i])
          throwRange(env, "Expected the clamped slot for " + at);
      }
    }
  }

  // One lane type: swap deltas are computed in double (allowNarrow has nothing to narrow).
  template <class F>
  static auto withLanes(const ebm::PermModel& m, LaneChoice choice, int lanes, uint64_t seed, uint32_t laneBase, ebm::StopCheck* stop, F&& f) {
    if (choice.device != ebm::DeviceKind::Cpu) {  // the GPU lanes (or their host emulation): the same chains
      ebm::DevicePermLanes s(m, lanes, seed, laneBase, stop, choice.device);
      return f(s, "float64");
    }
    ebm::PermLanes s(m, lanes, seed, laneBase, stop);
    return f(s, "float64");
  }

  static double logAdmissible(const ebm::PermModel& m) { return ebm::logAdmissiblePerms(m); }

  static void checkExact(Napi::Env env, const Model& model, bool probabilities) {
    if (model.freeCount > ebm::kMaxExactPermItems)
      throwRange(env, "Expected at most " + std::to_string(ebm::kMaxExactPermItems) +
                          " free items for exact enumeration but received " + std::to_string(model.freeCount));
    if (probabilities && model.view.n > ebm::kMaxExactPermItems)
      throwRange(env, "Expected n <= " + std::to_string(ebm::kMaxExactPermItems) + " for the full distribution (probabilities)");
  }

  static ebm::BetaRange betaRange(const ebm::PermModel& m) {
    const ebm::QapData qap(m);
    return ebm::autoBetaRange(ebm::moveScale(m, qap.view));
  }
  static std::string readMethod(const Napi::Object& o) { return getChoice(o, "method", "hybrid", {"hybrid", "pt", "sa", "tabu"}); }
  static int defaultReplicas(bool) { return 16; }
  static bool searchOnly(const std::string& method) { return method == "tabu"; }

  // PT or SA; 'hybrid' adds a tabu walk per chain after every round (TabuAlongside, perm_minimize.hpp).
  template <class Lanes>
  static ebm::RunStats minimize(const std::string& method, const ebm::PermModel& m, Lanes& lanes,
                                const ebm::RunOptions& o, ebm::MinimizeSpec spec, ebm::MinimizeOutcome<int32_t>& outcome,
                                int64_t* steps) {
    if (method != "hybrid") return ebm::minimizeRun(lanes, o, spec, outcome);
    ebm::TabuAlongside tabu(m, lanes, o, spec.targetEnergy);
    if (tabu.active()) spec.afterRound = [&](int64_t round) { tabu.afterRound(round, lanes, outcome); };
    const ebm::RunStats stats = ebm::minimizeRun(lanes, o, spec, outcome);
    *steps = tabu.iterations();
    return stats;
  }
  static ebm::RunStats searchAlone(const ebm::PermModel& m, const ebm::RunOptions& o, const ebm::MinimizeSpec& spec,
                                   ebm::MinimizeOutcome<int32_t>& outcome, int64_t* steps) {
    return ebm::tabuRun(m, o, spec, outcome, steps);
  }

  // Probes: iterated robust tabu search from lane 0's state (no anneal first: every step is a tabu step), kicked
  // every 50 stalled steps so that the caches rebuilt by its jumps are checked too, its delta-matrix error after
  // `steps` steps; attempts per sweep are the free items.
  template <class Lanes>
  static double searchCacheError(const ebm::PermModel& m, const Lanes& lanes, uint64_t seed, int64_t steps) {
    ebm::IteratedTabuParams p;
    p.stall = 50;
    p.annealSweeps = 0;
    ebm::IteratedTabu tabu(m, lanes.qap(), seed, 0, p);
    tabu.reset(lanes.sigma(0));
    tabu.run(steps, nullptr);
    return tabu.walk().maxCacheError();
  }
  static void checkThroughput(Napi::Env, const Model&) {}
  static double sweepAttempts(const Model& model) { return double(model.freeCount); }
};

}  // namespace

void registerPermJobs(Napi::Env env, Napi::Object exports) {
  registerSpaceJobs<PermSpace>(env, exports);
}

}  // namespace ebm_addon
