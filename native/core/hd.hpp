// EBM_HD marks step functions that run on both targets: __host__ __device__ under nvcc, nothing otherwise.
// Functions marked EBM_HD take plain structs (pointers + sizes): no STL, no exceptions, no allocation.
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define EBM_HD __host__ __device__ __forceinline__
#else
#define EBM_HD inline __attribute__((always_inline))
#endif

