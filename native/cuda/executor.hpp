// Where the device lanes run: an Executor owns the lanes' device buffers and a host mirror of them (page-locked
// on a GPU, so the per-round copies are plain DMA), and runs the launches the plan (plan.hpp) sets. Two of them:
// the CUDA one (cuda_executor.cuh, built when nvcc is found) and the emulated one below, which runs the kernel's
// per-thread body (threadMoves, lane_bodies.hpp) block by block on the host: the same code path minus the
// hardware, which is what the tests without a GPU check against the CPU lanes.
//
// Both are written once over the lane view (SetLaneView<Real>, PermLaneView); what differs between the spaces is
// said by four plain functions on the view, below: its lane arrays, its model arrays, how a beta is stored and
// how many moves make a sweep.
#pragma once
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>
#include "cuda/device_kind.hpp"
#include "cuda/lane_bodies.hpp"
#include "cuda/plan.hpp"

namespace ebm {

// Which copies move a lane array: states and energies (pushState, pullState), caches the CPU recomputes from
// the states (fields, inverse permutations: pushState, and pullState only when asked), betas (pushBeta).
enum class Moves { State, Cache, Beta };

// The lane arrays of a view: f(pointer, count, moves) for each (the executor points them at its buffers).
template <class Real, class F>
void forLaneArrays(SetLaneView<Real>& v, F&& f) {
  const size_t cells = size_t(v.n) * size_t(v.lanes), lanes = size_t(v.lanes);
  f(v.y, cells, Moves::State);
  f(v.field, cells, Moves::Cache);
  f(v.members, v.cardinality ? size_t(v.nFree) * lanes : 0, Moves::State);
  f(v.energy, lanes, Moves::State);
  f(v.beta, lanes, Moves::Beta);
  f(v.betaReal, lanes, Moves::Beta);
}
template <class F>
void forLaneArrays(PermLaneView& v, F&& f) {
  const size_t cells = size_t(v.model.n) * size_t(v.lanes), lanes = size_t(v.lanes);
  f(v.sigma, cells, Moves::State);
  f(v.inverse, cells, Moves::Cache);
  f(v.energy, lanes, Moves::State);
  f(v.beta, lanes, Moves::Beta);
}

// The model arrays the kernel reads: f(pointer, count) for each (the CUDA executor points them at device
// copies). A count of 0 marks an array the kernel never reads: its device pointer is null.
template <class Real, class F>
void forModelArrays(SetLaneView<Real>& v, F&& f) {
  f(v.free, size_t(v.nFree));
  const bool dense = v.dense != nullptr;
  const size_t nnz = dense ? 0 : size_t(v.rowPtr[v.n]);  // read before rowPtr is replaced
  f(v.dense, dense ? size_t(v.n) * size_t(v.n) : 0);
  f(v.rowPtr, dense ? 0 : size_t(v.n) + 1);
  f(v.col, nnz);
  f(v.weight, nnz);
}
template <class F>
void forModelArrays(PermLaneView& v, F&& f) {
  const size_t nn = size_t(v.model.n) * size_t(v.model.n);
  f(v.free, size_t(v.nFree));
  f(v.model.linear, v.model.linear ? nn : 0);
  f(v.model.flow, 0);  // the QAP delta reads the view's matrices (symmetrized / transposed, perm_model.hpp)
  f(v.model.distance, 0);
  f(v.model.clamp, 0);  // the sweeps move free items only
  f(v.qap.A, v.qap.A ? nn : 0);
  f(v.qap.B, v.qap.B ? nn : 0);
  f(v.qap.At, v.qap.At ? nn : 0);
  f(v.qap.Bt, v.qap.Bt ? nn : 0);
}

// A lane's beta in the mirror (the set site move reads it in the lane arithmetic too), and the moves of a sweep.
template <class Real>
void setMirrorBeta(SetLaneView<Real>& v, int lane, double beta) {
  v.beta[lane] = beta;
  v.betaReal[lane] = CalcOf<Real>(beta);
}
inline void setMirrorBeta(PermLaneView& v, int lane, double beta) { v.beta[lane] = beta; }
template <class Real>
int32_t sweepMoves(const SetLaneView<Real>& v) { return v.nFree; }
inline int32_t sweepMoves(const PermLaneView& v) { return v.nFree; }

// Bytes of the lane arrays of a view (a copy: the pointers are not touched) and of its model arrays.
template <class View>
int64_t laneArrayBytes(View v) {
  int64_t bytes = 0;
  forLaneArrays(v, [&](auto* p, size_t count, Moves) { bytes += int64_t(count * sizeof(*p)); });
  return bytes;
}
template <class View>
int64_t modelArrayBytes(View v) {
  int64_t bytes = 0;
  forModelArrays(v, [&](auto* p, size_t count) { bytes += int64_t(count * sizeof(*p)); });
  return bytes;
}

// The plan must count what the executors allocate (its byte counts decide `fits`, and pinned memory is scarce):
// a mismatch is a planning bug, reported by name rather than run.
template <class View>
void checkPlanBytes(const View& v, const LaunchPlan& plan) {
  const int64_t lanes = laneArrayBytes(v), model = modelArrayBytes(v);
  if (plan.pinnedBytes != lanes || plan.deviceBytes != lanes + model)
    throw std::runtime_error("CUDA: launch plan counts " + std::to_string(plan.deviceBytes) + " device / " + std::to_string(plan.pinnedBytes) +
                             " pinned bytes but the lanes take " + std::to_string(lanes + model) + " / " + std::to_string(lanes));
}

template <class View>
class Executor {
 public:
  // The host mirror: the model pointers are the caller's host arrays, the lane arrays are the executor's.
  View host;
  LaunchPlan plan;
  virtual ~Executor() = default;
  virtual void pushState() = 0;  // Moves::State and Moves::Cache arrays: host -> device
  virtual void pushBeta() = 0;   // Moves::Beta
  // One launch: moves [from, to) of sweep `sweep` in every lane; afterwards host.energy holds the energies.
  virtual void sweep(int64_t sweep, int32_t from, int32_t to) = 0;
  // Moves::State arrays, and Moves::Cache ones when `caches`: device -> host (reading states needs no caches:
  // half the bytes of a set job's copy).
  virtual void pullState(bool caches) = 0;
};

// Whether a copy that moves `moves` (State covers State and Cache for a push, caches decides for a pull) takes an array.
inline bool pushes(Moves array, Moves moves) { return moves == Moves::Beta ? array == Moves::Beta : array != Moves::Beta; }
inline bool pulls(Moves array, bool caches) { return array == Moves::State || (caches && array == Moves::Cache); }

// A zeroed host buffer for a lane array, owned by `owner` (calloc: aligned for every lane type).
template <class T>
T* hostArray(std::vector<std::unique_ptr<void, void (*)(void*)>>& owner, size_t count) {
  void* p = std::calloc(count ? count : 1, sizeof(T));
  if (!p) throw std::bad_alloc();
  owner.emplace_back(p, std::free);
  return static_cast<T*>(p);
}

// The emulated device: "device" buffers are a second host copy, and sweep() runs threadMoves for every
// (block, thread) of the plan, with a block-sized scratch standing in for shared memory when the plan uses it.
template <class View>
class EmulatedExecutor final : public Executor<View> {
 public:
  EmulatedExecutor(const View& model, const LaunchPlan& plan) {
    checkPlanBytes(model, plan);
    this->plan = plan;
    this->host = model;
    device_ = model;
    forLaneArrays(this->host, [&](auto*& p, size_t count, Moves) { p = hostArray<std::remove_reference_t<decltype(*p)>>(owned_, count); });
    forLaneArrays(device_, [&](auto*& p, size_t count, Moves) { p = hostArray<std::remove_reference_t<decltype(*p)>>(owned_, count); });
    if (plan.shared) shared_.assign(size_t(plan.sharedBytes + 7) / 8, 0.0);
  }
  void pushState() override { copy(this->host, device_, [](Moves m) { return pushes(m, Moves::State); }); }
  void pushBeta() override { copy(this->host, device_, [](Moves m) { return pushes(m, Moves::Beta); }); }
  void sweep(int64_t sweep, int32_t from, int32_t to) override {
    const LaunchPlan& p = this->plan;
    for (int64_t b = 0; b < p.blocks; ++b)
      for (int t = 0; t < p.threads; ++t) {
        const int64_t lane = b * p.threads + t;
        if (lane >= device_.lanes) break;  // the ragged last block
        threadMoves(device_, int32_t(lane), p.shared ? shared_.data() : nullptr, t, p.threads, sweep, from, to);
      }
    std::memcpy(this->host.energy, device_.energy, size_t(device_.lanes) * sizeof(double));
  }
  void pullState(bool caches) override { copy(device_, this->host, [&](Moves m) { return pulls(m, caches); }); }

 private:
  // Every lane array that `take` accepts, from one view's buffers to the other's (same order, same sizes).
  template <class Take>
  static void copy(View from, View& to, Take&& take) {
    std::vector<std::pair<void*, size_t>> sources;
    forLaneArrays(from, [&](auto* p, size_t count, Moves) { sources.emplace_back(p, count * sizeof(*p)); });
    size_t k = 0;
    forLaneArrays(to, [&](auto* p, size_t, Moves m) {
      if (take(m) && sources[k].second) std::memcpy(p, sources[k].first, sources[k].second);
      ++k;
    });
  }

  std::vector<std::unique_ptr<void, void (*)(void*)>> owned_;
  View device_;
  std::vector<double> shared_;  // the block's shared memory (8-byte aligned for every lane type)
};

// The CUDA executor (cuda_executor.cuh, instantiated in set_kernels.cu and perm_kernels.cu): plans with the
// device's caps and throws std::runtime_error naming CUDA and the failing call when a device is missing, the job
// does not fit or a call fails (the jobs turn it into a rejected promise, job_worker.hpp).
template <class View, class Input>
std::unique_ptr<Executor<View>> makeCudaExecutor(const View& model, const Input& input);

// The executor a DeviceKind asks for.
template <class View, class Input>
std::unique_ptr<Executor<View>> makeExecutor(const View& model, const Input& input, DeviceKind kind) {
  if (kind == DeviceKind::Cuda) {
#if EBM_HAVE_CUDA
    return makeCudaExecutor(model, input);
#else
    throw std::runtime_error("CUDA: this build has no CUDA backend (nvcc was not found when the addon was compiled)");
#endif
  }
  const LaunchPlan plan = planLaunch(input, emulatedCaps());
  if (!plan.fits) throw std::runtime_error("CUDA (emulated): the job needs more device memory than the planned device has");
  return std::unique_ptr<Executor<View>>(new EmulatedExecutor<View>(model, plan));
}

}  // namespace ebm
