// Host checks of the device lanes' plumbing that the addon's options cannot reach (plan_check.test.ts compiles
// and runs this; no GPU): the plan's byte counts are the arrays the executors allocate, sweeps split over
// several launches (the emulation's small launch budget) give the CPU lanes' chains bit for bit, the launch
// budget splits a large job's sweep, and a stop polled between launches ends a sweep with valid lanes.
// Prints one line per failed check and exits 1 if any failed.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>
#include "cuda/device_lanes.hpp"
#include "cuda/device_perm_lanes.hpp"

using namespace ebm;

static int failures = 0;
#define CHECK(cond, ...)                                     \
  do {                                                       \
    if (!(cond)) {                                           \
      ++failures;                                            \
      std::printf("FAIL line %d (%s): ", __LINE__, #cond);   \
      std::printf(__VA_ARGS__);                              \
      std::printf("\n");                                     \
    }                                                        \
  } while (0)

static bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct Lcg {
  uint32_t s;
  double next() { return (s = s * 1664525u + 1013904223u) / 4294967296.0; }
};

// A set model with its storage: CSR (degree > 0) or dense, integer or real weights.
struct OwnedSet {
  std::vector<double> unary, dense, weight;
  std::vector<int32_t> rowPtr, col;
  std::vector<int8_t> clamp;
  SetModel m;
};
static OwnedSet setModel(int32_t n, int degree, bool integer, uint32_t seed, int32_t cardinality = -1) {
  OwnedSet o;
  Lcg r{seed};
  const auto w = [&] { return integer ? double(int(r.next() * 5) - 2) : r.next() * 2 - 1; };
  std::vector<double> W(size_t(n) * n, 0.0);
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = i + 1; j < n; ++j)
      if (degree == 0 || r.next() < double(degree) / n) W[size_t(i) * n + j] = W[size_t(j) * n + i] = w();
  for (int32_t i = 0; i < n; ++i) o.unary.push_back(w());
  if (degree == 0) {
    o.dense = W;
  } else {
    o.rowPtr.push_back(0);
    for (int32_t i = 0; i < n; ++i) {
      for (int32_t j = 0; j < n; ++j)
        if (W[size_t(i) * n + j] != 0) o.col.push_back(j), o.weight.push_back(W[size_t(i) * n + j]);
      o.rowPtr.push_back(int32_t(o.col.size()));
    }
  }
  o.clamp.assign(size_t(n), -1);
  o.clamp[1] = 1;  // one clamped item: the sweep visits the free items only
  o.m.n = n;
  o.m.unary = o.unary.data();
  o.m.dense = degree == 0 ? o.dense.data() : nullptr;
  o.m.rowPtr = degree == 0 ? nullptr : o.rowPtr.data();
  o.m.col = o.col.data();
  o.m.weight = o.weight.data();
  o.m.cardinality = cardinality;
  o.m.clamp = o.clamp.data();
  return o;
}

// `sweeps` sweeps of the emulated device lanes and of the CPU lanes, each lane at its own beta: identical
// states and energies, with the plan splitting each sweep into several launches.
template <class Real>
static void compareSets(const char* name, const SetModel& m, int lanes) {
  try {
    SetLanes<Real, LaneLayout::LaneMajor> cpu(m, lanes, 7, 3);
    DeviceSetLanes<Real> dev(m, lanes, 7, 3, nullptr, DeviceKind::Emulate);
    CHECK(dev.plan().movesPerLaunch < int32_t(cpu.freeItems().size()), "%s: %d moves per launch, no split", name, dev.plan().movesPerLaunch);
    for (int lane = 0; lane < lanes; ++lane) cpu.setBeta(lane, 0.2 + 0.1 * lane), dev.setBeta(lane, 0.2 + 0.1 * lane);
    std::vector<uint8_t> a(m.n), b(m.n);
    for (int64_t s = 0; s < 12; ++s) {
      cpu.sweep(s);
      dev.sweep(s);
      for (int lane = 0; lane < lanes; ++lane) {
        cpu.copyState(lane, a.data());
        dev.copyState(lane, b.data());
        CHECK(a == b, "%s: sweep %lld lane %d state", name, (long long)s, lane);
        CHECK(sameBits(cpu.energy(lane), dev.energy(lane)), "%s: sweep %lld lane %d energy %.17g vs %.17g", name, (long long)s, lane, cpu.energy(lane), dev.energy(lane));
      }
    }
    CHECK(dev.maxCacheError() < 1e-9, "%s: cache error %g", name, dev.maxCacheError());
  } catch (const std::exception& e) {
    CHECK(false, "%s: %s", name, e.what());
  }
}

// A stop seen before a sweep makes it move nothing; one raised while a long sweep runs (another thread, as an
// abort does) ends it between two launches with valid lanes.
static void stopBetweenLaunches() {
  OwnedSet o = setModel(300, 8, false, 5);
  std::atomic<int32_t> cancel{0};
  StopCheck stop(0, reinterpret_cast<const int32_t*>(&cancel));
  DeviceSetLanes<double> dev(o.m, 64, 1, 0, &stop, DeviceKind::Emulate);
  std::thread raise([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    cancel.store(1);
  });
  for (int64_t s = 1; s < 1000000 && !stop.stopped(); ++s) dev.sweep(s);
  raise.join();
  CHECK(stop.stopped(), "the stop was seen by the sweeps");
  CHECK(dev.maxCacheError() < 1e-9, "lanes valid after a stop between launches: cache error %g", dev.maxCacheError());
  std::vector<uint8_t> before(o.m.n), after(o.m.n);
  dev.copyState(5, before.data());
  const double e = dev.energy(5);
  dev.sweep(1000001);  // stopped: no launch
  dev.copyState(5, after.data());
  CHECK(before == after && sameBits(dev.energy(5), e), "a stopped sweep moves nothing");
}

static void permutations() {
  const int32_t n = 9;
  Lcg r{21};
  std::vector<double> C(n * n), A(n * n), B(n * n), As(n * n), Bs(n * n);
  for (auto* M : {&C, &A, &B}) for (double& x : *M) x = r.next();
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < n; ++j) As[i * n + j] = A[i * n + j] + A[j * n + i], Bs[i * n + j] = B[i * n + j] + B[j * n + i];
  std::vector<int32_t> clamp(n, -1);
  clamp[2] = 4;
  const PermModel cases[] = {{n, C.data(), nullptr, nullptr, nullptr}, {n, nullptr, A.data(), B.data(), nullptr},
                             {n, C.data(), As.data(), Bs.data(), clamp.data()}};
  for (const PermModel& m : cases) {
    try {
      const int lanes = 37;  // a ragged last block
      PermLanes cpu(m, lanes, 4, 2);
      DevicePermLanes dev(m, lanes, 4, 2, nullptr, DeviceKind::Emulate);
      CHECK(dev.plan().pinnedBytes == int64_t(lanes) * (8 * n + 16), "perm pinned bytes %lld", (long long)dev.plan().pinnedBytes);
      for (int lane = 0; lane < lanes; ++lane) cpu.setBeta(lane, 1 + lane), dev.setBeta(lane, 1 + lane);
      for (int64_t s = 0; s < 10; ++s) {
        cpu.sweep(s);
        dev.sweep(s);
      }
      for (int lane = 0; lane < lanes; ++lane) {
        CHECK(std::memcmp(cpu.sigma(lane), dev.sigma(lane), n * sizeof(int32_t)) == 0, "perm lane %d state", lane);
        CHECK(sameBits(cpu.energy(lane), dev.energy(lane)), "perm lane %d energy", lane);
      }
      CHECK(dev.maxCacheError() < 1e-9, "perm cache error %g", dev.maxCacheError());
    } catch (const std::exception& e) {
      CHECK(false, "perm: %s", e.what());
    }
  }
}

int main() {
  // The plan's counts are the executors' arrays: checkPlanBytes throws inside the constructors otherwise.
  OwnedSet sparse = setModel(60, 4, false, 1), dense = setModel(40, 0, true, 2), card = setModel(50, 3, false, 3, 12);
  compareSets<double>("sparse float64", sparse.m, 45);
  compareSets<float>("dense float32", dense.m, 33);
  compareSets<int16_t>("dense int16", dense.m, 70);
  compareSets<double>("cardinality", card.m, 20);
  OwnedSet big = setModel(700, 3, false, 4);  // global-memory plan (y and fields of a warp exceed shared memory)
  compareSets<double>("global memory", big.m, 9);
  // The launch budget on the planned H100/H200: whole sweeps for small jobs, split ones for dense n = 2000.
  SetLaunchInput q;
  q.n = q.nFree = 2000;
  q.couplings = 2000 * 2000;
  q.dense = true;
  q.lanes = 65536;
  q.realBytes = 4;
  CHECK(planSetLaunch(q, DeviceCaps{}).movesPerLaunch == int32_t((int64_t(1) << 31) / (65536 * 2001)), "dense n = 2000 split");
  q.lanes = 64;
  CHECK(planSetLaunch(q, DeviceCaps{}).movesPerLaunch == 2000, "a small job launches whole sweeps");
  permutations();
  stopBetweenLaunches();
  std::printf("%s (%d failed)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
