// The size limits of the library, defined once: the addon validates against them and exports them
// (`limits()` in addon.cc), and the TypeScript checks read them from there (src/limits.ts), so the two doors
// can never disagree.
#pragma once
#include <cstdint>

namespace ebm {

constexpr int64_t kMaxSetItems = int64_t(1) << 24;  // set models: a state is one byte per item
constexpr int64_t kMaxDenseItems = 16384;          // dense couplings: n^2 doubles, 2 GiB at the limit
constexpr int64_t kMaxPermItems = 46340;           // permutation models: n x n doubles, 46340^2 < 2^31 entries
constexpr int32_t kMaxExactSetFreeItems = 24;      // exact enumeration of sets: 2^24 states
constexpr int32_t kMaxExactPermItems = 10;         // exact enumeration of permutations: 10! = 3.6e6 states
constexpr double kMaxSetSampleEntries = 4e9;       // sampling keeps samples * n bytes ...
constexpr double kMaxPermSampleEntries = 1e9;      // ... or samples * n int32 slots in memory
constexpr int64_t kMaxChains = int64_t(1) << 16;   // independent chains (PT ladders) of one job
constexpr int64_t kMaxReplicas = 1024;             // PT replicas per chain
constexpr int64_t kMaxWorkers = 1024;              // worker threads of the pool (checked in TypeScript)

}  // namespace ebm
