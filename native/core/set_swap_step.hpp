// The cardinality-constrained move of the set lanes as a plain step function (shared by SetLanes on the CPU
// and the CUDA lane bodies, native/cuda/lane_bodies.hpp): pick an in-item i and an out-item j uniformly, and
// resample the pair {y_i, y_j} from its two states with |y| fixed (heat bath on the pair). Removing i then
// adding j changes the energy by d = f_j - f_i - W_ij (f_j still counts W_ij y_i with y_i = 1).
#pragma once
#include <cstdint>
#include "hd.hpp"
#include "mathx.hpp"
#include "rng.hpp"

namespace ebm {

// What one attempt did: the pair it drew and whether the swap was accepted (the CPU counts its work from them).
struct CardinalitySwap {
  int32_t i, j;
  bool accepted;
};

// One attempt in one lane. y and field are the lane's values with stride `stride` between sites; mem holds the
// lane's free items, the first kFree of them in the set (updated on acceptance). Words 0 and 1 of r pick the
// pair, word 2 decides; beta is the lane's inverse temperature in double.
template <class Real, class Coupling>
EBM_HD CardinalitySwap cardinalitySwapStep(const Coupling& c, Real* y, Real* field, int64_t stride, int32_t* mem,
                                           int32_t kFree, int32_t nFree, const Philox4x32& r, double beta,
                                           double* energy) {
  const int32_t ii = int32_t(uniformBelow(r.v[0], uint32_t(kFree)));
  const int32_t jj = kFree + int32_t(uniformBelow(r.v[1], uint32_t(nFree - kFree)));
  const int32_t i = mem[ii], j = mem[jj];
  const double d = double(field[j * stride]) - double(field[i * stride]) - double(c.at(i, j));
  const bool accept = heatBathAccept(r.v[2], beta, d);
  if (accept) {
    y[i * stride] = Real(0);
    y[j * stride] = Real(1);
    c.forNeighbors(i, [&](int32_t k, Real w) { field[k * stride] -= w; });
    c.forNeighbors(j, [&](int32_t k, Real w) { field[k * stride] += w; });
    *energy += d;
    mem[ii] = j;
    mem[jj] = i;
  }
  return CardinalitySwap{i, j, accept};
}

}  // namespace ebm
