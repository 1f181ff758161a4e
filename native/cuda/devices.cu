// CUDA backend, first piece: device discovery. cudart is linked statically, so the addon loads on machines
// without a driver; cudaGetDeviceCount then returns an error and we report 0 devices.
#include <cuda_runtime.h>

extern "C" int ebmCudaDeviceCount() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error so later calls start clean
    return 0;
  }
  return count;
}
