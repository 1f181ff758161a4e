// The set space for the jobs written once in space_jobs.hpp / probe_jobs.hpp: how a set model is read, which
// lane System runs it (SetLanes at the narrowest exact precision and the faster layout), and what differs from
// permutations (cardinality and clamps in the initial states, the exact limits, the scalar reference sampler).
#include <cmath>
#include <memory>
#include <string>
#include "convert.hpp"
#include "core/ladder.hpp"
#include "core/lane_memory.hpp"
#include "core/limits.hpp"
#include "core/reference.hpp"
#include "core/runs.hpp"
#include "core/set_exact.hpp"
#include "core/set_lanes.hpp"
#include "core/set_cluster.hpp"
#include "core/set_minimize.hpp"
#include "core/set_model.hpp"
#include "cuda/device_lanes.hpp"
#include "device_choice.hpp"
#include "set_jobs.hpp"
#include "space_jobs.hpp"

namespace ebm_addon {
namespace {

using ebm::SetLanes;

// Dense models with at least this many items run lane-major. Measured on random dense models at beta = 1
// (32 lanes): interleaved is faster up to n = 128 (0.236 vs 0.227 attempts/ns), lane-major from n = 256
// (0.262 vs 0.239) and more so beyond (n = 2000 QUBO: 1.8x).
constexpr int32_t kLaneMajorMinItems = 192;

template <class Real, class F>
auto withLayout(const ebm::SetModel& m, ebm::DeviceKind device, int lanes, uint64_t seed, uint32_t laneBase, ebm::StopCheck* stop, const char* precision, F&& f) {
  if (device != ebm::DeviceKind::Cpu) {  // the GPU lanes (or their host emulation): the same chains
    ebm::DeviceSetLanes<Real> s(m, lanes, seed, laneBase, stop, device);
    return f(s, precision);
  }
  // Large dense couplings run lane-major (see LaneLayout); small ones stay interleaved, where one vector update
  // of all lanes costs less than gathering and updating lanes one by one. Both layouts give identical results.
  if (m.dense && m.n >= kLaneMajorMinItems) {
    SetLanes<Real, ebm::LaneLayout::LaneMajor> s(m, lanes, seed, laneBase, stop);
    return f(s, precision);
  }
  SetLanes<Real> s(m, lanes, seed, laneBase, stop);
  return f(s, precision);
}

// A set model with its own storage (the JS arrays may be collected while a job runs on another thread), on
// huge pages when large (lane_memory.hpp): n = 2^24 is 200 MB or more, freed on the main thread as the job
// ends, between a stop and the answer.
template <class T>
using ModelArray = std::vector<T, ebm::HugePageAllocator<T>>;
struct OwnedSetModel {
  ModelArray<double> unary, dense, weight;
  ModelArray<int32_t> rowPtr, col;
  ModelArray<int8_t> clamp;
  ebm::SetModel view;
};


struct SetSpace : SpaceTypes<OwnedSetModel, uint8_t, ebm::SetExactResult> {
  static constexpr SpaceFacts kFacts = {"set", napi_uint8_array, /*defaultThin*/ 1, /*maxSampleEntries*/ ebm::kMaxSetSampleEntries,
                                         /*reportsPrecision*/ true, /*hasSearch*/ true, /*hasReference*/ true};

  // Validates every field with a named error and copies the arrays (the JS ones may be collected meanwhile).
  static void readModel(Napi::Env env, const Napi::Value& value, Model& m) {
    int64_t n = 0;
    const Napi::Object o = readModelObject(env, value, ebm::kMaxSetItems, n);
    m.unary = getArray<double, ModelArray<double>>(o, "unary", napi_float64_array, n);
    requireFinite(env, m.unary, "unary");
    const bool hasDense = !o.Get("dense").IsUndefined();
    if (hasDense) {
      if (n > ebm::kMaxDenseItems) throwRange(env, "Expected n <= " + std::to_string(ebm::kMaxDenseItems) + " for a dense model");
      m.dense = getArray<double, ModelArray<double>>(o, "dense", napi_float64_array, n * n);
      requireFinite(env, m.dense, "dense");
      for (int64_t i = 0; i < n; ++i) {
        if (m.dense[i * n + i] != 0) throwRange(env, "Expected zero diagonal for dense[" + std::to_string(i) + "][" + std::to_string(i) + "]");
        for (int64_t j = i + 1; j < n; ++j)
          if (m.dense[i * n + j] != m.dense[j * n + i])
            throwRange(env, "Expected symmetric matrix for dense[" + std::to_string(i) + "][" + std::to_string(j) + "]");
      }
    } else {
      m.rowPtr = getArray<int32_t, ModelArray<int32_t>>(o, "rowPtr", napi_int32_array, n + 1);
      if (m.rowPtr[0] != 0) throwRange(env, "Expected rowPtr[0] = 0");
      for (int64_t i = 0; i < n; ++i)
        if (m.rowPtr[i + 1] < m.rowPtr[i]) throwRange(env, "Expected non-decreasing rowPtr at " + std::to_string(i + 1));
      const int64_t nnz = m.rowPtr[n];
      m.col = getArray<int32_t, ModelArray<int32_t>>(o, "col", napi_int32_array, nnz);
      m.weight = getArray<double, ModelArray<double>>(o, "weight", napi_float64_array, nnz);
      requireFinite(env, m.weight, "weight");
      for (int64_t i = 0; i < n; ++i)
        for (int32_t e = m.rowPtr[i]; e < m.rowPtr[i + 1]; ++e)
          if (m.col[e] < 0 || m.col[e] >= n || m.col[e] == i)
            throwRange(env, "Expected column in [0, n) other than the row for col[" + std::to_string(e) + "]");
    }
    const int64_t k = getInteger(o, "cardinality", -1, -1, n);
    m.clamp = getArray<int8_t, ModelArray<int8_t>>(o, "clamp", napi_int8_array, n, false);
    int64_t ones = 0, fixed = 0;
    for (size_t i = 0; i < m.clamp.size(); ++i) {
      if (m.clamp[i] < -1 || m.clamp[i] > 1) throwRange(env, "Expected -1, 0 or 1 for clamp[" + std::to_string(i) + "]");
      if (m.clamp[i] >= 0) ++fixed;
      if (m.clamp[i] == 1) ++ones;
    }
    if (k >= 0 && (k < ones || k > ones + (n - fixed)))
      throwRange(env, "Expected cardinality reachable with the clamped items (" + std::to_string(ones) +
                          " clamped to 1, " + std::to_string(n - fixed) + " free) but received " + std::to_string(k));
    // |E| <= sum |h_i| + sum_{i<j} |W_ij|; both directions of a coupling are stored, so the couplings count half.
    double unaryAbs = 0, couplingAbs = 0;
    for (double h : m.unary) unaryAbs += std::fabs(h);
    for (double w : hasDense ? m.dense : m.weight) couplingAbs += std::fabs(w);
    requireFiniteEnergyRange(env, unaryAbs + 0.5 * couplingAbs, "sum of |unary| and of |couplings|");
    m.view = ebm::SetModel{};
    m.view.n = int32_t(n);
    m.view.unary = m.unary.data();
    if (hasDense) {
      m.view.dense = m.dense.data();
    } else {
      m.view.rowPtr = m.rowPtr.data();
      m.view.col = m.col.data();
      m.view.weight = m.weight.data();
    }
    m.view.cardinality = int32_t(k);
    m.view.clamp = m.clamp.empty() ? nullptr : m.clamp.data();
  }



  static void checkInitial(Napi::Env env, const Model& model, const std::vector<uint8_t>& initial, int chains) {
    const ebm::SetModel& m = model.view;
    const int64_t n = m.n;
    for (int c = 0; c < chains; ++c) {
      const uint8_t* y = &initial[size_t(c) * n];
      int64_t ones = 0;
      for (int64_t i = 0; i < n; ++i) {
        if (y[i] > 1) throwRange(env, "Expected 0 or 1 for initial[" + std::to_string(c * n + i) + "]");
        if (m.clamp && m.clamp[i] >= 0 && y[i] != m.clamp[i])
          throwRange(env, "Expected the clamped value for initial[" + std::to_string(c * n + i) + "] (chain " + std::to_string(c) + ")");
        ones += y[i];
      }
      if (m.cardinality >= 0 && ones != m.cardinality)
        throwRange(env, "Expected " + std::to_string(m.cardinality) + " ones in the initial state of chain " + std::to_string(c));
    }
  }

  // Runs f(lanes, precision) with the narrowest exact lane type: int8 lanes when every field fits a byte
  // (byteLanesExact), int16 or float32 lanes for integer models whose fields fit (see integerFieldBound),
  // float64 otherwise or when the caller asks for it.
  template <class F>
  static auto withLanes(const ebm::SetModel& m, LaneChoice choice, int lanes, uint64_t seed, uint32_t laneBase, ebm::StopCheck* stop, F&& f) {
    // int8 lanes exist on the CPU only: on the device such a model runs int16 lanes (other streams than the
    // CPU's int8 ones, the same chains as the CPU's int16 lanes would be).
    if (choice.allowNarrow && choice.device == ebm::DeviceKind::Cpu && ebm::byteLanesExact(m, stop)) {
      SetLanes<int8_t> s(m, lanes, seed, laneBase, stop);  // interleaved in either layout (set_bytes.hpp)
      return f(s, "int8");
    }
    const double bound = choice.allowNarrow ? ebm::integerFieldBound(m, stop) : INFINITY;
    if (bound < 32767.0) return withLayout<int16_t>(m, choice.device, lanes, seed, laneBase, stop, "int16", f);
    if (bound < 16777216.0) return withLayout<float>(m, choice.device, lanes, seed, laneBase, stop, "float32", f);
    return withLayout<double>(m, choice.device, lanes, seed, laneBase, stop, "float64", f);
  }

  // log |Y|: 2^free, or C(free, k - clamped ones) under a cardinality.
  static double logAdmissible(const ebm::SetModel& m) {
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

  static void checkExact(Napi::Env env, const Model& model, bool probabilities) {
    int nFree = 0;
    for (int32_t i = 0; i < model.view.n; ++i)
      if (!(model.view.clamp && model.view.clamp[i] >= 0)) ++nFree;
    if (nFree > ebm::kMaxExactSetFreeItems) throwRange(env, "Expected at most " + std::to_string(ebm::kMaxExactSetFreeItems) + " free items for exact enumeration but received " + std::to_string(nFree));
    if (probabilities && model.view.n > 20) throwRange(env, "Expected n <= 20 for the full distribution (probabilities)");
  }

  static ebm::BetaRange betaRange(const ebm::SetModel& m) { return ebm::autoBetaRange(ebm::moveScale(m)); }
  static std::string readMethod(const Napi::Object& o) { return getChoice(o, "method", "pt", {"pt", "sa", "hybrid", "tabu"}); }
  static int defaultReplicas(bool anneal) { return anneal ? 16 : 32; }
  // 'tabu' runs inside minimize (below): it starts from the lanes' initial states and falls back to PT for
  // models the walk does not handle, so its answer is polished like any other.
  static bool searchOnly(const std::string&) { return false; }

  // PT or SA; 'hybrid' adds a tabu walk per chain after every round, 'tabu' runs the walks alone
  // (set_minimize.hpp). Under a cardinality (or with nothing free) both are PT alone: the walk only flips.
  template <class Lanes>
  static ebm::RunStats minimize(const std::string& method, const ebm::SetModel& m, Lanes& lanes, const ebm::RunOptions& o,
                                ebm::MinimizeSpec spec, ebm::MinimizeOutcome<uint8_t>& outcome, int64_t* steps) {
    const bool search = (method == "hybrid" || method == "tabu") && ebm::SetTabu::handles(m);
    // PT's rounds (and the hybrid's) end with cluster moves on degree <= 4 lattices (set_cluster.hpp).
    std::unique_ptr<ebm::SetClusterMoves> moves;
    if constexpr (ebm::CanFlipSites<Lanes>::value) {
      if (!spec.anneal && method != "tabu" && ebm::SetClusterMoves::handles(m)) {
        moves = std::make_unique<ebm::SetClusterMoves>(m, o);
        spec.afterRound = [&](int64_t round) { moves->afterRound(round, lanes); };
      }
    }
    if (!search) return ebm::minimizeRun(lanes, o, spec, outcome);
    if (method == "tabu") return ebm::setTabuRun(m, lanes, o, spec, outcome, steps);
    ebm::SetTabuAlongside tabu(m, lanes, o, spec.targetEnergy);
    if (tabu.active()) {
      std::function<void(int64_t)> cluster = spec.afterRound;
      spec.afterRound = [&, cluster](int64_t round) {
        if (cluster) cluster(round);
        tabu.afterRound(round, lanes, outcome);
      };
    }
    const ebm::RunStats stats = ebm::minimizeRun(lanes, o, spec, outcome);
    *steps = tabu.iterations();
    return stats;
  }
  static ebm::RunStats searchAlone(const ebm::SetModel&, const ebm::RunOptions&, const ebm::MinimizeSpec&,
                                   ebm::MinimizeOutcome<uint8_t>&, int64_t*) {
    return {};  // no search-only method (searchOnly is always false)
  }

  // Probes: a tabu walk from lane 0's state, its cache error (fields, deltas, energy, heap membership) after
  // `steps` steps; 0 when the walk does not handle the model.
  template <class Lanes>
  static double searchCacheError(const ebm::SetModel& m, const Lanes& lanes, uint64_t seed, int64_t steps) {
    if (!ebm::SetTabu::handles(m)) return 0;
    std::vector<uint8_t> y(m.n);
    lanes.copyState(0, y.data());
    ebm::SetTabu tabu(m, seed, 0);
    tabu.reset(y.data());
    tabu.run(steps, nullptr);
    return tabu.maxCacheError();
  }

  // Probes: the scalar reference sampler (seconds for the probe's sweeps from y = 0); attempts per sweep are n.
  static void checkThroughput(Napi::Env env, const Model& model) {
    if (model.view.cardinality >= 0) throwRange(env, "Expected no cardinality for the throughput probe");
  }
  static double sweepAttempts(const Model& model) { return double(model.view.n); }
  static double referenceSweeps(const ebm::SetModel& m, const ProbeOptions& p) {
    ebm::StopCheck clock(0, nullptr);
    std::vector<uint8_t> y(m.n, 0);
    ebm::withCoupling(m, [&](const auto& c) { return ebm::referenceGibbs(m, c, y.data(), p.beta, p.sweeps, p.common.seed); });
    return clock.elapsed();
  }
};

}  // namespace

void registerSetJobs(Napi::Env env, Napi::Object exports) { registerSpaceJobs<SetSpace>(env, exports); }

}  // namespace ebm_addon
