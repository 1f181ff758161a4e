// The permutation lanes on a device: a lane System (system.hpp) whose sweeps run as launches on the GPU
// (perm_kernels.cu) or on the emulated device (executor.hpp), through the plumbing both spaces share
// (device_system.hpp); Tempering and the runs drive it on the host
// as they drive PermLanes. The initial states, restarts (setState) and energy refreshes are the CPU's own: a
// PermLanes of the same lanes and seed is kept on the host, so lane L here is the CPU's lane L.
#pragma once
#include <cmath>
#include <vector>
#include "core/perm_lanes.hpp"
#include "core/system.hpp"
#include "cuda/device_system.hpp"

namespace ebm {

class DevicePermLanes : public DeviceLaneSystem<PermLaneView> {
 public:
  using State = int32_t;

  DevicePermLanes(const PermModel& m, int lanes, uint64_t seed, uint32_t laneBase, StopCheck* stop, DeviceKind kind)
      : DeviceLaneSystem(lanes, stop), m_(m), cpu_(m, lanes, seed, laneBase, stop), free_(freeItems(m)) {
    const QapView& q = cpu_.qap();
    PermLaneView v;
    v.model = m;
    v.qap = q;
    v.nFree = int32_t(free_.size());
    v.free = free_.data();
    PermLaunchInput in;
    in.n = m.n;
    in.nFree = v.nFree;
    in.linear = m.linear != nullptr;
    in.qap = q.A != nullptr;
    in.symmetric = q.symmetric;
    open(v, in, seed, laneBase, kind);
    if (!stopped())  // a stopped construction leaves CPU lanes the runs never read
      for (int lane = 0; lane < lanes; ++lane) copyLaneUp(lane);
    start();
  }

  int32_t n() const { return m_.n; }
  const QapView& qap() const { return cpu_.qap(); }
  const int32_t* sigma(int lane) const { return current().sigma + int64_t(lane) * m_.n; }

  void copyState(int lane, int32_t* out) const {
    const int32_t* s = sigma(lane);
    for (int32_t i = 0; i < m_.n; ++i) out[i] = s[i];
  }

  void setState(int lane, const int32_t* state) {
    currentForWrite();
    cpu_.setState(lane, state);
    copyLaneUp(lane);
    restarted();
  }

  // Energies from scratch with the CPU's code (PermLanes::setState computes permEnergy).
  void refresh() {
    PermLaneView& h = currentForWrite();
    for (int lane = 0; lane < lanes() && !stopped(); ++lane) {
      cpu_.setState(lane, h.sigma + int64_t(lane) * m_.n);
      h.energy[lane] = cpu_.energy(lane);
    }
    pushState();
  }

  // Largest |cached - recomputed| energy; +inf if a lane is not an admissible permutation or its inverse is
  // stale (tests).
  double maxCacheError() const {
    const PermLaneView& h = currentWithCaches();
    double worst = 0;
    for (int lane = 0; lane < lanes(); ++lane) {
      const int32_t* s = h.sigma + int64_t(lane) * m_.n;
      const int32_t* inv = h.inverse + int64_t(lane) * m_.n;
      for (int32_t i = 0; i < m_.n; ++i) {
        if (s[i] < 0 || s[i] >= m_.n || inv[s[i]] != i) return INFINITY;
        if (m_.clamp && m_.clamp[i] >= 0 && s[i] != m_.clamp[i]) return INFINITY;
      }
      worst = std::fmax(worst, std::fabs(h.energy[lane] - permEnergy(m_, s)));
    }
    return worst;
  }

 private:
  void copyLaneUp(int lane) {
    PermLaneView& h = mirror();
    const int32_t* s = cpu_.sigma(lane);
    int32_t* sigma = h.sigma + int64_t(lane) * m_.n;
    int32_t* inverse = h.inverse + int64_t(lane) * m_.n;
    for (int32_t i = 0; i < m_.n; ++i) sigma[i] = s[i], inverse[s[i]] = i;
    h.energy[lane] = cpu_.energy(lane);
  }

  PermModel m_;
  PermLanes cpu_;
  std::vector<int32_t> free_;
};

static_assert(checkLaneSystem<DevicePermLanes>(), "DevicePermLanes is a lane System (system.hpp)");

}  // namespace ebm
