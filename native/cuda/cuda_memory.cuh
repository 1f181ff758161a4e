// CUDA runtime helpers of the CUDA executor (cuda_executor.cuh): errors as std::runtime_error naming CUDA and the call (the
// jobs turn them into rejected promises), the device's caps for the planner, and the buffer moves.
#pragma once
#include <cuda_runtime.h>
#include <stdexcept>
#include <string>
#include "cuda/plan.hpp"

namespace ebm {
namespace cuda {

inline void check(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return;
  cudaGetLastError();  // clear a sticky launch error so the next job starts clean
  throw std::runtime_error(std::string("CUDA: ") + what + " failed: " + cudaGetErrorString(e));
}

inline DeviceCaps queryCaps() {
  int count = 0;
  check(cudaGetDeviceCount(&count), "cudaGetDeviceCount (no driver or no device)");
  if (count == 0) throw std::runtime_error("CUDA: no CUDA device is available");
  cudaDeviceProp p;
  check(cudaGetDeviceProperties(&p, 0), "cudaGetDeviceProperties");
  DeviceCaps c;
  c.smCount = p.multiProcessorCount;
  c.sharedPerBlock = int64_t(p.sharedMemPerBlockOptin);
  c.maxThreadsPerBlock = p.maxThreadsPerBlock;
  c.globalBytes = int64_t(p.totalGlobalMem);
  return c;
}

template <class T>
T* deviceAlloc(size_t count) {
  void* p = nullptr;
  if (count) check(cudaMalloc(&p, count * sizeof(T)), "cudaMalloc");
  return static_cast<T*>(p);
}
template <class T>
T* pinnedAlloc(size_t count) {
  void* p = nullptr;
  if (count) check(cudaMallocHost(&p, count * sizeof(T)), "cudaMallocHost (pinned host buffer)");
  return static_cast<T*>(p);
}
template <class T>
T* deviceCopy(const T* host, size_t count) {
  T* d = deviceAlloc<T>(count);
  if (count) check(cudaMemcpy(d, host, count * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy (model)");
  return d;
}
template <class T>
void down(T* host, const T* device, size_t count, cudaStream_t s) {
  if (count) check(cudaMemcpyAsync(host, device, count * sizeof(T), cudaMemcpyDeviceToHost, s), "cudaMemcpyAsync (down)");
}

}  // namespace cuda
}  // namespace ebm
