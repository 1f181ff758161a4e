// What one CUDA thread does: moves [from, to) of one sweep of one lane (one replica of one chain), written once
// as EBM_HD functions over plain views, compiled by nvcc for the kernel (cuda_executor.cuh) and by the host
// compiler for the emulated device (executor.hpp, device 'emulate'), which the tests compare with the CPU lanes
// bit for bit. The moves are the CPU's own step functions (set_steps.hpp, set_swap_step.hpp, perm_steps.hpp)
// and the words are the CPU's Philox counters:
//   site heat bath   global lane L, sweep s, site i: word L % 4 of draw(key, s, i, L / 4, kPurposeSite)
//   cardinality swap attempt a: draw(key, s, a, L, kPurposeCardinal), words 0, 1 pick, word 2 decides
//   transposition    attempt a: draw(key, s, a, L, kPurposePerm), words 0, 1 pick, word 2 decides
// so a lane here follows the CPU lane with the same global id exactly (set_lanes.hpp, perm_lanes.hpp). A sweep
// is nFree moves (sites in scan order, or attempts); a move reads only its sweep and its own index, so a sweep
// split over several launches [0, k), [k, 2k), ... makes the same moves as one launch.
#pragma once
#include <cstdint>
#include "core/hd.hpp"
#include "core/mathx.hpp"
#include "core/perm_model.hpp"
#include "core/perm_steps.hpp"
#include "core/rng.hpp"
#include "core/set_model.hpp"
#include "core/set_steps.hpp"
#include "core/set_swap_step.hpp"

namespace ebm {

// The set lanes as the device holds them: site-major (site i of every lane contiguous, so the threads of a warp,
// one lane each, read one cache line per site), couplings in the lane type.
template <class Real>
struct SetLaneView {
  int32_t n = 0, nFree = 0, kFree = 0;
  bool cardinality = false;
  const int32_t* free = nullptr;  // nFree free items, in the CPU's scan order
  const Real* dense = nullptr;    // n * n, or null (CSR below)
  const int32_t* rowPtr = nullptr;
  const int32_t* col = nullptr;
  const Real* weight = nullptr;
  Real* y = nullptr;                  // n * lanes: y[i * lanes + lane]
  Real* field = nullptr;              // n * lanes
  int32_t* members = nullptr;         // lanes * nFree, lane-major as on the CPU (cardinality only)
  double* energy = nullptr;           // lanes
  double* beta = nullptr;             // lanes (the swap move's beta, as on the CPU)
  CalcOf<Real>* betaReal = nullptr;  // lanes (the site move's beta in the lane arithmetic)
  int32_t lanes = 0;
  uint32_t laneBase = 0;  // global id of lane 0
  SeedKey key{0, 0};
};

// Moves [from, to) of sweep `sweep` in one lane, whose values lie at y[i * stride], field[i * stride] (the
// global arrays with stride = lanes, or a block's shared copy with stride = threads per block).
template <class Real, class Coupling>
EBM_HD void setLaneMoves(const SetLaneView<Real>& v, const Coupling& c, int32_t lane, Real* y, Real* field,
                         int64_t stride, int64_t sweep, int32_t from, int32_t to) {
  const uint32_t g = v.laneBase + uint32_t(lane);
  double energy = v.energy[lane];
  if (v.cardinality) {
    if (v.kFree > 0 && v.kFree < v.nFree) {  // otherwise a single admissible state: nothing moves
      int32_t* mem = v.members + int64_t(lane) * v.nFree;  // picked at random: no layout coalesces them
      for (int32_t a = from; a < to; ++a) {
        const Philox4x32 r = draw(v.key, uint64_t(sweep), uint32_t(a), g, kPurposeCardinal);
        cardinalitySwapStep(c, y, field, stride, mem, v.kFree, v.nFree, r, v.beta[lane], &energy);
      }
    }
  } else {
    const CalcOf<Real> beta = v.betaReal[lane];
    for (int32_t t = from; t < to; ++t) {
      const int32_t i = v.free[t];
      const uint32_t word = draw(v.key, uint64_t(sweep), uint32_t(i), g / 4, kPurposeSite).v[g % 4];
      Real yi = y[i * stride], fi = field[i * stride], step;
      if (siteHeatBathLanes<1>(&yi, &fi, &beta, &energy, &word, &step)) {
        y[i * stride] = yi;
        spreadFlipStrided(c, i, step, field, stride);
      }
    }
  }
  v.energy[lane] = energy;
}

// Calls f with the view's coupling (dense or CSR) in the lane type.
template <class Real, class F>
EBM_HD void withLaneCoupling(const SetLaneView<Real>& v, F&& f) {
  if (v.dense)
    f(DenseCoupling<Real>{v.dense, v.n});
  else
    f(SparseCoupling<Real>{v.rowPtr, v.col, v.weight});
}

// One thread's work in a launch: lane `lane`, from the global arrays, or (shared != null) through a copy of
// its own lane in the block's shared memory at slot `slot` of `slots` (y then field, n * slots each). Each
// thread reads and writes only its own slot, so the copies need no barrier (__syncthreads) and a thread past
// the last lane of a ragged last block may return before the others.
template <class Real>
EBM_HD void threadMoves(const SetLaneView<Real>& v, int32_t lane, void* sharedBytes, int32_t slot, int32_t slots,
                        int64_t sweep, int32_t from, int32_t to) {
  Real* shared = static_cast<Real*>(sharedBytes);
  withLaneCoupling(v, [&](const auto& c) {
    if (!shared) {
      setLaneMoves(v, c, lane, v.y + lane, v.field + lane, int64_t(v.lanes), sweep, from, to);
      return;
    }
    Real* y = shared + slot;
    Real* field = shared + int64_t(v.n) * slots + slot;
    for (int32_t i = 0; i < v.n; ++i) {
      y[int64_t(i) * slots] = v.y[int64_t(i) * v.lanes + lane];
      field[int64_t(i) * slots] = v.field[int64_t(i) * v.lanes + lane];
    }
    setLaneMoves(v, c, lane, y, field, int64_t(slots), sweep, from, to);
    for (int32_t i = 0; i < v.n; ++i) {
      v.y[int64_t(i) * v.lanes + lane] = y[int64_t(i) * slots];
      v.field[int64_t(i) * v.lanes + lane] = field[int64_t(i) * slots];
    }
  });
}

// The permutation lanes as the device holds them: lane-major sigma and inverse (a QAP delta reads a whole
// sigma, n entries, per attempt), the model and its QAP view (device copies of A, B and their transposes).
struct PermLaneView {
  PermModel model;
  QapView qap;
  int32_t nFree = 0;
  const int32_t* free = nullptr;
  int32_t* sigma = nullptr;    // lanes * n
  int32_t* inverse = nullptr;  // lanes * n
  double* energy = nullptr;
  double* beta = nullptr;
  int32_t lanes = 0;
  uint32_t laneBase = 0;
  SeedKey key{0, 0};
};

// Attempts [from, to) of sweep `sweep` in lane `lane` (no shared memory: see perm_kernels.cu).
EBM_HD void threadMoves(const PermLaneView& v, int32_t lane, void* /*shared*/, int32_t /*slot*/, int32_t /*slots*/,
                        int64_t sweep, int32_t from, int32_t to) {
  if (v.nFree < 2) return;  // a single admissible permutation: nothing moves
  const uint32_t g = v.laneBase + uint32_t(lane);
  int32_t* s = v.sigma + int64_t(lane) * v.model.n;
  int32_t* inv = v.inverse + int64_t(lane) * v.model.n;
  const double beta = v.beta[lane];
  double e = v.energy[lane];
  for (int32_t a = from; a < to; ++a) {
    const Philox4x32 r = draw(v.key, uint64_t(sweep), uint32_t(a), g, kPurposePerm);
    permTranspositionStep(v.model, v.qap, v.free, v.nFree, s, inv, beta, r.v, &e);
  }
  v.energy[lane] = e;
}

}  // namespace ebm
