// Energy models over permutations sigma in S_n (sigma[i] = slot of item i, 0-based):
//   E(sigma) = sum_i C[i][sigma(i)]                           linear (Birkhoff; permutahedron: C[i][j] = -theta_i w_j)
//            + sum_ij A[i][j] B[sigma(i)][sigma(j)]           quadratic assignment (QAPLIB convention)
// with either part optional and clamped items (item -> fixed slot). The move is a transposition: items r and s
// exchange slots. Its energy change is O(1) for the linear part and O(n) for the QAP part (see qapSwapDelta).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>
#include "hd.hpp"
#include "stop.hpp"

namespace ebm {

struct PermModel {
  int32_t n = 0;
  const double* linear = nullptr;    // C, n*n row-major (item, slot), or nullptr
  const double* flow = nullptr;      // A, n*n (item, item), or nullptr (then distance is nullptr too)
  const double* distance = nullptr;  // B, n*n (slot, slot)
  const int32_t* clamp = nullptr;    // per item: fixed slot or -1; nullptr when nothing is clamped
};

// E(sigma) from scratch, O(n^2), into *energy. poll(work) is called after each QAP row; when it returns true
// the sum is abandoned (*energy untouched) and this returns false. A completed sum has the bits of permEnergy.
template <class Poll>
bool permEnergyPolled(const PermModel& m, const int32_t* sigma, Poll&& poll, double* energy) {
  const int64_t n = m.n;
  double e = 0;
  if (m.linear)
    for (int64_t i = 0; i < n; ++i) e += m.linear[i * n + sigma[i]];
  if (m.flow) {
    for (int64_t i = 0; i < n; ++i) {
      const double* a = m.flow + i * n;
      const double* b = m.distance + int64_t(sigma[i]) * n;
      double row = 0;
      for (int64_t j = 0; j < n; ++j) row += a[j] * b[sigma[j]];
      e += row;
      if (poll(n)) return false;
    }
  }
  *energy = e;
  return true;
}

inline double permEnergy(const PermModel& m, const int32_t* sigma) {
  double e = 0;
  permEnergyPolled(m, sigma, [](int64_t) { return false; }, &e);
  return e;
}

// Linear part of swapping the slots p = sigma(r), q = sigma(s): C[r][q] + C[s][p] - C[r][p] - C[s][q].
EBM_HD double linearSwapDelta(const double* C, int32_t n, int32_t r, int32_t s, int32_t p, int32_t q) {
  const double* cr = C + int64_t(r) * n;
  const double* cs = C + int64_t(s) * n;
  return (cr[q] - cr[p]) + (cs[p] - cs[q]);
}

// The QAP data as the swap delta reads it: A and B with their transposes (column access is then a row scan).
// When A or B is symmetric the other is replaced by its symmetric part (B + B^T)/2, which leaves every energy
// unchanged (sum_ij A_ij B_{si sj} = sum_ij A_ij B_{sj si} when A_ij = A_ji) and allows the halved formula.
struct QapView {
  int32_t n = 0;
  const double* A = nullptr;
  const double* B = nullptr;
  const double* At = nullptr;  // A transposed (general case only)
  const double* Bt = nullptr;
  bool symmetric = false;      // A and B both symmetric
};

// Energy change of the transposition of items r and s, with p = sigma(r), q = sigma(s) (p != q).
// Only the terms with i or j in {r, s} change; writing pi = sigma before the move and k over the other items:
//   i = j = r:   A_rr B_pp -> A_rr B_qq        i = j = s:   A_ss B_qq -> A_ss B_pp
//   i = r, j = s: A_rs B_pq -> A_rs B_qp       i = s, j = r: A_sr B_qp -> A_sr B_pq
//   i = k, j = r: A_kr B_{pi_k p} -> A_kr B_{pi_k q}    i = k, j = s: A_ks B_{pi_k q} -> A_ks B_{pi_k p}
//   i = r, j = k: A_rk B_{p pi_k} -> A_rk B_{q pi_k}    i = s, j = k: A_sk B_{q pi_k} -> A_sk B_{p pi_k}
// so   delta = (A_rr - A_ss)(B_qq - B_pp) + (A_rs - A_sr)(B_qp - B_pq)
//            + sum_{k != r,s} [ (A_kr - A_ks)(B_{pi_k q} - B_{pi_k p}) + (A_rk - A_sk)(B_{q pi_k} - B_{p pi_k}) ].
// With A and B symmetric the two bracketed products are equal and A_rs - A_sr = 0:
//   delta = (A_rr - A_ss)(B_qq - B_pp) + 2 sum_{k != r,s} (A_rk - A_sk)(B_{q pi_k} - B_{p pi_k}).
// The loops run over all k (branch-free) and the k = r, s terms, which the sum must exclude, are taken off after.
EBM_HD double qapSwapDelta(const QapView& v, const int32_t* sigma, int32_t r, int32_t s, int32_t p, int32_t q) {
  const int64_t n = v.n;
  const double* Ar = v.A + r * n;
  const double* As = v.A + s * n;
  const double* Bp = v.B + p * n;
  const double* Bq = v.B + q * n;
  const double diag = (Ar[r] - As[s]) * (Bq[q] - Bp[p]);
  // Four partial sums: a single running sum would chain every add on the previous one (latency-bound).
  if (v.symmetric) {
    double acc[4] = {0, 0, 0, 0};
    int64_t k = 0;
    for (; k + 4 <= n; k += 4)
      for (int u = 0; u < 4; ++u) {
        const int32_t t = sigma[k + u];
        acc[u] += (Ar[k + u] - As[k + u]) * (Bq[t] - Bp[t]);
      }
    for (; k < n; ++k) {
      const int32_t t = sigma[k];
      acc[0] += (Ar[k] - As[k]) * (Bq[t] - Bp[t]);
    }
    double sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    // k = r (pi_k = p) and k = s (pi_k = q) were included above.
    sum -= (Ar[r] - As[r]) * (Bq[p] - Bp[p]) + (Ar[s] - As[s]) * (Bq[q] - Bp[q]);
    return diag + 2 * sum;
  }
  const double* Atr = v.At + r * n;  // column r of A: Atr[k] = A_kr
  const double* Ats = v.At + s * n;
  const double* Btp = v.Bt + p * n;  // column p of B: Btp[t] = B_tp
  const double* Btq = v.Bt + q * n;
  double acc[4] = {0, 0, 0, 0};
  int64_t k = 0;
  for (; k + 4 <= n; k += 4)
    for (int u = 0; u < 4; ++u) {
      const int32_t t = sigma[k + u];
      acc[u] += (Atr[k + u] - Ats[k + u]) * (Btq[t] - Btp[t]) + (Ar[k + u] - As[k + u]) * (Bq[t] - Bp[t]);
    }
  for (; k < n; ++k) {
    const int32_t t = sigma[k];
    acc[0] += (Atr[k] - Ats[k]) * (Btq[t] - Btp[t]) + (Ar[k] - As[k]) * (Bq[t] - Bp[t]);
  }
  double sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  sum -= (Atr[r] - Ats[r]) * (Btq[p] - Btp[p]) + (Ar[r] - As[r]) * (Bq[p] - Bp[p]);
  sum -= (Atr[s] - Ats[s]) * (Btq[q] - Btp[q]) + (Ar[s] - As[s]) * (Bq[q] - Bp[q]);
  return diag + (Ar[s] - As[r]) * (Bq[p] - Bp[q]) + sum;
}

// Owns the matrices a QapView points at (symmetrized / transposed copies of the model's A and B).
// The copy is O(n^2) (n = 5000: 400 MB), so it polls `stop` (may be null) row by row; stopped, it is left
// incomplete (complete = false, view without A and B) and its owner must not use it.
struct QapData {
  std::vector<double> A, B, At, Bt;
  QapView view;
  bool complete = false;

  static bool isSymmetric(const double* M, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = i + 1; j < n; ++j)
        if (M[i * n + j] != M[j * n + i]) return false;
    return true;
  }

  explicit QapData(const PermModel& m, StopCheck* stop = nullptr) {
    view.n = m.n;
    complete = true;
    if (!m.flow) return;
    complete = false;
    const int64_t n = m.n;
    StopPoller poll(stop);
    // Row by row into reserved storage: the pages are first touched here, between polls (a resize would
    // zero-fill them all first, unpolled).
    A.reserve(n * n);
    B.reserve(n * n);
    for (int64_t i = 0; i < n; ++i) {
      A.insert(A.end(), m.flow + i * n, m.flow + (i + 1) * n);
      B.insert(B.end(), m.distance + i * n, m.distance + (i + 1) * n);
      if (poll.due(2 * n)) return;
    }
    const bool symA = isSymmetric(A.data(), n), symB = isSymmetric(B.data(), n);
    if (poll.due(n * n)) return;
    auto symmetrize = [n](std::vector<double>& M) {
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = i + 1; j < n; ++j) M[i * n + j] = M[j * n + i] = 0.5 * (M[i * n + j] + M[j * n + i]);
    };
    if (symA && !symB) symmetrize(B);
    if (symB && !symA) symmetrize(A);
    view.symmetric = symA || symB;
    if (!view.symmetric) {
      At.reserve(n * n);
      Bt.reserve(n * n);
      for (int64_t j = 0; j < n; ++j) {  // row j of At is column j of A
        for (int64_t i = 0; i < n; ++i) At.push_back(A[i * n + j]), Bt.push_back(B[i * n + j]);
        if (poll.due(2 * n)) return;
      }
    }
    complete = true;
    view.A = A.data();
    view.B = B.data();
    view.At = At.empty() ? nullptr : At.data();
    view.Bt = Bt.empty() ? nullptr : Bt.data();
  }
  QapData(const QapData&) = delete;
  QapData& operator=(const QapData&) = delete;
};

// Full delta of the transposition (r s): linear part plus QAP part.
EBM_HD double permSwapDelta(const PermModel& m, const QapView& q, const int32_t* sigma, int32_t r, int32_t s) {
  const int32_t p = sigma[r], t = sigma[s];
  double d = 0;
  if (m.linear) d += linearSwapDelta(m.linear, m.n, r, s, p, t);
  if (q.A) d += qapSwapDelta(q, sigma, r, s, p, t);
  return d;
}

// Items that may move (not clamped).
inline std::vector<int32_t> freeItems(const PermModel& m) {
  std::vector<int32_t> f;
  for (int32_t i = 0; i < m.n; ++i)
    if (!(m.clamp && m.clamp[i] >= 0)) f.push_back(i);
  return f;
}

// Slots not taken by a clamped item, in increasing order (as many as freeItems).
inline std::vector<int32_t> freeSlots(const PermModel& m) {
  std::vector<uint8_t> taken(m.n, 0);
  if (m.clamp)
    for (int32_t i = 0; i < m.n; ++i)
      if (m.clamp[i] >= 0) taken[m.clamp[i]] = 1;
  std::vector<int32_t> f;
  for (int32_t j = 0; j < m.n; ++j)
    if (!taken[j]) f.push_back(j);
  return f;
}

// log of the number of admissible permutations, (n - #clamped)!: the beta = 0 end of a tempering ladder.
inline double logAdmissiblePerms(const PermModel& m) {
  return std::lgamma(double(freeItems(m).size()) + 1.0);
}

}  // namespace ebm
