// CUDA backend: device discovery. cudart is linked statically, so the addon loads on machines without a
// driver; cudaGetDeviceCount then returns an error and we report 0 devices (and why, for `ebm info`).
#include <cuda_runtime.h>
#include <cstdio>

extern "C" int ebmCudaDeviceCount() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error so later calls start clean
    return 0;
  }
  return count;
}

// Why there are no devices: the runtime's message for cudaGetDeviceCount ("" when it succeeded).
extern "C" const char* ebmCudaStatus() {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e == cudaSuccess) return "";
  cudaGetLastError();
  return cudaGetErrorString(e);
}

// Device `index`: its name (into name, size bytes), memory in MiB and compute capability; false if absent.
extern "C" bool ebmCudaDeviceInfo(int index, char* name, int size, double* memoryMB, int* major, int* minor) {
  cudaDeviceProp p;
  if (cudaGetDeviceProperties(&p, index) != cudaSuccess) {
    cudaGetLastError();
    return false;
  }
  std::snprintf(name, size_t(size), "%s", p.name);
  *memoryMB = double(p.totalGlobalMem) / (1024.0 * 1024.0);
  *major = p.major;
  *minor = p.minor;
  return true;
}
