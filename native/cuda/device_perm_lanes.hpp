// The permutation lanes on a device: a lane System (system.hpp) whose sweeps run as one launch each on the GPU
// (perm_kernels.cu) or on the emulated device (perm_executor.hpp); Tempering and the runs drive it on the host
// as they drive PermLanes. The initial states, restarts (setState) and energy refreshes are the CPU's own: a
// PermLanes of the same lanes and seed is kept on the host, so lane L here is the CPU's lane L.
#pragma once
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>
#include "core/perm_lanes.hpp"
#include "core/system.hpp"
#include "cuda/device_kind.hpp"
#include "cuda/perm_executor.hpp"

namespace ebm {

class DevicePermLanes {
 public:
  using State = int32_t;

  DevicePermLanes(const PermModel& m, int lanes, uint64_t seed, uint32_t laneBase, StopCheck* stop, DeviceKind kind)
      : m_(m), lanes_(lanes), stop_(stop), cpu_(m, lanes, seed, laneBase, stop) {
    const QapView& q = cpu_.qap();
    PermLaneView v;
    v.model = m;
    v.qap = q;
    free_ = freeItems(m);
    v.nFree = int32_t(free_.size());
    v.free = free_.data();
    v.lanes = lanes;
    v.laneBase = laneBase;
    v.key = seedKey(seed);
    PermLaunchInput in;
    in.n = m.n;
    in.nFree = v.nFree;
    in.linear = m.linear != nullptr;
    in.qap = q.A != nullptr;
    in.symmetric = q.symmetric;
    in.lanes = lanes;
    if (kind == DeviceKind::Cuda) {
#if EBM_HAVE_CUDA
      exec_ = makeCudaPermExecutor(v, in);
#else
      throw std::runtime_error("CUDA: this build has no CUDA backend (nvcc was not found when the addon was compiled)");
#endif
    } else {
      const LaunchPlan plan = planPermLaunch(in, DeviceCaps{});
      if (!plan.fits) throw std::runtime_error("CUDA (emulated): the job needs more device memory than the planned device has");
      exec_.reset(new EmulatedPermExecutor(v, plan));
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
    betaDirty_ = true;
  }
  double beta(int lane) const { return exec_->host.beta[lane]; }
  double energy(int lane) const { return exec_->host.energy[lane]; }
  const QapView& qap() const { return cpu_.qap(); }
  const int32_t* sigma(int lane) const {
    pull();
    return exec_->host.sigma + int64_t(lane) * m_.n;
  }

  void sweep(int64_t sweepIndex) {
    if (pushPending_) exec_->pushState();
    pushPending_ = false;
    if (betaDirty_) exec_->pushBeta();
    betaDirty_ = false;
    exec_->sweeps(sweepIndex, 1);
    stale_ = true;
  }

  void copyState(int lane, int32_t* out) const {
    const int32_t* s = sigma(lane);
    for (int32_t i = 0; i < m_.n; ++i) out[i] = s[i];
  }

  void setState(int lane, const int32_t* state) {
    pull();
    cpu_.setState(lane, state);
    copyLaneUp(lane);
    pushPending_ = true;  // one upload for all restarted lanes, at the next sweep or refresh
  }

  // Energies from scratch with the CPU's code (PermLanes::setState computes permEnergy).
  void refresh() {
    pull();
    for (int lane = 0; lane < lanes_ && !stopped(); ++lane) {
      cpu_.setState(lane, exec_->host.sigma + int64_t(lane) * m_.n);
      exec_->host.energy[lane] = cpu_.energy(lane);
    }
    exec_->pushState();
    pushPending_ = false;
  }

  // Largest |cached - recomputed| energy; +inf if a lane is not an admissible permutation or its inverse is
  // stale (tests).
  double maxCacheError() const {
    pull();
    const PermLaneView& h = exec_->host;
    double worst = 0;
    for (int lane = 0; lane < lanes_; ++lane) {
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
  bool stopped() const { return stop_ && stop_->stopped(); }
  void copyLaneUp(int lane) {
    PermLaneView& h = exec_->host;
    const int32_t* s = cpu_.sigma(lane);
    int32_t* sigma = h.sigma + int64_t(lane) * m_.n;
    int32_t* inverse = h.inverse + int64_t(lane) * m_.n;
    for (int32_t i = 0; i < m_.n; ++i) sigma[i] = s[i], inverse[s[i]] = i;
    h.energy[lane] = cpu_.energy(lane);
  }
  void pull() const {
    if (!stale_) return;
    exec_->pullState();
    stale_ = false;
  }

  PermModel m_;
  int lanes_;
  StopCheck* stop_;
  PermLanes cpu_;
  std::vector<int32_t> free_;
  std::unique_ptr<PermExecutor> exec_;
  bool betaDirty_ = true;
  bool pushPending_ = false;     // the mirror holds restarted lanes the device has not seen
  mutable bool stale_ = false;  // the device holds sweeps the mirror has not seen
};

static_assert(checkLaneSystem<DevicePermLanes>(), "DevicePermLanes is a lane System (system.hpp)");

}  // namespace ebm
