// The step functions of the set lanes (plain data, shared with the CUDA build): the heat-bath update of one
// site in the W lanes of a group, and the spread of its flips to the neighbours' local fields. SetLanes
// (set_lanes.hpp) runs them over the groups of its lanes.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>
#include "hd.hpp"
#include "mathx.hpp"

namespace ebm {

// Heat-bath update of site i in the W lanes of a group; yi/fi point at the site's lane vectors.
// The flip's energy change is d = (1 - 2 y_i) f_i; it is accepted with probability 1 / (1 + exp(beta d)).
// step[l] is the change of y_i in lane l (+1, -1, or 0 when rejected). Returns whether any lane flipped.
// The arithmetic type of the acceptance test: double for double lanes, float for float and int16 lanes
// (integer models, where d is an exact small integer).
template <class Real>
using CalcOf = typename std::conditional<sizeof(Real) == 8, double, float>::type;

template <int W, class Real>
EBM_HD bool siteHeatBathLanes(Real* __restrict yi, const Real* __restrict fi, const CalcOf<Real>* __restrict beta,
                              double* __restrict energy, const uint32_t* __restrict words, Real* __restrict step) {
  using Calc = CalcOf<Real>;
  Calc dE[W];
  int any = 0;
  for (int l = 0; l < W; ++l) {
    const Real s = Real(1 - 2 * yi[l]);
    const Calc d = Calc(s) * Calc(fi[l]);
    const bool accept = heatBathAccept(words[l], beta[l], d);  // float or double overload
    step[l] = accept ? s : Real(0);
    dE[l] = accept ? d : Calc(0);
    yi[l] = Real(yi[l] + step[l]);
    any |= int(accept);
  }
  for (int l = 0; l < W; ++l) energy[l] += double(dE[l]);  // separate loop: mixed widths block if-conversion
  return any != 0;
}

// After site i changed by step[l] in each lane, f_j += W_ij step[l] for every neighbour j. On the CPU the W
// lanes are one 64-byte vector (GCC vector extension: the compiler does not vectorize this loop through the
// neighbour callback on its own).
template <int W, class Real, class Coupling>
EBM_HD void spreadFlipLanes(const Coupling& c, int32_t i, const Real* __restrict step, Real* __restrict field) {
#if defined(__CUDACC__)
  c.forNeighbors(i, [&](int32_t j, Real w) {
    Real* fj = field + int64_t(j) * W;
    for (int l = 0; l < W; ++l) fj[l] += w * step[l];
  });
#else
  typedef Real Vec __attribute__((vector_size(W * sizeof(Real))));
  Vec s;
  std::memcpy(&s, step, sizeof(Vec));
  c.forNeighbors(i, [&](int32_t j, Real w) {
    Vec f;
    std::memcpy(&f, field + int64_t(j) * W, sizeof(Vec));
    f += w * s;  // int16 lanes: exact, |f| < 2^15 (integerFieldBound)
    std::memcpy(field + int64_t(j) * W, &f, sizeof(Vec));
  });
#endif
}

// spreadFlipLanes for one lane whose sites lie `stride` values apart (the CUDA lane bodies, where a site's
// lanes are contiguous across threads): f_j += W_ij step. The same arithmetic as one lane of spreadFlipLanes.
template <class Real, class Coupling>
EBM_HD void spreadFlipStrided(const Coupling& c, int32_t i, Real step, Real* __restrict field, int64_t stride) {
  c.forNeighbors(i, [&](int32_t j, Real w) { field[j * stride] = Real(field[j * stride] + w * step); });
}

}  // namespace ebm
