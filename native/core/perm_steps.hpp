// The transposition move of the permutation lanes as a plain step function (shared by PermLanes on the CPU
// and the CUDA lane bodies, native/cuda/lane_bodies.hpp): words 0 and 1 pick two distinct free items r, t
// uniformly, word 2 decides the heat-bath swap of their slots with probability 1 / (1 + exp(beta delta)).
#pragma once
#include <cstdint>
#include "hd.hpp"
#include "mathx.hpp"
#include "perm_model.hpp"
#include "rng.hpp"

namespace ebm {

// One attempt in one lane: s = sigma (item -> slot), inv = its inverse, *energy the lane's cached energy,
// free the nFree >= 2 free items, w the attempt's Philox words. Returns whether the swap was accepted.
EBM_HD bool permTranspositionStep(const PermModel& m, const QapView& q, const int32_t* free, int32_t nFree,
                                  int32_t* s, int32_t* inv, double beta, const uint32_t* w, double* energy) {
  const int32_t x = int32_t(uniformBelow(w[0], uint32_t(nFree)));
  int32_t y = int32_t(uniformBelow(w[1], uint32_t(nFree - 1)));
  y += y >= x;  // uniform over the other nFree - 1 items
  const int32_t r = free[x], t = free[y];
  const double d = permSwapDelta(m, q, s, r, t);
  if (!heatBathAccept(w[2], beta, d)) return false;
  const int32_t p = s[r], u = s[t];
  s[r] = u;
  s[t] = p;
  inv[u] = r;
  inv[p] = t;
  *energy += d;
  return true;
}

}  // namespace ebm
