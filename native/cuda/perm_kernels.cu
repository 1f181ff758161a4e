// CUDA kernel for the permutation lanes (linear and QAP energies, transposition moves) over many chains x
// replicas.
//
// Layout (why): one thread runs one lane (permThreadSweeps, lane_bodies.hpp: the CPU's transposition step and
// Philox counters, so a lane here is the CPU lane with the same global id; multiply-adds fused as in
// set_kernels.cu. The QAP delta's sums of products may be fused in a different pairing by nvcc and GCC, so
// energies can differ from the CPU's in the last bits, and a decision within ~1e-16 of its threshold may
// differ; test/gpu checks states for identity and energies to 1e-9). sigma and its inverse are lane-major in global
// memory: an attempt reads two random items of its own lane and, for QAP, its whole sigma against two rows
// of A and B, which the threads of a block read through the cache; a block's sigmas (4 n threads bytes) are
// not copied to shared memory in this first version (plan.hpp counts them in global). One launch per sweep
// batch; betas up and energies down per round through pinned host buffers, as for sets.
#include <cuda_runtime.h>
#include <stdexcept>
#include <string>
#include "cuda/cuda_memory.cuh"
#include "cuda/perm_executor.hpp"

namespace ebm {
namespace {

using namespace cuda;

__global__ void permSweepKernel(PermLaneView v, int64_t first, int count) {
  const int32_t lane = int32_t(blockIdx.x) * int32_t(blockDim.x) + int32_t(threadIdx.x);
  if (lane >= v.lanes) return;
  permThreadSweeps(v, lane, first, count);
}

class CudaPermExecutor final : public PermExecutor {
 public:
  CudaPermExecutor(const PermLaneView& model, const PermLaunchInput& in) {
    try {
      allocate(model, in);
    } catch (...) {
      release();  // a failed allocation frees what was taken before it
      throw;
    }
  }
  ~CudaPermExecutor() override { release(); }

  void pushState() override {
    up(d_.sigma, host.sigma, cells_, stream_);
    up(d_.inverse, host.inverse, cells_, stream_);
    up(d_.energy, host.energy, size_t(host.lanes), stream_);
  }
  void pushBeta() override { up(d_.beta, host.beta, size_t(host.lanes), stream_); }
  void sweeps(int64_t first, int count) override {
    permSweepKernel<<<plan.blocks, plan.threads, 0, stream_>>>(d_, first, count);
    check(cudaGetLastError(), "kernel launch (permSweepKernel)");
    down(host.energy, d_.energy, size_t(d_.lanes), stream_);
    check(cudaStreamSynchronize(stream_), "permSweepKernel");
  }
  void pullState() override {
    down(host.sigma, d_.sigma, cells_, stream_);
    down(host.inverse, d_.inverse, cells_, stream_);
    down(host.energy, d_.energy, size_t(host.lanes), stream_);
    check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize (states)");
  }

 private:
  void allocate(const PermLaneView& model, const PermLaunchInput& in) {
    const DeviceCaps caps = queryCaps();
    plan = planPermLaunch(in, caps);
    if (!plan.fits)
      throw std::runtime_error("CUDA: the job needs " + std::to_string(plan.deviceBytes >> 20) + " MiB of device memory but the device has " +
                               std::to_string(caps.globalBytes >> 20) + " MiB");
    host = model;
    d_ = model;
    host.sigma = host.inverse = d_.sigma = d_.inverse = nullptr;  // the lane arrays are this executor's
    host.energy = host.beta = d_.energy = d_.beta = nullptr;
    d_.free = nullptr;
    d_.model.linear = d_.model.flow = d_.model.distance = nullptr;
    d_.model.clamp = nullptr;  // the sweeps never read clamps (free items only)
    d_.qap.A = d_.qap.B = d_.qap.At = d_.qap.Bt = nullptr;
    check(cudaStreamCreate(&stream_), "cudaStreamCreate");
    const size_t n = size_t(model.model.n), nn = n * n, lanes = size_t(model.lanes);
    cells_ = n * lanes;
    host.sigma = pinnedAlloc<int32_t>(cells_);
    host.inverse = pinnedAlloc<int32_t>(cells_);
    host.energy = pinnedAlloc<double>(lanes);
    host.beta = pinnedAlloc<double>(lanes);
    d_.sigma = deviceAlloc<int32_t>(cells_);
    d_.inverse = deviceAlloc<int32_t>(cells_);
    d_.energy = deviceAlloc<double>(lanes);
    d_.beta = deviceAlloc<double>(lanes);
    d_.free = deviceCopy(model.free, size_t(model.nFree));
    if (model.model.linear) d_.model.linear = deviceCopy(model.model.linear, nn);
    // The QAP view's matrices (symmetrized / transposed copies, perm_model.hpp); flow and distance stay null:
    // the delta reads the view only.
    if (model.qap.A) d_.qap.A = deviceCopy(model.qap.A, nn);
    if (model.qap.B) d_.qap.B = deviceCopy(model.qap.B, nn);
    if (model.qap.At) d_.qap.At = deviceCopy(model.qap.At, nn);
    if (model.qap.Bt) d_.qap.Bt = deviceCopy(model.qap.Bt, nn);
  }
  void release() {
    for (void* p : {(void*)host.sigma, (void*)host.inverse, (void*)host.energy, (void*)host.beta})
      if (p) cudaFreeHost(p);
    for (const void* p : {(const void*)d_.sigma, (const void*)d_.inverse, (const void*)d_.energy, (const void*)d_.beta,
                          (const void*)d_.free, (const void*)d_.model.linear, (const void*)d_.qap.A, (const void*)d_.qap.B,
                          (const void*)d_.qap.At, (const void*)d_.qap.Bt})
      if (p) cudaFree(const_cast<void*>(p));
    if (stream_) cudaStreamDestroy(stream_);
    host = PermLaneView{};
    d_ = PermLaneView{};
    stream_ = nullptr;
  }

  PermLaneView d_;
  cudaStream_t stream_ = nullptr;
  size_t cells_ = 0;
};

}  // namespace

std::unique_ptr<PermExecutor> makeCudaPermExecutor(const PermLaneView& model, const PermLaunchInput& input) {
  return std::unique_ptr<PermExecutor>(new CudaPermExecutor(model, input));
}

}  // namespace ebm
