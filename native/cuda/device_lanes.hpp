// The set lanes on a device: a lane System (system.hpp) whose sweeps run as one launch each on the GPU
// (set_kernels.cu) or on the emulated device (executor.hpp), so Tempering, the DEO swaps, the ladder
// adaptation and the runs (tempering.hpp, ladder.hpp, runs.hpp) drive it on the host exactly as they drive
// SetLanes. Per round only betas go up and energies come down; states come down when a sample or the best
// state is read.
//
// The initial states are the CPU's: a SetLanes of the same lanes and seed is built on the host and its states,
// fields, energies and cardinality members are copied up, and it stays to restart lanes (setState) and to
// recompute caches (refresh) with the CPU's own code. So lane L here is the CPU's lane L, sweep for sweep.
#pragma once
#include <cmath>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>
#include "core/set_lanes.hpp"
#include "core/system.hpp"
#include "cuda/device_kind.hpp"
#include "cuda/executor.hpp"

namespace ebm {

template <class Real>
class DeviceSetLanes {
 public:
  using State = uint8_t;

  DeviceSetLanes(const SetModel& m, int lanes, uint64_t seed, uint32_t laneBase, StopCheck* stop, DeviceKind kind)
      : m_(m), lanes_(lanes), stop_(stop), cpu_(m, lanes, seed, laneBase, stop) {
    const int64_t couplings = m.dense ? int64_t(m.n) * m.n : m.rowPtr[m.n];
    const double* w = m.dense ? m.dense : m.weight;
    weights_.assign(w, w + couplings);  // the lane type, as SetLanes converts them
    SetLaneView<Real> v;
    v.n = m.n;
    v.nFree = int32_t(cpu_.freeItems().size());
    v.kFree = cpu_.kFree();
    v.cardinality = m.cardinality >= 0;
    v.free = cpu_.freeItems().data();
    if (m.dense) {
      v.dense = weights_.data();
    } else {
      v.rowPtr = m.rowPtr;
      v.col = m.col;
      v.weight = weights_.data();
    }
    v.lanes = lanes;
    v.laneBase = laneBase;
    v.key = seedKey(seed);
    SetLaunchInput in;
    in.n = v.n;
    in.nFree = v.nFree;
    in.couplings = couplings;
    in.dense = m.dense != nullptr;
    in.cardinality = v.cardinality;
    in.lanes = lanes;
    in.realBytes = int(sizeof(Real));
    if (kind == DeviceKind::Cuda) {
#if EBM_HAVE_CUDA
      exec_ = makeCudaSetExecutor<Real>(v, in);
#else
      throw std::runtime_error("CUDA: this build has no CUDA backend (nvcc was not found when the addon was compiled)");
#endif
    } else {
      const LaunchPlan plan = planSetLaunch(in, DeviceCaps{});
      if (!plan.fits) throw std::runtime_error("CUDA (emulated): the job needs more device memory than the planned device has");
      exec_.reset(new EmulatedSetExecutor<Real>(v, plan));
    }
    if (!stopped())  // a stopped construction leaves CPU lanes the runs never read
      for (int lane = 0; lane < lanes; ++lane) copyLaneUp(lane);
    exec_->pushState();
    exec_->pushBeta();
  }

  int lanes() const { return lanes_; }
  int32_t n() const { return m_.n; }
  void setBeta(int lane, double beta) {
    exec_->host.beta[lane] = beta;
    exec_->host.betaReal[lane] = CalcOf<Real>(beta);
    betaDirty_ = true;
  }
  double beta(int lane) const { return exec_->host.beta[lane]; }
  double energy(int lane) const { return exec_->host.energy[lane]; }
  const LaunchPlan& plan() const { return exec_->plan; }

  void sweep(int64_t sweepIndex) {
    if (pushPending_) exec_->pushState();
    pushPending_ = false;
    if (betaDirty_) exec_->pushBeta();
    betaDirty_ = false;
    exec_->sweeps(sweepIndex, 1);
    statesStale_ = true;
  }

  void copyState(int lane, uint8_t* out) const {
    pull();
    const SetLaneView<Real>& h = exec_->host;
    for (int32_t i = 0; i < m_.n; ++i) out[i] = h.y[int64_t(i) * lanes_ + lane] != Real(0) ? 1 : 0;
  }

  // Restarts a lane from y through the CPU lanes' setState (same cardinality members); call refresh() after.
  void setState(int lane, const uint8_t* y) {
    pull();
    cpu_.setState(lane, y);
    SetLaneView<Real>& h = exec_->host;
    for (int32_t i = 0; i < m_.n; ++i) h.y[int64_t(i) * lanes_ + lane] = y[i] ? Real(1) : Real(0);
    if (const int32_t* mem = cpu_.members(lane))
      for (int32_t t = 0; t < h.nFree; ++t) h.members[int64_t(lane) * h.nFree + t] = mem[t];
    pushPending_ = true;  // one upload for all restarted lanes, at the next sweep or refresh
    restarted_ = true;    // their fields are recomputed by the next refresh
  }

  // The CPU's refresh on the current states (SetLanes::refresh, so fields and energies get the CPU's bits).
  // A stop inside it keeps the device's values, which are valid. It runs on the host (states down, fields up:
  // O(lanes (n + nnz)) host work every refreshEvery rounds); int16 / float32 lanes hold integer models whose
  // fields and energies are exact, so a refresh there changes nothing and is skipped unless lanes were
  // restarted (setState). A refresh kernel for float64 lanes is the next step (README, GPU).
  void refresh() {
    if (!std::is_same<Real, double>::value && !restarted_) return;
    restarted_ = false;
    pull();
    const SetLaneView<Real>& h = exec_->host;
    std::vector<uint8_t> y(m_.n);
    for (int lane = 0; lane < lanes_; ++lane) {
      for (int32_t i = 0; i < m_.n; ++i) y[i] = h.y[int64_t(i) * lanes_ + lane] != Real(0) ? 1 : 0;
      cpu_.setState(lane, y.data());
    }
    cpu_.refresh();
    if (!stopped())
      for (int lane = 0; lane < lanes_; ++lane) copyLaneUp(lane, /*membersToo*/ false);
    exec_->pushState();  // restarted lanes (setState) go up even when a stop kept the cached fields
    pushPending_ = false;
  }

  // Largest |cached - recomputed| over fields and energies (tests).
  double maxCacheError() const {
    pull();
    const SetLaneView<Real>& h = exec_->host;
    return withCoupling(m_, [&](const auto& c) {
      double worst = 0.0;
      std::vector<double> y(m_.n);
      for (int lane = 0; lane < lanes_; ++lane) {
        for (int32_t i = 0; i < m_.n; ++i) y[i] = double(h.y[int64_t(i) * lanes_ + lane]);
        for (int32_t i = 0; i < m_.n; ++i)
          worst = std::fmax(worst, std::fabs(double(h.field[int64_t(i) * lanes_ + lane]) - setLocalField(m_, c, y.data(), 1, i)));
        worst = std::fmax(worst, std::fabs(h.energy[lane] - setEnergy(m_, c, y.data(), 1)));
      }
      return worst;
    });
  }

 private:
  bool stopped() const { return stop_ && stop_->stopped(); }

  // The CPU lanes' lane into the mirror (site-major).
  void copyLaneUp(int lane, bool membersToo = true) {
    SetLaneView<Real>& h = exec_->host;
    std::vector<uint8_t> y(m_.n);
    cpu_.copyState(lane, y.data());
    for (int32_t i = 0; i < m_.n; ++i) {
      h.y[int64_t(i) * lanes_ + lane] = Real(y[i]);
      h.field[int64_t(i) * lanes_ + lane] = cpu_.field(lane, i);
    }
    h.energy[lane] = cpu_.energy(lane);
    if (const int32_t* mem = cpu_.members(lane); mem && membersToo)
      for (int32_t t = 0; t < h.nFree; ++t) h.members[int64_t(lane) * h.nFree + t] = mem[t];
  }
  void pull() const {
    if (!statesStale_) return;
    exec_->pullState();
    statesStale_ = false;
  }

  SetModel m_;
  int lanes_;
  StopCheck* stop_;
  SetLanes<Real, LaneLayout::LaneMajor> cpu_;
  std::vector<Real> weights_;
  std::unique_ptr<SetExecutor<Real>> exec_;
  bool betaDirty_ = true;
  bool pushPending_ = false;           // the mirror holds restarted lanes the device has not seen
  bool restarted_ = false;             // setState since the last refresh
  mutable bool statesStale_ = false;  // the device holds sweeps the mirror has not seen
};

static_assert(checkLaneSystem<DeviceSetLanes<double>>(), "DeviceSetLanes is a lane System (system.hpp)");

}  // namespace ebm
