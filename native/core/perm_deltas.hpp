// The swap-delta matrix of a permutation walk (robust tabu search, perm_search.hpp): delta[x][y] = the energy
// change of exchanging the slots of free items x < y, for every pair, kept up to date move after move.
// After a move (r s) the pairs disjoint from {r, s} are updated in O(1) each (Taillard's formula, update())
// and the 2k - 3 pairs touching r or s are recomputed in O(n): O(n^2) per move, all of it on contiguous rows.
//
// SwapDeltas<T, D> stores the QAP data in T and computes and stores the deltas in D:
//   <double, double>  any data;
//   <float, double>   every entry of A and B is a float (half the memory traffic for the data, sums in double);
//   <float, float>    every entry is an integer and every quantity the updates form is an integer of magnitude
//                     below 2^24 (exactIntegers): float arithmetic is then exact, the deltas equal the double
//                     ones bit for bit, and a SIMD register holds twice as many of them.
#pragma once
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>
#include "perm_model.hpp"
#include "stop.hpp"

namespace ebm {

// Every entry of M (nn of them) is a float.
inline bool fitsFloat(const double* M, int64_t nn) {
  for (int64_t i = 0; i < nn; ++i)
    if (double(float(M[i])) != M[i]) return false;
  return true;
}

// Whether SwapDeltas<float, float> is exact on this model: no linear part, integer A and B (as the view holds
// them: a symmetrized half-integer entry fails), and (8n + 64) max|A| max|B| < 2^24. The bound covers every
// partial sum the updates form: a swap delta sums at most 2n products of differences of two entries (each at
// most 4 max|A| max|B|) plus a few such terms, the O(1) update adds one or two products of differences of
// differences (at most 32 max|A| max|B|), and the touching rows' sums (touchingRowsSymmetric) stay below
// 8n max|A| max|B| + 20 max|A| max|B|. An integer of magnitude below 2^24 is a float, and so is every sum or
// product of such integers that stays below 2^24.
inline bool exactIntegers(const PermModel& m, const QapView& q) {
  if (m.linear || !q.A) return false;
  const int64_t nn = int64_t(m.n) * m.n;
  double a = 0, b = 0;
  for (int64_t i = 0; i < nn; ++i) {
    if (q.A[i] != std::floor(q.A[i]) || q.B[i] != std::floor(q.B[i])) return false;
    a = std::fmax(a, std::fabs(q.A[i])), b = std::fmax(b, std::fabs(q.B[i]));
  }
  return (8.0 * m.n + 64.0) * a * b < 16777216.0;  // 2^24
}

template <class T, class D>
class SwapDeltas {
 public:
  using Delta = D;

  // Sizes the buffers for the free items `items` of m (q: its QAP view, A may be null).
  void init(const PermModel& m, const QapView& q, const std::vector<int32_t>& items) {
    m_ = m, q_ = &q, items_ = items, k_ = int32_t(items.size());
    delta_.assign(int64_t(k_) * k_ + 16, D(0));  // 16: a register's lanes past the last row (the walk's scan)
    for (auto* v : {&u_, &w_, &uc_, &wc_}) v->assign(k_, D(0));
    for (auto* v : {&g_, &rowR_, &rowS_, &diagA_, &diagBs_}) v->assign(m.n, D(0));
    if (q.A) M_.init(q, int64_t(m.n) * m.n);
    if (q.A)
      for (int64_t x = 0; x < m.n; ++x) diagA_[x] = D(q.A[x * m.n + x]);
  }

  // Every delta from scratch for sigma, O(k^2 n). A stop (polled between rows; may be null) leaves them
  // unfinished and returns false.
  bool rebuild(const int32_t* sigma, StopCheck* stop) {
    const int64_t n = m_.n;
    if (q_->A) M_.permute(*q_, sigma, n);
    if (q_->A && q_->symmetric) fillG();
    if (q_->A)
      for (int64_t x = 0; x < n; ++x) diagBs_[x] = D(M_.Bs[x * n + x]);
    StopPoller poll(stop);
    for (int32_t x = 0; x < k_; ++x) {
      for (int32_t y = x + 1; y < k_; ++y) delta_[x * k_ + y] = pairDelta(sigma, items_[x], items_[y]);
      if (poll.due(int64_t(k_ - x) * n)) return false;
    }
    return true;
  }

  // Row x of the matrix: row(x)[y] for y > x.
  const D* row(int32_t x) const { return &delta_[int64_t(x) * k_]; }
  D at(int32_t x, int32_t y) const { return delta_[int64_t(x) * k_ + y]; }

  // Brings the matrix up to date after the swap of free items bx < by (sigma already swapped); touched(lo, hi)
  // is called for every recomputed pair (the walk refreshes its tabu state there).
  template <class Touched>
  void afterSwap(const int32_t* sigma, int32_t bx, int32_t by, Touched&& touched) {
    const int32_t r = items_[bx], s = items_[by];
    if (q_->A) M_.swap(r, s, m_.n), std::swap(diagBs_[r], diagBs_[s]);
    update(sigma, bx, by);
    // The pairs touching the move, from scratch (the update is wrong for them).
    const bool rows = q_->A && q_->symmetric;
    if (rows) touchingRowsSymmetric(r, s);
    for (const int32_t b : {bx, by}) {
      const D* fresh = b == bx ? rowR_.data() : rowS_.data();
      for (int32_t x = 0; x < k_; ++x) {
        if (x == b || (b == by && x == bx)) continue;
        const int32_t lo = std::min(x, b), hi = std::max(x, b);
        const int32_t i = items_[lo], j = items_[hi];
        delta_[int64_t(lo) * k_ + hi] =
            rows ? fresh[items_[x]] + D(m_.linear ? linearSwapDelta(m_.linear, m_.n, i, j, sigma[i], sigma[j]) : 0.0)
                 : pairDelta(sigma, i, j);
        touched(lo, hi);
      }
    }
  }

  // permSwapDelta through the permuted distances Bs[i][j] = B[sigma(i)][sigma(j)] (contiguous rows, no gather):
  // with p = sigma(r), q = sigma(s), B_{q sigma(k)} = Bs_sk, and the formula of qapSwapDelta (perm_model.hpp).
  D pairDelta(const int32_t* sigma, int32_t r, int32_t s) const {
    const int32_t p = sigma[r], q = sigma[s];
    D d = m_.linear ? D(linearSwapDelta(m_.linear, m_.n, r, s, p, q)) : D(0);
    if (!q_->A) return d;
    const int64_t n = m_.n;
    const T *Ar = &M_.A[r * n], *As = &M_.A[s * n], *Br = &M_.Bs[r * n], *Bq = &M_.Bs[s * n];
    const D diag = (D(Ar[r]) - As[s]) * (D(Bq[s]) - Br[r]);  // (A_rr - A_ss)(B_qq - B_pp)
    // kLanes independent partial sums (one SIMD register): a single running sum would chain every add.
    constexpr int kLanes = 8;
    D acc[kLanes] = {};
    const int64_t body = n - n % kLanes;
    if (q_->symmetric) {
      for (int64_t k = 0; k < body; k += kLanes)
        for (int u = 0; u < kLanes; ++u) acc[u] += (D(Ar[k + u]) - As[k + u]) * (D(Bq[k + u]) - Br[k + u]);
      for (int64_t k = body; k < n; ++k) acc[0] += (D(Ar[k]) - As[k]) * (D(Bq[k]) - Br[k]);
      D sum = 0;
      for (int u = 0; u < kLanes; ++u) sum += acc[u];
      sum -= (D(Ar[r]) - As[r]) * (D(Bq[r]) - Br[r]) + (D(Ar[s]) - As[s]) * (D(Bq[s]) - Br[s]);
      return d + diag + 2 * sum;
    }
    const T *Atr = &M_.At[r * n], *Ats = &M_.At[s * n], *Btr = &M_.Bst[r * n], *Btq = &M_.Bst[s * n];
    for (int64_t k = 0; k < body; k += kLanes)
      for (int u = 0; u < kLanes; ++u)
        acc[u] += (D(Atr[k + u]) - Ats[k + u]) * (D(Btq[k + u]) - Btr[k + u]) + (D(Ar[k + u]) - As[k + u]) * (D(Bq[k + u]) - Br[k + u]);
    for (int64_t k = body; k < n; ++k) acc[0] += (D(Atr[k]) - Ats[k]) * (D(Btq[k]) - Btr[k]) + (D(Ar[k]) - As[k]) * (D(Bq[k]) - Br[k]);
    D sum = 0;
    for (int u = 0; u < kLanes; ++u) sum += acc[u];
    sum -= (D(Atr[r]) - Ats[r]) * (D(Btq[r]) - Btr[r]) + (D(Ar[r]) - As[r]) * (D(Bq[r]) - Br[r]);
    sum -= (D(Atr[s]) - Ats[s]) * (D(Btq[s]) - Btr[s]) + (D(Ar[s]) - As[s]) * (D(Bq[s]) - Br[s]);
    // (A_rs - A_sr)(B_qp - B_pq), with B_qp = Bs_sr and B_pq = Bs_rs
    return d + diag + (D(Ar[s]) - As[r]) * (D(Bq[r]) - Br[s]) + sum;
  }

 private:
  // The QAP data the updates read, in T: A (and A^T), and the permuted distances Bs[i][j] = B[sigma(i)][sigma(j)]
  // (and Bs^T) so that every row they scan is contiguous. In double, A and A^T are the view's own (no copy: n^2
  // memory per walk matters at large n).
  struct Matrices {
    std::vector<T> ownA, ownAt, Bs, Bst;
    const T* A = nullptr;
    const T* At = nullptr;
    void init(const QapView& q, int64_t nn) {
      if constexpr (std::is_same_v<T, double>) {
        A = q.A, At = q.At;
      } else {
        ownA.assign(q.A, q.A + nn), A = ownA.data();
        if (!q.symmetric) ownAt.assign(q.At, q.At + nn), At = ownAt.data();
      }
      Bs.assign(nn, T(0));
      if (!q.symmetric) Bst.assign(nn, T(0));
    }
    void permute(const QapView& q, const int32_t* sigma, int64_t n) {
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) Bs[i * n + j] = T(q.B[int64_t(sigma[i]) * n + sigma[j]]);
      if (!q.symmetric)
        for (int64_t i = 0; i < n; ++i)
          for (int64_t j = 0; j < n; ++j) Bst[j * n + i] = Bs[i * n + j];
    }
    void swap(int32_t r, int32_t s, int64_t n) {
      swapRowsAndColumns(Bs, r, s, n);
      if (!Bst.empty()) swapRowsAndColumns(Bst, r, s, n);
    }
    static void swapRowsAndColumns(std::vector<T>& M, int64_t r, int64_t s, int64_t n) {
      std::swap_ranges(M.begin() + r * n, M.begin() + (r + 1) * n, M.begin() + s * n);
      for (int64_t i = 0; i < n; ++i) std::swap(M[i * n + r], M[i * n + s]);
    }
  };

  // Taillard's update for a pair (i, j) disjoint from the move (r, s), with sigma already after the move:
  //   delta'_ij = delta_ij + (A_ri - A_rj + A_sj - A_si)(B_{s' i'} - B_{s' j'} + B_{r' j'} - B_{r' i'})
  //                        + (A_ir - A_jr + A_js - A_is)(B_{i' s'} - B_{j' s'} + B_{j' r'} - B_{i' r'})
  // (x' = sigma(x)). Each factor is a difference of one per-item value at i and at j: with
  //   u_i = A_ri - A_si,  w_i = B_{s' i'} - B_{r' i'},  uc_i = A_ir - A_is,  wc_i = B_{i' s'} - B_{i' r'}
  // the change is (u_i - u_j)(w_i - w_j) + (uc_i - uc_j)(wc_i - wc_j), and 2 (u_i - u_j)(w_i - w_j) when A and
  // B are symmetric: O(k) set-up, then a contiguous O(1) update per pair (vectorized). The linear part of
  // delta_ij depends only on sigma(i), sigma(j): unchanged.
  void update(const int32_t* sigma, int32_t bx, int32_t by) {
    if (!q_->A) return;
    const int64_t n = m_.n;
    const int32_t r = items_[bx], s = items_[by];
    const T *Ar = &M_.A[r * n], *As = &M_.A[s * n], *Bs = &M_.Bs[s * n], *Br = &M_.Bs[r * n];
    for (int32_t x = 0; x < k_; ++x) {
      const int32_t i = items_[x];
      u_[x] = D(Ar[i]) - As[i];
      w_[x] = D(Bs[i]) - Br[i];  // B_{s' i'} - B_{r' i'}
    }
    const D *u = u_.data(), *w = w_.data();
    if (q_->symmetric) {
      for (int32_t x = 0; x < k_; ++x) w_[x] *= 2;
      for (int32_t x = 0; x < k_; ++x) {
        const D ux = u[x], wx = w[x];
        D* d = &delta_[int64_t(x) * k_];
        for (int32_t y = x + 1; y < k_; ++y) d[y] += (ux - u[y]) * (wx - w[y]);
      }
      return;
    }
    const T *Atr = &M_.At[r * n], *Ats = &M_.At[s * n], *Bts = &M_.Bst[s * n], *Btr = &M_.Bst[r * n];
    for (int32_t x = 0; x < k_; ++x) {
      const int32_t i = items_[x];
      uc_[x] = D(Atr[i]) - Ats[i];
      wc_[x] = D(Bts[i]) - Btr[i];  // B_{i' s'} - B_{i' r'}
    }
    const D *uc = uc_.data(), *wc = wc_.data();
    for (int32_t x = 0; x < k_; ++x) {
      const D ux = u[x], wx = w[x], vx = uc[x], zx = wc[x];
      D* d = &delta_[int64_t(x) * k_];
      for (int32_t y = x + 1; y < k_; ++y) d[y] += (ux - u[y]) * (wx - w[y]) + (vx - uc[y]) * (zx - wc[y]);
    }
  }

  // Symmetric A and B: the QAP deltas of (r x) and (s x) for every item x at once. With g_x = sum_k A_xk Bs_xk,
  //   delta(r x) = (A_rr - A_xx)(Bs_xx - Bs_rr)
  //              + 2 (P_x + Q_x - g_r - g_x - (A_rr - A_xr)(Bs_xr - Bs_rr) - (A_rx - A_xx)(Bs_xx - Bs_rx)),
  //   P_x = sum_k A_rk Bs_kx,  Q_x = sum_k Bs_rk A_kx
  // (qapSwapDelta's sum over k, expanded; the last two terms take k = r, x out). P and Q are sums of rows
  // scaled by one number (axpy over contiguous rows: no gather, no horizontal sum), for r and s in one pass.
  // g is kept up to date here: a move (r s) changes g_x only in its terms k = r, s. Columns are read as rows
  // (A and Bs are symmetric) and the diagonals from their own arrays: a column is one cache line per entry.
  void touchingRowsSymmetric(int32_t r, int32_t s) {
    const int64_t n = m_.n;
    const T *A = M_.A, *Bs = M_.Bs.data();
    for (int64_t x = 0; x < n; ++x)  // g_r and g_s are recomputed below
      g_[x] += (D(A[r * n + x]) - A[s * n + x]) * (D(Bs[r * n + x]) - Bs[s * n + x]);
    for (const int64_t b : {int64_t(r), int64_t(s)}) {
      D sum = 0;
      for (int64_t k = 0; k < n; ++k) sum += D(A[b * n + k]) * Bs[b * n + k];
      g_[b] = sum;
    }
    D* pr = rowR_.data();
    D* ps = rowS_.data();
    // Blocks of columns x whose two partial sums stay in registers over the whole k loop (a store per entry per
    // k would bound the loop by stores); each entry still adds its terms in k order, as a plain loop would.
    int64_t x0 = 0;
    for (; x0 + 4 * kVec <= n; x0 += 4 * kVec) axpyBlock<4>(r, s, x0, pr, ps);
    for (; x0 + kVec <= n; x0 += kVec) axpyBlock<1>(r, s, x0, pr, ps);
    // The last columns in one register ending at column n - 1: it repeats a few columns of the previous one,
    // with the same operations in the same order, so they are written again with the same values.
    if (x0 < n && n >= kVec) axpyBlock<1>(r, s, n - kVec, pr, ps), x0 = n;
    // Below one register of columns: dot products of rows (A and Bs are symmetric: column x is row x).
    for (int64_t x = x0; x < n; ++x) {
      D sr = 0, ss = 0;
      const T *Ax = A + x * n, *Bx = Bs + x * n;
      for (int64_t k = 0; k < n; ++k) {
        sr += D(A[r * n + k]) * Bx[k] + D(Bs[r * n + k]) * Ax[k];
        ss += D(A[s * n + k]) * Bx[k] + D(Bs[s * n + k]) * Ax[k];
      }
      pr[x] = sr, ps[x] = ss;
    }
    for (const int64_t b : {int64_t(r), int64_t(s)}) {
      D* row = b == r ? pr : ps;
      const T *Ab = A + b * n, *Bb = Bs + b * n;
      const D abb = Ab[b], bbb = Bb[b], gb = g_[b];
      for (int64_t x = 0; x < n; ++x) {
        const D axx = diagA_[x], bxx = diagBs_[x];
        row[x] = (abb - axx) * (bxx - bbb) +
                 2 * (row[x] - gb - g_[x] - (abb - D(Ab[x])) * (D(Bb[x]) - bbb) - (D(Ab[x]) - axx) * (bxx - D(Bb[x])));
      }
    }
  }

  // P and Q of touchingRowsSymmetric for the V * kVec columns from x0 (V registers of kVec entries per row):
  // pr[x] = sum_k A_rk Bs_kx + Bs_rk A_kx, and ps for s.
  static constexpr int64_t kVec = 64 / sizeof(D);
  typedef D Vec __attribute__((vector_size(64)));
  static Vec load(const T* p) {
    Vec v;
    for (int64_t u = 0; u < kVec; ++u) v[u] = D(p[u]);
    return v;
  }
  template <int V>
  void axpyBlock(int64_t r, int64_t s, int64_t x0, D* pr, D* ps) const {
    const int64_t n = m_.n;
    const T *A = M_.A, *Bs = M_.Bs.data();
    Vec accR[V], accS[V];
    for (int v = 0; v < V; ++v) accR[v] = accS[v] = Vec{} ;
    for (int64_t k = 0; k < n; ++k) {
      const D ar = A[r * n + k], br = Bs[r * n + k], as = A[s * n + k], bs = Bs[s * n + k];
      const T *Ak = A + k * n + x0, *Bk = Bs + k * n + x0;
      for (int v = 0; v < V; ++v) {
        const Vec b = load(Bk + v * kVec), a = load(Ak + v * kVec);
        accR[v] += ar * b + br * a;
        accS[v] += as * b + bs * a;
      }
    }
    for (int v = 0; v < V; ++v)
      for (int64_t u = 0; u < kVec; ++u) pr[x0 + v * kVec + u] = accR[v][u], ps[x0 + v * kVec + u] = accS[v][u];
  }

  // g_x = sum_k A_xk Bs_xk from scratch (rebuilds).
  void fillG() {
    const int64_t n = m_.n;
    for (int64_t x = 0; x < n; ++x) {
      D sum = 0;
      for (int64_t k = 0; k < n; ++k) sum += D(M_.A[x * n + k]) * M_.Bs[x * n + k];
      g_[x] = sum;
    }
  }

  PermModel m_;
  const QapView* q_ = nullptr;
  std::vector<int32_t> items_;
  int32_t k_ = 0;
  Matrices M_;
  std::vector<D> delta_;             // delta_[x * k + y], x < y, then 16 entries of padding
  std::vector<D> u_, w_, uc_, wc_;   // per free item, for update
  std::vector<D> g_, rowR_, rowS_;   // per item, for touchingRowsSymmetric
  std::vector<D> diagA_, diagBs_;    // A_xx and Bs_xx per item
};

}  // namespace ebm
