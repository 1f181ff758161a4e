// The set lanes on a device: a lane System (system.hpp) whose sweeps run as launches on the GPU
// (set_kernels.cu) or on the emulated device (executor.hpp), through the plumbing both spaces share
// (device_system.hpp), so Tempering, the DEO swaps, the ladder
// adaptation and the runs (tempering.hpp, ladder.hpp, runs.hpp) drive it on the host exactly as they drive
// SetLanes. Per round only betas go up and energies come down; states come down when a sample or the best
// state is read.
//
// The initial states are the CPU's: a SetLanes of the same lanes and seed is built on the host and its states,
// fields, energies and cardinality members are copied up, and it stays to restart lanes (setState) and to
// recompute caches (refresh) with the CPU's own code. So lane L here is the CPU's lane L, sweep for sweep.
#pragma once
#include <cmath>
#include <type_traits>
#include <vector>
#include "core/set_lanes.hpp"
#include "core/system.hpp"
#include "cuda/device_system.hpp"

namespace ebm {

template <class Real>
class DeviceSetLanes : public DeviceLaneSystem<SetLaneView<Real>> {
  using Base = DeviceLaneSystem<SetLaneView<Real>>;

 public:
  using State = uint8_t;

  DeviceSetLanes(const SetModel& m, int lanes, uint64_t seed, uint32_t laneBase, StopCheck* stop, DeviceKind kind)
      : Base(lanes, stop), m_(m), cpu_(m, lanes, seed, laneBase, stop) {
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
    SetLaunchInput in;
    in.n = v.n;
    in.nFree = v.nFree;
    in.couplings = couplings;
    in.dense = m.dense != nullptr;
    in.cardinality = v.cardinality;
    in.realBytes = int(sizeof(Real));
    this->open(v, in, seed, laneBase, kind);
    if (!this->stopped())  // a stopped construction leaves CPU lanes the runs never read
      for (int lane = 0; lane < lanes; ++lane) copyLaneUp(lane);
    this->start();
  }

  int32_t n() const { return m_.n; }

  void copyState(int lane, uint8_t* out) const {
    const SetLaneView<Real>& h = this->current();
    for (int32_t i = 0; i < m_.n; ++i) out[i] = h.y[int64_t(i) * h.lanes + lane] != Real(0) ? 1 : 0;
  }

  // Restarts a lane from y through the CPU lanes' setState (same cardinality members); call refresh() after.
  void setState(int lane, const uint8_t* y) {
    SetLaneView<Real>& h = this->currentForWrite();
    cpu_.setState(lane, y);
    for (int32_t i = 0; i < m_.n; ++i) h.y[int64_t(i) * h.lanes + lane] = y[i] ? Real(1) : Real(0);
    if (const int32_t* mem = cpu_.members(lane))
      for (int32_t t = 0; t < h.nFree; ++t) h.members[int64_t(lane) * h.nFree + t] = mem[t];
    this->restarted();
    restartedSinceRefresh_ = true;  // their fields are recomputed by the next refresh
  }

  // The CPU's refresh on the current states (SetLanes::refresh, so fields and energies get the CPU's bits).
  // A stop inside it keeps the device's values, which are valid. It runs on the host (states down, fields up:
  // O(lanes (n + nnz)) host work every refreshEvery rounds); int16 / float32 lanes hold integer models whose
  // fields and energies are exact, so a refresh there changes nothing and is skipped unless lanes were
  // restarted (setState). A refresh kernel for float64 lanes is the next step (README, GPU).
  void refresh() {
    if (!std::is_same<Real, double>::value && !restartedSinceRefresh_) return;
    restartedSinceRefresh_ = false;
    const SetLaneView<Real>& h = this->currentForWrite();
    std::vector<uint8_t> y(m_.n);
    for (int lane = 0; lane < this->lanes(); ++lane) {
      for (int32_t i = 0; i < m_.n; ++i) y[i] = h.y[int64_t(i) * h.lanes + lane] != Real(0) ? 1 : 0;
      cpu_.setState(lane, y.data());
    }
    cpu_.refresh();
    if (!this->stopped())
      for (int lane = 0; lane < this->lanes(); ++lane) copyLaneUp(lane, /*membersToo*/ false);
    this->pushState();  // restarted lanes (setState) go up even when a stop kept the cached fields
  }

  // Largest |cached - recomputed| over fields and energies (tests).
  double maxCacheError() const {
    const SetLaneView<Real>& h = this->currentWithCaches();
    return withCoupling(m_, [&](const auto& c) {
      double worst = 0.0;
      std::vector<double> y(m_.n);
      for (int lane = 0; lane < this->lanes(); ++lane) {
        for (int32_t i = 0; i < m_.n; ++i) y[i] = double(h.y[int64_t(i) * h.lanes + lane]);
        for (int32_t i = 0; i < m_.n; ++i)
          worst = std::fmax(worst, std::fabs(double(h.field[int64_t(i) * h.lanes + lane]) - setLocalField(m_, c, y.data(), 1, i)));
        worst = std::fmax(worst, std::fabs(h.energy[lane] - setEnergy(m_, c, y.data(), 1)));
      }
      return worst;
    });
  }

 private:
  // The CPU lanes' lane into the mirror (site-major).
  void copyLaneUp(int lane, bool membersToo = true) {
    SetLaneView<Real>& h = this->mirror();
    std::vector<uint8_t> y(m_.n);
    cpu_.copyState(lane, y.data());
    for (int32_t i = 0; i < m_.n; ++i) {
      h.y[int64_t(i) * h.lanes + lane] = Real(y[i]);
      h.field[int64_t(i) * h.lanes + lane] = cpu_.field(lane, i);
    }
    h.energy[lane] = cpu_.energy(lane);
    if (const int32_t* mem = cpu_.members(lane); mem && membersToo)
      for (int32_t t = 0; t < h.nFree; ++t) h.members[int64_t(lane) * h.nFree + t] = mem[t];
  }

  SetModel m_;
  SetLanes<Real, LaneLayout::LaneMajor> cpu_;
  std::vector<Real> weights_;
  bool restartedSinceRefresh_ = false;
};

static_assert(checkLaneSystem<DeviceSetLanes<double>>(), "DeviceSetLanes is a lane System (system.hpp)");

}  // namespace ebm
