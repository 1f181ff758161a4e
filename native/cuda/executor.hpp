// Where the device lanes run: a SetExecutor owns the lanes' device buffers and a host mirror of them (page-locked
// on a GPU, so the per-round copies are plain DMA), and runs the launches the plan (plan.hpp) sets. Two of them:
// the CUDA one (set_kernels.cu, built when nvcc is found) and the emulated one below, which runs the kernel's
// per-thread body (lane_bodies.hpp) block by block on the host: the same code path minus the hardware, which is
// what the tests without a GPU check against the CPU lanes.
#pragma once
#include <algorithm>
#include <memory>
#include <vector>
#include "cuda/lane_bodies.hpp"
#include "cuda/plan.hpp"

namespace ebm {

template <class Real>
class SetExecutor {
 public:
  // The host mirror: the model pointers are the caller's host arrays, the lane arrays are the executor's.
  SetLaneView<Real> host;
  LaunchPlan plan;
  virtual ~SetExecutor() = default;
  virtual void pushState() = 0;  // y, field, members, energy: host -> device
  virtual void pushBeta() = 0;   // beta, betaReal
  virtual void sweeps(int64_t first, int count) = 0;  // one launch; afterwards host.energy holds the energies
  virtual void pullState() = 0;  // y, field, members, energy: device -> host
};

// The lane arrays of a view, allocated in plain host memory (emulation) with the sizes the plan counts.
template <class Real>
struct HostLaneArrays {
  std::vector<Real> y, field;
  std::vector<int32_t> members;
  std::vector<double> energy, beta;
  std::vector<CalcOf<Real>> betaReal;
  void allocate(SetLaneView<Real>& v) {
    const size_t cells = size_t(v.n) * v.lanes;
    y.assign(cells, Real(0));
    field.assign(cells, Real(0));
    members.assign(v.cardinality ? size_t(v.nFree) * v.lanes : 0, 0);
    energy.assign(v.lanes, 0.0);
    beta.assign(v.lanes, 1.0);
    betaReal.assign(v.lanes, CalcOf<Real>(1));
    v.y = y.data();
    v.field = field.data();
    v.members = members.data();
    v.energy = energy.data();
    v.beta = beta.data();
    v.betaReal = betaReal.data();
  }
};

// The emulated device: "device" buffers are a second host copy, and sweeps() runs setThreadSweeps for every
// (block, thread) of the plan, with a block-sized scratch standing in for shared memory when the plan uses it.
template <class Real>
class EmulatedSetExecutor final : public SetExecutor<Real> {
 public:
  EmulatedSetExecutor(const SetLaneView<Real>& model, const LaunchPlan& plan) {
    this->plan = plan;
    this->host = model;
    mirror_.allocate(this->host);
    device_ = model;
    deviceArrays_.allocate(device_);
    if (plan.shared) shared_.assign(size_t(plan.sharedBytes / sizeof(Real)), Real(0));
  }
  void pushState() override {
    std::copy(mirror_.y.begin(), mirror_.y.end(), deviceArrays_.y.begin());
    std::copy(mirror_.field.begin(), mirror_.field.end(), deviceArrays_.field.begin());
    std::copy(mirror_.members.begin(), mirror_.members.end(), deviceArrays_.members.begin());
    std::copy(mirror_.energy.begin(), mirror_.energy.end(), deviceArrays_.energy.begin());
  }
  void pushBeta() override {
    std::copy(mirror_.beta.begin(), mirror_.beta.end(), deviceArrays_.beta.begin());
    std::copy(mirror_.betaReal.begin(), mirror_.betaReal.end(), deviceArrays_.betaReal.begin());
  }
  void sweeps(int64_t first, int count) override {
    const LaunchPlan& p = this->plan;
    for (int b = 0; b < p.blocks; ++b)
      for (int t = 0; t < p.threads; ++t) {
        const int32_t lane = b * p.threads + t;
        if (lane >= device_.lanes) break;
        setThreadSweeps(device_, lane, p.shared ? shared_.data() : nullptr, t, p.threads, first, count);
      }
    std::copy(deviceArrays_.energy.begin(), deviceArrays_.energy.end(), mirror_.energy.begin());
  }
  void pullState() override {
    std::copy(deviceArrays_.y.begin(), deviceArrays_.y.end(), mirror_.y.begin());
    std::copy(deviceArrays_.field.begin(), deviceArrays_.field.end(), mirror_.field.begin());
    std::copy(deviceArrays_.members.begin(), deviceArrays_.members.end(), mirror_.members.begin());
    std::copy(deviceArrays_.energy.begin(), deviceArrays_.energy.end(), mirror_.energy.begin());
  }

 private:
  HostLaneArrays<Real> mirror_, deviceArrays_;  // copied element-wise: the views point into them
  SetLaneView<Real> device_;
  std::vector<Real> shared_;
};

// The CUDA executor (set_kernels.cu): throws std::runtime_error naming CUDA and the failing call when a device
// is missing or a call fails; the caller plans with the device's caps (queried there).
template <class Real>
std::unique_ptr<SetExecutor<Real>> makeCudaSetExecutor(const SetLaneView<Real>& model, const SetLaunchInput& input);

}  // namespace ebm
