// Launch planning for the CUDA lanes, plain C++ (compiled into the addon on every machine and unit-tested
// without a GPU through cudaPlanSync and test/cuda/plan_check.cpp): threads per block, blocks, whether a block's
// lanes live in shared memory, how many moves of a sweep one launch makes, and the device and pinned host bytes
// a job needs. The kernel (cuda_executor.cuh) launches exactly what planSetLaunch / planPermLaunch return.
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
  // Lane-moves x coupling reads one launch may do (movesPerLaunch below): a guess of a few milliseconds of an
  // H100/H200 (~1e11-1e12 neighbour updates/s), so that a stop between launches settles well under 100 ms even
  // when one sweep takes seconds (dense n = 2000 x 65536 lanes). The lanes shrink it further from measured
  // launch times (device_system.hpp); the emulated device uses a tiny one so its tests split sweeps.
  int64_t launchWork = int64_t(1) << 31;
};

// The planned device of the emulation (device 'emulate'): the default caps, but launches of a few moves, so
// that the host tests cover sweeps split over several launches.
inline DeviceCaps emulatedCaps() {
  DeviceCaps c;
  c.launchWork = 256;
  return c;
}

struct LaunchPlan {
  int threads = 0;           // threads (lanes) per block, a multiple of 32
  int blocks = 0;            // ceil(lanes / threads)
  bool shared = false;       // each block's lanes (y and field) copied into shared memory for the launch
  int32_t movesPerLaunch = 0;  // moves of a sweep (sites or attempts, nFree in all) one launch makes, >= 1
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

// The moves one launch makes: all nFree of a sweep unless lanes x work per move exceeds caps.launchWork.
inline int32_t movesFor(int64_t lanes, int64_t workPerMove, int32_t nFree, const DeviceCaps& caps) {
  const int64_t fit = caps.launchWork / std::max<int64_t>(1, lanes * workPerMove);
  return int32_t(std::max<int64_t>(1, std::min<int64_t>(fit, nFree)));
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
  // The host mirror holds every lane array (executor.hpp: betas go up, energies come down each round, y, field
  // and members when states are read or lanes restarted), so it is the lanes' share of the device bytes.
  p.pinnedBytes = perLane * in.lanes;
  // A site move reads its coupling row when it flips (degree neighbour updates); a swap moves two items.
  const int64_t degree = in.n > 0 ? (in.couplings + in.n - 1) / in.n : 0;
  p.movesPerLaunch = movesFor(in.lanes, (in.cardinality ? 2 : 1) * (1 + degree), in.nFree, caps);
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
  p.pinnedBytes = in.lanes * (8 * int64_t(in.n) + 16);  // the mirror: sigma, inverse, energy, beta
  p.movesPerLaunch = movesFor(in.lanes, in.qap ? 2 * int64_t(in.n) : 1, in.nFree, caps);  // a QAP delta reads two rows
  p.fits = double(p.deviceBytes) <= 0.9 * double(caps.globalBytes);
  return p;
}

// One name for both spaces (device_system.hpp picks by the input's type).
inline LaunchPlan planLaunch(const SetLaunchInput& in, const DeviceCaps& caps) { return planSetLaunch(in, caps); }
inline LaunchPlan planLaunch(const PermLaunchInput& in, const DeviceCaps& caps) { return planPermLaunch(in, caps); }

// device 'auto': the GPU runs a job when one is present and the job has at least this many lanes (chains x
// replicas). One thread runs one lane, so a GPU needs thousands of lanes to fill its SMs (132 SMs x 128 threads
// = 16896 on an H100/H200); below that the CPU lanes (and the per-round launch and transfers) win. A first
// guess from occupancy, not yet measured on a GPU (README, GPU).
constexpr int64_t kAutoDeviceMinLanes = 4096;
inline bool autoPrefersDevice(int64_t lanes) { return lanes >= kAutoDeviceMinLanes; }

}  // namespace ebm
