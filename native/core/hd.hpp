// EBM_HD marks step functions that run on both targets: __host__ __device__ under nvcc, nothing otherwise.
// Functions marked EBM_HD take plain structs (pointers + sizes): no STL, no exceptions, no allocation.
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define EBM_HD __host__ __device__ __forceinline__
#else
#define EBM_HD inline __attribute__((always_inline))
#endif

namespace ebm {

// Number of replicas/chains advanced together in SIMD lanes (structure-of-arrays state, one site index across
// lanes). 8 doubles fill one AVX-512 register or two AVX2 registers.
constexpr int kLanes = 8;

}  // namespace ebm
