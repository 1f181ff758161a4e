// Where the permutation device lanes run (the counterpart of executor.hpp for sets): a PermExecutor owns the
// lanes' device buffers and a host mirror, the CUDA one in perm_kernels.cu, the emulated one below (the
// kernel's per-thread body, permThreadSweeps in lane_bodies.hpp, run thread by thread on the host).
#pragma once
#include <algorithm>
#include <memory>
#include <vector>
#include "cuda/lane_bodies.hpp"
#include "cuda/plan.hpp"

namespace ebm {

class PermExecutor {
 public:
  PermLaneView host;  // model pointers: the caller's host arrays; lane arrays: the executor's
  LaunchPlan plan;
  virtual ~PermExecutor() = default;
  virtual void pushState() = 0;  // sigma, inverse, energy
  virtual void pushBeta() = 0;
  virtual void sweeps(int64_t first, int count) = 0;  // one launch; afterwards host.energy holds the energies
  virtual void pullState() = 0;
};

struct PermLaneArrays {
  std::vector<int32_t> sigma, inverse;
  std::vector<double> energy, beta;
  void allocate(PermLaneView& v) {
    const size_t cells = size_t(v.model.n) * v.lanes;
    sigma.assign(cells, 0);
    inverse.assign(cells, 0);
    energy.assign(v.lanes, 0.0);
    beta.assign(v.lanes, 1.0);
    v.sigma = sigma.data();
    v.inverse = inverse.data();
    v.energy = energy.data();
    v.beta = beta.data();
  }
};

class EmulatedPermExecutor final : public PermExecutor {
 public:
  EmulatedPermExecutor(const PermLaneView& model, const LaunchPlan& p) {
    plan = p;
    host = model;
    mirror_.allocate(host);
    device_ = model;
    deviceArrays_.allocate(device_);
  }
  void pushState() override {
    copy(mirror_.sigma, deviceArrays_.sigma);
    copy(mirror_.inverse, deviceArrays_.inverse);
    copy(mirror_.energy, deviceArrays_.energy);
  }
  void pushBeta() override { copy(mirror_.beta, deviceArrays_.beta); }
  void sweeps(int64_t first, int count) override {
    for (int b = 0; b < plan.blocks; ++b)
      for (int t = 0; t < plan.threads; ++t) {
        const int32_t lane = b * plan.threads + t;
        if (lane >= device_.lanes) break;
        permThreadSweeps(device_, lane, first, count);
      }
    copy(deviceArrays_.energy, mirror_.energy);
  }
  void pullState() override {
    copy(deviceArrays_.sigma, mirror_.sigma);
    copy(deviceArrays_.inverse, mirror_.inverse);
    copy(deviceArrays_.energy, mirror_.energy);
  }

 private:
  template <class T>
  static void copy(const std::vector<T>& from, std::vector<T>& to) {
    std::copy(from.begin(), from.end(), to.begin());  // element-wise: the views point into the vectors
  }
  PermLaneArrays mirror_, deviceArrays_;
  PermLaneView device_;
};

// The CUDA executor (perm_kernels.cu); throws std::runtime_error naming CUDA and the failing call.
std::unique_ptr<PermExecutor> makeCudaPermExecutor(const PermLaneView& model, const PermLaunchInput& input);

}  // namespace ebm
