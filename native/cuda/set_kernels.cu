// CUDA kernels for the set lanes: single-site heat-bath Gibbs and cardinality swaps over many chains x replicas.
//
// Layout (why):
// - One thread runs one lane (one replica of one chain), from lane_bodies.hpp: the CPU's step functions and
//   Philox counters, so a lane here is the CPU lane with the same global id: the same words, the same flips
//   (products s f_i with s = +-1 and field updates f + w s are exact), the same energies. One caveat, rounding
//   of the acceptance test: nvcc fuses multiply-adds (--fmad=true, its default, kept), and GCC does the same
//   on FMA machines (-march=native, prebuilt x86-64-v3/v4: -ffp-contract=fast fuses expFast's Horner steps
//   and range reduction into the same IEEE fma operations), so the exp bits agree there. Against a CPU build
//   without FMA (x86-64-v2) an exp may differ in its last bit, which flips a decision only when the uniform
//   falls within ~1e-16 of the threshold (about once in 1e16 attempts). Float32 / int16 lanes: the same
//   statement for expFastF with 24-bit uniforms. The host emulation (device 'emulate') is bit-identical.
// - Lanes of a launch are chains x replicas flattened, lane = chain * replicas + replica, blocks of 128 threads
//   (four warps; fewer when the job has fewer lanes). All threads visit the same site at the same time, so
//   y and the local fields are stored site-major (value of site i for lane l at i * lanes + l): a warp's 32
//   lanes read one contiguous line per site, and the coupling row it reads is the same for every thread
//   (a broadcast).
// - When a block's y and fields (2 n threads values) fit in shared memory (plan.hpp, halving the block down
//   to one warp to fit), each thread copies its own lane in at the start of a launch and out at the end, and
//   all flips and neighbour updates hit shared memory; otherwise they go to global memory, still coalesced.
// - One launch per sweep batch (`count` sweeps of nFree moves each), never one per site. Parallel tempering runs
//   one sweep per launch: after it the energies come back for the DEO swaps on the host (tempering.hpp), and
//   only the changed betas go up. Those copies go through page-locked (pinned) host buffers, as do the states
//   when samples or the best state are read.
// - Each thread draws its own Philox block per site where the CPU shares one block among four lanes: four
//   times the generator work, kept so that every thread is independent (a warp-shuffle share is a later
//   optimization that would not change any word).
#include <cuda_runtime.h>
#include <stdexcept>
#include <string>
#include "cuda/cuda_memory.cuh"
#include "cuda/executor.hpp"

namespace ebm {
namespace {

using namespace cuda;

template <class Real>
__global__ void setSweepKernel(SetLaneView<Real> v, int shared, int64_t first, int count) {
  extern __shared__ __align__(16) unsigned char smem[];
  const int32_t lane = int32_t(blockIdx.x) * int32_t(blockDim.x) + int32_t(threadIdx.x);
  if (lane >= v.lanes) return;
  setThreadSweeps(v, lane, shared ? reinterpret_cast<Real*>(smem) : nullptr, int32_t(threadIdx.x), int32_t(blockDim.x), first, count);
}

template <class Real>
class CudaSetExecutor final : public SetExecutor<Real> {
 public:
  CudaSetExecutor(const SetLaneView<Real>& model, const SetLaunchInput& in) {
    try {
      allocate(model, in);
    } catch (...) {
      release();  // a failed allocation frees what was taken before it
      throw;
    }
  }
  ~CudaSetExecutor() override { release(); }
  void allocate(const SetLaneView<Real>& model, const SetLaunchInput& in) {
    const DeviceCaps caps = queryCaps();
    this->plan = planSetLaunch(in, caps);
    if (!this->plan.fits)
      throw std::runtime_error("CUDA: the job needs " + std::to_string(this->plan.deviceBytes >> 20) + " MiB of device memory but the device has " +
                               std::to_string(caps.globalBytes >> 20) + " MiB");
    SetLaneView<Real>& h = this->host;
    h = model;
    d_ = model;
    h.y = h.field = d_.y = d_.field = nullptr;  // the lane arrays are this executor's (null until allocated)
    h.members = d_.members = nullptr;
    h.energy = h.beta = d_.energy = d_.beta = nullptr;
    h.betaReal = d_.betaReal = nullptr;
    d_.free = nullptr;
    d_.dense = d_.weight = nullptr;
    d_.rowPtr = d_.col = nullptr;
    check(cudaStreamCreate(&stream_), "cudaStreamCreate");
    cells_ = size_t(model.n) * model.lanes;
    memberCells_ = model.cardinality ? size_t(model.nFree) * model.lanes : 0;
    const size_t lanes = size_t(model.lanes);
    h.y = pinnedAlloc<Real>(cells_);
    h.field = pinnedAlloc<Real>(cells_);
    h.members = pinnedAlloc<int32_t>(memberCells_);
    h.energy = pinnedAlloc<double>(lanes);
    h.beta = pinnedAlloc<double>(lanes);
    h.betaReal = pinnedAlloc<CalcOf<Real>>(lanes);
    d_.y = deviceAlloc<Real>(cells_);
    d_.field = deviceAlloc<Real>(cells_);
    d_.members = deviceAlloc<int32_t>(memberCells_);
    d_.energy = deviceAlloc<double>(lanes);
    d_.beta = deviceAlloc<double>(lanes);
    d_.betaReal = deviceAlloc<CalcOf<Real>>(lanes);
    d_.free = deviceCopy(model.free, size_t(model.nFree));
    const int64_t couplings = in.couplings;
    if (model.dense) {
      d_.dense = deviceCopy(model.dense, size_t(couplings));
    } else {
      d_.rowPtr = deviceCopy(model.rowPtr, size_t(model.n) + 1);
      d_.col = deviceCopy(model.col, size_t(couplings));
      d_.weight = deviceCopy(model.weight, size_t(couplings));
    }
    if (this->plan.sharedBytes > 48 * 1024)
      check(cudaFuncSetAttribute(setSweepKernel<Real>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(this->plan.sharedBytes)),
            "cudaFuncSetAttribute (shared memory)");
  }
  void release() {
    SetLaneView<Real>& h = this->host;
    for (void* p : {(void*)h.y, (void*)h.field, (void*)h.members, (void*)h.energy, (void*)h.beta, (void*)h.betaReal})
      if (p) cudaFreeHost(p);
    for (const void* p : {(const void*)d_.y, (const void*)d_.field, (const void*)d_.members, (const void*)d_.energy, (const void*)d_.beta,
                          (const void*)d_.betaReal, (const void*)d_.free, (const void*)d_.dense, (const void*)d_.rowPtr,
                          (const void*)d_.col, (const void*)d_.weight})
      if (p) cudaFree(const_cast<void*>(p));
    if (stream_) cudaStreamDestroy(stream_);
    h = SetLaneView<Real>{};
    d_ = SetLaneView<Real>{};
    stream_ = nullptr;
  }
  void pushState() override {
    const SetLaneView<Real>& h = this->host;
    up(d_.y, h.y, cells_, stream_);
    up(d_.field, h.field, cells_, stream_);
    up(d_.members, h.members, memberCells_, stream_);
    up(d_.energy, h.energy, size_t(h.lanes), stream_);
  }
  void pushBeta() override {
    const SetLaneView<Real>& h = this->host;
    up(d_.beta, h.beta, size_t(h.lanes), stream_);
    up(d_.betaReal, h.betaReal, size_t(h.lanes), stream_);
  }
  void sweeps(int64_t first, int count) override {
    const LaunchPlan& p = this->plan;
    setSweepKernel<Real><<<p.blocks, p.threads, size_t(p.shared ? p.sharedBytes : 0), stream_>>>(d_, p.shared ? 1 : 0, first, count);
    check(cudaGetLastError(), "kernel launch (setSweepKernel)");
    down(this->host.energy, d_.energy, size_t(d_.lanes), stream_);
    check(cudaStreamSynchronize(stream_), "setSweepKernel");
  }
  void pullState() override {
    SetLaneView<Real>& h = this->host;
    down(h.y, d_.y, cells_, stream_);
    down(h.field, d_.field, cells_, stream_);
    down(h.members, d_.members, memberCells_, stream_);
    down(h.energy, d_.energy, size_t(h.lanes), stream_);
    check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize (states)");
  }

 private:
  SetLaneView<Real> d_;
  cudaStream_t stream_ = nullptr;
  size_t cells_ = 0, memberCells_ = 0;
};

}  // namespace

template <class Real>
std::unique_ptr<SetExecutor<Real>> makeCudaSetExecutor(const SetLaneView<Real>& model, const SetLaunchInput& input) {
  return std::unique_ptr<SetExecutor<Real>>(new CudaSetExecutor<Real>(model, input));
}

template std::unique_ptr<SetExecutor<double>> makeCudaSetExecutor(const SetLaneView<double>&, const SetLaunchInput&);
template std::unique_ptr<SetExecutor<float>> makeCudaSetExecutor(const SetLaneView<float>&, const SetLaunchInput&);
template std::unique_ptr<SetExecutor<int16_t>> makeCudaSetExecutor(const SetLaneView<int16_t>&, const SetLaunchInput&);

}  // namespace ebm
