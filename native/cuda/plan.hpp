// Launch planning for the CUDA lanes, plain C++ (compiled into the addon on every machine and unit-tested
// without a GPU through cudaPlanSync): threads per block, blocks, whether a block's lanes live in shared
// memory, and the device and pinned host bytes a job needs. The kernels (set_kernels.cu, perm_kernels.cu) launch
// exactly what planSetLaunch / planPermLaunch return.
#pragma once
#include <algorithm>
#include <cstdint>

namespace ebm {

// What the planner needs to know of a device (cudaDeviceProp; the defaults are an H100/H200-class part).
struct DeviceCaps {
  int smCount = 132;
  int64_t sharedPerBlock = 227 * 1024;  // opt-in maximum (sharedMemPerBlockOptin)
  int maxThreadsPerBlock = 1024;
  int64_t globalBytes = int64_t(80) << 30;
};

struct LaunchPlan {
  int threads = 0;           // threads (lanes) per block, a multiple of 32
  int blocks = 0;            // ceil(lanes / threads)
  bool shared = false;       // each block's lanes (y and field) copied into shared memory for the launch
  int64_t sharedBytes = 0;   // dynamic shared memory per block
  int64_t deviceBytes = 0;   // every device buffer of the job
  int64_t pinnedBytes = 0;   // page-locked host buffers (betas up, energies and states down)
  bool fits = false;         // deviceBytes within 90% of the device's memory
};

// Lanes per block: 128 (four warps: enough to hide latency, small enough for shared copies), or the lanes
// rounded up to a warp when there are fewer.
constexpr int kDefaultThreads = 128;
inline int threadsFor(int64_t lanes, int cap) {
  const int64_t warps = (lanes + 31) / 32;
  return int(std::min<int64_t>(std::min(kDefaultThreads, cap), std::max<int64_t>(32, warps * 32)));
}

struct SetLaunchInput {
  int32_t n = 0, nFree = 0;
  int64_t couplings = 0;  // stored entries: n * n dense, nnz for CSR
  bool dense = false, cardinality = false;
  int64_t lanes = 0;
  int realBytes = 8;  // lane type: 8 double, 4 float, 2 int16
};

// Shared memory when one block's y and field (2 n threads values) fit in sharedPerBlock, halving the block
// down to one warp to make them fit (site moves then read and write the fast copy; the launch copies each
// lane in and out once, so the copy pays off over the nFree sweeps of a launch). Global otherwise: the
// site-major layout keeps a warp's accesses to one site coalesced either way.
inline LaunchPlan planSetLaunch(const SetLaunchInput& in, const DeviceCaps& caps) {
  LaunchPlan p;
  p.threads = threadsFor(in.lanes, caps.maxThreadsPerBlock);
  const auto laneBytes = [&](int threads) { return 2 * int64_t(in.n) * threads * in.realBytes; };
  for (int t = p.threads; t >= 32; t /= 2)
    if (laneBytes(t) <= caps.sharedPerBlock) {
      p.threads = t;
      p.shared = true;
      p.sharedBytes = laneBytes(t);
      break;
    }
  p.blocks = int((in.lanes + p.threads - 1) / p.threads);
  const int calcBytes = in.realBytes == 8 ? 8 : 4;
  const int64_t perLane = 2 * int64_t(in.n) * in.realBytes + 8 /*energy*/ + 8 /*beta*/ + calcBytes +
                          (in.cardinality ? 4 * int64_t(in.nFree) : 0);
  const int64_t model = in.couplings * in.realBytes + (in.dense ? 0 : 4 * (int64_t(in.n) + 1 + in.couplings)) +
                        4 * int64_t(in.nFree);
  p.deviceBytes = perLane * in.lanes + model;
  // Up: beta and betaReal; down: energies, and y (and members) when states are read.
  p.pinnedBytes = in.lanes * (8 + calcBytes + 8 + int64_t(in.n) * in.realBytes + (in.cardinality ? 4 * int64_t(in.nFree) : 0));
  p.fits = double(p.deviceBytes) <= 0.9 * double(caps.globalBytes);
  return p;
}

struct PermLaunchInput {
  int32_t n = 0, nFree = 0;
  bool linear = false, qap = false, symmetric = false;
  int64_t lanes = 0;
};

// Permutation lanes stay in global memory, lane-major: an attempt reads one lane's whole sigma (the QAP delta)
// and two rows of A and B that every thread of the block shares through the cache.
inline LaunchPlan planPermLaunch(const PermLaunchInput& in, const DeviceCaps& caps) {
  LaunchPlan p;
  p.threads = threadsFor(in.lanes, caps.maxThreadsPerBlock);
  p.blocks = int((in.lanes + p.threads - 1) / p.threads);
  const int64_t nn = int64_t(in.n) * in.n;
  const int64_t matrices = (in.linear ? 1 : 0) + (in.qap ? (in.symmetric ? 2 : 4) : 0);
  p.deviceBytes = in.lanes * (8 * int64_t(in.n) + 16) + 8 * nn * matrices + 4 * int64_t(in.nFree);
  p.pinnedBytes = in.lanes * (16 + 4 * int64_t(in.n));
  p.fits = double(p.deviceBytes) <= 0.9 * double(caps.globalBytes);
  return p;
}

// device 'auto': the GPU runs a job when one is present and the job has at least this many lanes (chains x
// replicas). One thread runs one lane, so a GPU needs thousands of lanes to fill its SMs (132 SMs x 128 threads
// = 16896 on an H100/H200); below that the CPU lanes (and the per-round launch and transfers) win. A first
// guess from occupancy, not yet measured on a GPU (README, GPU).
constexpr int64_t kAutoDeviceMinLanes = 4096;
inline bool autoPrefersDevice(int64_t lanes) { return lanes >= kAutoDeviceMinLanes; }

}  // namespace ebm
