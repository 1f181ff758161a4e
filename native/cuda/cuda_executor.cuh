// The CUDA executor and its kernel, written once over the lane view (executor.hpp says what differs between
// the spaces) and instantiated by set_kernels.cu and perm_kernels.cu, whose header comments give the layout of
// each space and why.
#pragma once
#include <cuda_runtime.h>
#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>
#include "cuda/cuda_memory.cuh"
#include "cuda/executor.hpp"

namespace ebm {
namespace cuda {

// One launch: moves [from, to) of one sweep in every lane, one lane per thread (threadMoves, lane_bodies.hpp).
// The lane index is computed in 64 bits (no wrap however many lanes); a thread past the last lane of the ragged
// last block returns at once, which is safe because no barrier follows: each thread reads and writes only its
// own lane, in global memory and in its own slot of the block's shared memory.
template <class View>
__global__ void sweepKernel(View v, int shared, int64_t sweep, int32_t from, int32_t to) {
  extern __shared__ __align__(16) unsigned char smem[];  // one untyped declaration for every instantiation
  const int64_t lane = int64_t(blockIdx.x) * int64_t(blockDim.x) + int64_t(threadIdx.x);
  if (lane >= v.lanes) return;
  threadMoves(v, int32_t(lane), shared ? static_cast<void*>(smem) : nullptr, int32_t(threadIdx.x), int32_t(blockDim.x), sweep, from, to);
}

template <class P>
using Pointee = std::remove_cv_t<std::remove_reference_t<decltype(*std::declval<P>())>>;

template <class View>
class CudaExecutor final : public Executor<View> {
 public:
  template <class Input>
  CudaExecutor(const View& model, const Input& in) {
    try {
      allocate(model, in);
    } catch (...) {
      release();  // a failed allocation frees what was taken before it
      throw;
    }
  }
  ~CudaExecutor() override { release(); }

  void pushState() override { move([](Moves m) { return pushes(m, Moves::State); }, cudaMemcpyHostToDevice); }
  void pushBeta() override { move([](Moves m) { return pushes(m, Moves::Beta); }, cudaMemcpyHostToDevice); }
  void sweep(int64_t sweep, int32_t from, int32_t to) override {
    const LaunchPlan& p = this->plan;
    sweepKernel<View><<<p.blocks, p.threads, size_t(p.shared ? p.sharedBytes : 0), stream_>>>(d_, p.shared ? 1 : 0, sweep, from, to);
    check(cudaGetLastError(), "kernel launch (sweepKernel)");
    down(this->host.energy, d_.energy, size_t(d_.lanes), stream_);
    check(cudaStreamSynchronize(stream_), "sweepKernel (or a copy before it)");
  }
  void pullState(bool caches) override {
    move([&](Moves m) { return pulls(m, caches); }, cudaMemcpyDeviceToHost);
    check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize (states)");
  }

 private:
  template <class Input>
  void allocate(const View& model, const Input& in) {
    DeviceCaps caps = queryCaps();
    cudaFuncAttributes attr;
    check(cudaFuncGetAttributes(&attr, sweepKernel<View>), "cudaFuncGetAttributes");
    caps.maxThreadsPerBlock = std::min(caps.maxThreadsPerBlock, attr.maxThreadsPerBlock);  // the kernel's register limit
    this->plan = planLaunch(in, caps);
    checkPlanBytes(model, this->plan);
    if (!this->plan.fits)
      throw std::runtime_error("CUDA: the job needs " + std::to_string(this->plan.deviceBytes >> 20) + " MiB of device memory but the device has " +
                               std::to_string(caps.globalBytes >> 20) + " MiB");
    // Above the default 48 KiB a launch needs the kernel's opt-in. The attribute belongs to the kernel, not the
    // job, and jobs may run at once on several threads: it is set to the device's maximum (which the plan stays
    // within), never to this job's size, so one job cannot lower it under another's launches.
    if (this->plan.sharedBytes > 48 * 1024)
      check(cudaFuncSetAttribute(sweepKernel<View>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(caps.sharedPerBlock)),
            "cudaFuncSetAttribute (shared memory)");
    check(cudaStreamCreate(&stream_), "cudaStreamCreate");
    this->host = model;
    d_ = model;
    // Zeroed pinned mirrors, so nothing the device lanes read first is left to chance (the lanes set betas to 1
    // and copy the CPU's states in before the first push); device buffers are filled by those pushes.
    forLaneArrays(this->host, [&](auto*& p, size_t count, Moves) {
      using T = Pointee<decltype(p)>;
      p = pinnedAlloc<T>(count);
      if (p) pinned_.push_back(p);
      if (p) std::memset(static_cast<void*>(p), 0, count * sizeof(T));
    });
    forLaneArrays(d_, [&](auto*& p, size_t count, Moves) {
      p = deviceAlloc<Pointee<decltype(p)>>(count);
      if (p) device_.push_back(p);
    });
    forModelArrays(d_, [&](auto*& p, size_t count) {
      using T = Pointee<decltype(p)>;
      T* copy = deviceCopy<T>(p, count);
      if (copy) device_.push_back(copy);
      p = copy;
    });
  }
  // Every lane array that `take` accepts, between the mirror and the device (same order, same sizes).
  template <class Take>
  void move(Take&& take, cudaMemcpyKind kind) {
    std::vector<void*> dst;
    forLaneArrays(d_, [&](auto* p, size_t, Moves) { dst.push_back(p); });
    size_t k = 0;
    forLaneArrays(this->host, [&](auto* p, size_t count, Moves m) {
      void* dev = dst[k++];
      if (!take(m) || count == 0) return;
      const size_t bytes = count * sizeof(*p);
      if (kind == cudaMemcpyHostToDevice)
        check(cudaMemcpyAsync(dev, p, bytes, kind, stream_), "cudaMemcpyAsync (lanes up)");
      else
        check(cudaMemcpyAsync(p, dev, bytes, kind, stream_), "cudaMemcpyAsync (lanes down)");
    });
  }
  void release() {
    if (stream_) cudaStreamSynchronize(stream_);  // no copy may still read a buffer freed below
    for (void* p : pinned_) cudaFreeHost(p);
    for (void* p : device_) cudaFree(p);
    if (stream_) cudaStreamDestroy(stream_);
    cudaGetLastError();  // a failure here is not the caller's: leave no sticky error for the next job
    pinned_.clear();
    device_.clear();
    stream_ = nullptr;
  }

  View d_;  // the device's view: lane and model arrays in device memory
  cudaStream_t stream_ = nullptr;
  std::vector<void*> pinned_, device_;  // what release() frees
};

}  // namespace cuda

template <class View, class Input>
std::unique_ptr<Executor<View>> makeCudaExecutor(const View& model, const Input& input) {
  return std::unique_ptr<Executor<View>>(new cuda::CudaExecutor<View>(model, input));
}

}  // namespace ebm
