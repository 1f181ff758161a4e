// Robust tabu search for permutation models (Taillard 1991, "Robust taboo search for the quadratic assignment
// problem"): it walks on from a local minimum by always taking the best non-tabu swap. Its random tenures come
// from their own purpose, kPurposeTabu, so they never overlap a sampler lane's stream. (The swap descent that
// polishes an answer is descend() in descent.hpp; the iterated search built on this walk is perm_iterated.hpp.)
#pragma once
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>
#include "perm_model.hpp"
#include "rng.hpp"
#include "stop.hpp"

namespace ebm {

// Robust tabu search over transpositions of the free items. Keeps delta[x][y] for every pair of free items;
// after a move (r s) the pairs disjoint from {r, s} are updated in O(1) (Taillard's formula, updateDeltas) and
// the 2k - 3 pairs touching r or s are recomputed in O(n): O(n^2) per iteration, all of it on contiguous rows.
//
// Tabu rule: after moving item r away from slot p, placing r at p again is tabu for a random tenure
// (tenure^3 scaled, as in Taillard's reference code); a move is allowed if either item goes to a non-tabu
// slot, and aspiration accepts any move that beats the best cost or that has been tabu for very long.
class RobustTabu {
 public:
  RobustTabu(const PermModel& m, const QapView& q, uint64_t seed, uint32_t stream)
      : m_(m), q_(q), key_(seedKey(seed)), stream_(stream) {
    items_ = freeItems(m);
    k_ = int32_t(items_.size());
    tenure_ = 8.0 * k_;
    aspiration_ = int64_t(5) * k_ * k_;
    delta_.assign(int64_t(k_) * k_, 0.0);
    pairTabu_.assign(int64_t(k_) * k_, 0);
    for (auto* v : {&u_, &w_, &uc_, &wc_}) v->assign(k_, 0.0);
    for (auto* v : {&g_, &rowR_, &rowS_}) v->assign(m.n, 0.0);
    tabu_.assign(int64_t(m.n) * m.n, 0);
    sigma_.assign(m.n, 0);
    best_.assign(m.n, 0);
    if (q_.A) {
      const int64_t nn = int64_t(m.n) * m.n;
      narrow_ = fitsFloat(q_.A, nn) && fitsFloat(q_.B, nn);
      if (narrow_) wide_.init(q_, nn, false), thin_.init(q_, nn, true);
      else wide_.init(q_, nn, true);
    }
  }

  // A move keeps the float copies' buffers, so Matrices' pointers stay valid; a copy would not.
  RobustTabu(const RobustTabu&) = delete;
  RobustTabu(RobustTabu&&) = default;

  // Starts (or restarts) from sigma: best() is sigma at once, then the k^2/2 deltas, O(k^2 n). A stop (polled
  // between rows; stop may be null) leaves them unfinished: the walk is then not ready and run() does nothing.
  // The tabu list is cleared; iteration counts go on.
  void reset(const int32_t* sigma, StopCheck* stop = nullptr) {
    for (int32_t i = 0; i < m_.n; ++i) sigma_[i] = best_[i] = sigma[i];
    cost_ = bestCost_ = permEnergy(m_, sigma_.data());
    lastImprovement_ = iteration_;
    restart(stop);
  }

  // Moves the walk to sigma (which must respect the clamps) without forgetting its best: a perturbation.
  void jump(const int32_t* sigma, StopCheck* stop = nullptr) {
    for (int32_t i = 0; i < m_.n; ++i) sigma_[i] = sigma[i];
    cost_ = permEnergy(m_, sigma_.data());
    restart(stop);
    if (ready_ && cost_ < bestCost_) bestCost_ = cost_, best_ = sigma_, lastImprovement_ = iteration_;
  }

  // Runs up to `iterations` iterations; stops early once bestCost <= target, or on a stop (polled about every
  // StopPoller::kPollWork units of work: every step when a step scans more pairs than that).
  void run(int64_t iterations, StopCheck* stop, double target = -INFINITY) {
    if (k_ < 2 || !ready_) return;
    StopPoller poll(stop);
    const int64_t stepWork = int64_t(k_) * k_ + 2 * int64_t(k_) * m_.n;  // scan + delta update + 2k fresh deltas
    for (int64_t it = 0; it < iterations; ++it) {
      if (poll.due(stepWork)) return;
      if (!step()) return;
      if (bestCost_ <= target) return;
    }
  }
  bool ready() const { return ready_; }

  double bestCost() const { return bestCost_; }
  double cost() const { return cost_; }
  const std::vector<int32_t>& best() const { return best_; }
  const std::vector<int32_t>& current() const { return sigma_; }
  int64_t iterations() const { return iteration_; }
  int64_t sinceImprovement() const { return iteration_ - lastImprovement_; }
  // The best since the last reset or jump, and the iterations since it last improved.
  double cycleCost() const { return cycleCost_; }
  const std::vector<int32_t>& cycleBest() const { return cycleBest_; }
  int64_t sinceCycleImprovement() const { return iteration_ - cycleImprovement_; }
  uint32_t epoch() const { return epoch_; }
  int32_t freeCount() const { return k_; }
  // Steps after which a move untouched that long is aspired (taken even if tabu); default 5 k^2.
  void setAspiration(int64_t steps) { aspiration_ = steps; }

  // Largest |cached - recomputed| over the delta matrix and the running cost (tests).
  double maxCacheError() const {
    double worst = std::fabs(cost_ - permEnergy(m_, sigma_.data()));
    for (int32_t x = 0; x < k_; ++x)
      for (int32_t y = x + 1; y < k_; ++y)
        worst = std::fmax(worst, std::fabs(delta_[x * k_ + y] - permSwapDelta(m_, q_, sigma_.data(), items_[x], items_[y])));
    return worst;
  }

 private:
  void restart(StopCheck* stop) {
    // Every move is free from now on, and counts as old (aspired) only after `aspiration` more steps.
    std::fill(tabu_.begin(), tabu_.end(), iteration_);
    std::fill(pairTabu_.begin(), pairTabu_.end(), iteration_);
    cycleImprovement_ = iteration_;
    cycleCost_ = cost_;
    cycleBest_ = sigma_;
    ++epoch_;
    ready_ = false;
    const int64_t n = m_.n;
    if (q_.A) narrow_ ? thin_.permute(q_, sigma_.data(), n) : wide_.permute(q_, sigma_.data(), n);
    if (q_.A && q_.symmetric) narrow_ ? fillG(thin_) : fillG(wide_);
    StopPoller poll(stop);
    for (int32_t x = 0; x < k_; ++x) {
      for (int32_t y = x + 1; y < k_; ++y) delta_[x * k_ + y] = pairDelta(items_[x], items_[y]);
      if (poll.due(int64_t(k_ - x) * m_.n)) return;
    }
    ready_ = true;
  }

  // The best move by Taillard's rule: an aspired move (beats the best cost, or tabu for very long) if there is
  // one, else the best allowed one. Row minima first (vectorized), the column only in a row that wins.
  bool step() {
    ++iteration_;
    const int64_t it = iteration_, itOld = iteration_ - aspiration_;
    const double tol = 1e-9 * (1.0 + std::fabs(bestCost_));
    const double aspireBelow = bestCost_ - tol - cost_;  // cost + d < best - tol
    int32_t bx = -1, by = -1;
    double bestAspired = INFINITY, bestAllowed = INFINITY;
    int32_t ax = -1, ay = -1;
    for (int32_t x = 0; x + 1 < k_; ++x) {
      const double* d = &delta_[int64_t(x) * k_];
      const int64_t* t = &pairTabu_[int64_t(x) * k_];
      constexpr int W = 8;
      double mAsp[W], mAll[W];
      for (int u = 0; u < W; ++u) mAsp[u] = mAll[u] = INFINITY;
      int32_t y = x + 1;
      for (; y + W <= k_; y += W)
        for (int u = 0; u < W; ++u) {
          const double dv = d[y + u];
          const bool aspired = t[y + u] < itOld || dv < aspireBelow, allowed = t[y + u] < it;
          const double va = aspired ? dv : INFINITY, vl = allowed ? dv : INFINITY;
          mAsp[u] = va < mAsp[u] ? va : mAsp[u];
          mAll[u] = vl < mAll[u] ? vl : mAll[u];
        }
      for (; y < k_; ++y) {
        const double dv = d[y];
        if (t[y] < itOld || dv < aspireBelow) mAsp[0] = dv < mAsp[0] ? dv : mAsp[0];
        if (t[y] < it) mAll[0] = dv < mAll[0] ? dv : mAll[0];
      }
      double rowAsp = INFINITY, rowAll = INFINITY;
      for (int u = 0; u < W; ++u) rowAsp = mAsp[u] < rowAsp ? mAsp[u] : rowAsp, rowAll = mAll[u] < rowAll ? mAll[u] : rowAll;
      // The first pair (in row-major order) with the smallest value wins, as in a plain scan.
      if (rowAsp < bestAspired) {
        bestAspired = rowAsp, ax = x;
        for (ay = x + 1; !(d[ay] == rowAsp && (t[ay] < itOld || d[ay] < aspireBelow)); ++ay) {}
      }
      if (rowAll < bestAllowed) {
        bestAllowed = rowAll, bx = x;
        for (by = x + 1; !(d[by] == rowAll && t[by] < it); ++by) {}
      }
    }
    if (ax >= 0) bx = ax, by = ay;
    if (bx < 0) return false;  // every move tabu (cannot happen with k >= 2 and random tenures, but be safe)
    move(bx, by);
    // r may not return to its old slot p (now s's), nor s to q, for a random tenure.
    const int32_t r = items_[bx], s = items_[by];
    tabu_[int64_t(r) * m_.n + sigma_[s]] = iteration_ + int64_t(cube(uniform(0)) * tenure_);
    tabu_[int64_t(s) * m_.n + sigma_[r]] = iteration_ + int64_t(cube(uniform(1)) * tenure_);
    pairTabu_[int64_t(bx) * k_ + by] = pairTabuOf(bx, by);
    if (cost_ < cycleCost_) {
      // Re-anchor on improvements: the running cost is a sum of deltas.
      cost_ = permEnergy(m_, sigma_.data());
      if (cost_ < cycleCost_) cycleCost_ = cost_, cycleBest_ = sigma_, cycleImprovement_ = iteration_;
      if (cost_ < bestCost_) {
        bestCost_ = cost_;
        best_ = sigma_;
        lastImprovement_ = iteration_;
      }
    }
    return true;
  }

  // Swaps the slots of free items x < y and brings every cache up to date.
  void move(int32_t bx, int32_t by) {
    const int32_t r = items_[bx], s = items_[by];
    cost_ += delta_[int64_t(bx) * k_ + by];
    std::swap(sigma_[r], sigma_[s]);
    if (q_.A) narrow_ ? thin_.swap(r, s, m_.n) : wide_.swap(r, s, m_.n);
    if (narrow_) updateDeltas(thin_, bx, by);
    else updateDeltas(wide_, bx, by);
  }

  // The QAP data the step reads, in T: A (and A^T), and the permuted distances Bs[i][j] = B[sigma(i)][sigma(j)]
  // (and Bs^T) so that every row the step scans is contiguous. With T = float when every entry of A and B is
  // a float (QAPLIB's small integers): half the memory traffic, and the same sums (products of two floats are
  // exact in double, and the sums are taken in double).
  // In double, A and A^T are the view's own (no copy: n^2 memory per walk matters at large n).
  template <class T>
  struct Matrices {
    std::vector<T> ownA, ownAt, Bs, Bst;
    const T* A = nullptr;
    const T* At = nullptr;
    void init(const QapView& q, int64_t nn, bool used) {
      if (!used) return;
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
  static bool fitsFloat(const double* M, int64_t nn) {
    for (int64_t i = 0; i < nn; ++i)
      if (double(float(M[i])) != M[i]) return false;
    return true;
  }
  double pairDelta(int32_t r, int32_t s) const { return narrow_ ? pairDelta(thin_, r, s) : pairDelta(wide_, r, s); }

  // The pair's tabu state in one number: min over its two moves of the iteration until which it is tabu
  // (allowed iff < now; aspired by age iff < now - aspiration).
  int64_t pairTabuOf(int32_t x, int32_t y) const {
    const int64_t n = m_.n;
    const int32_t r = items_[x], s = items_[y];
    return std::min(tabu_[r * n + sigma_[s]], tabu_[s * n + sigma_[r]]);
  }

  // permSwapDelta through the permuted distances Bs[i][j] = B[sigma(i)][sigma(j)] (contiguous rows, no gather):
  // with p = sigma(r), q = sigma(s), B_{q sigma(k)} = Bs_sk, and the formula of qapSwapDelta (perm_model.hpp).
  template <class T>
  double pairDelta(const Matrices<T>& M, int32_t r, int32_t s) const {
    const int32_t p = sigma_[r], q = sigma_[s];
    double d = m_.linear ? linearSwapDelta(m_.linear, m_.n, r, s, p, q) : 0.0;
    if (!q_.A) return d;
    const int64_t n = m_.n;
    const T *Ar = &M.A[r * n], *As = &M.A[s * n], *Br = &M.Bs[r * n], *Bq = &M.Bs[s * n];
    const double diag = (double(Ar[r]) - As[s]) * (double(Bq[s]) - Br[r]);  // (A_rr - A_ss)(B_qq - B_pp)
    // kLanes independent partial sums (one SIMD register): a single running sum would chain every add.
    constexpr int kLanes = 8;
    double acc[kLanes] = {};
    const int64_t body = n - n % kLanes;
    if (q_.symmetric) {
      for (int64_t k = 0; k < body; k += kLanes)
        for (int u = 0; u < kLanes; ++u) acc[u] += (double(Ar[k + u]) - As[k + u]) * (double(Bq[k + u]) - Br[k + u]);
      for (int64_t k = body; k < n; ++k) acc[0] += (double(Ar[k]) - As[k]) * (double(Bq[k]) - Br[k]);
      double sum = 0;
      for (int u = 0; u < kLanes; ++u) sum += acc[u];
      sum -= (double(Ar[r]) - As[r]) * (double(Bq[r]) - Br[r]) + (double(Ar[s]) - As[s]) * (double(Bq[s]) - Br[s]);
      return d + diag + 2 * sum;
    }
    const T *Atr = &M.At[r * n], *Ats = &M.At[s * n], *Btr = &M.Bst[r * n], *Btq = &M.Bst[s * n];
    for (int64_t k = 0; k < body; k += kLanes)
      for (int u = 0; u < kLanes; ++u)
        acc[u] += (double(Atr[k + u]) - Ats[k + u]) * (double(Btq[k + u]) - Btr[k + u]) + (double(Ar[k + u]) - As[k + u]) * (double(Bq[k + u]) - Br[k + u]);
    for (int64_t k = body; k < n; ++k) acc[0] += (double(Atr[k]) - Ats[k]) * (double(Btq[k]) - Btr[k]) + (double(Ar[k]) - As[k]) * (double(Bq[k]) - Br[k]);
    double sum = 0;
    for (int u = 0; u < kLanes; ++u) sum += acc[u];
    sum -= (double(Atr[r]) - Ats[r]) * (double(Btq[r]) - Btr[r]) + (double(Ar[r]) - As[r]) * (double(Bq[r]) - Br[r]);
    sum -= (double(Atr[s]) - Ats[s]) * (double(Btq[s]) - Btr[s]) + (double(Ar[s]) - As[s]) * (double(Bq[s]) - Br[s]);
    // (A_rs - A_sr)(B_qp - B_pq), with B_qp = Bs_sr and B_pq = Bs_rs
    return d + diag + (double(Ar[s]) - As[r]) * (double(Bq[r]) - Br[s]) + sum;
  }

  static double cube(double u) { return u * u * u; }
  double uniform(uint32_t which) const {
    // Streams of successive restarts differ through the site word (2 per iteration, epoch above them).
    const Philox4x32 r = draw(key_, uint64_t(iteration_), which + 2 * epoch_, stream_, kPurposeTabu);
    return uniform01(r.v[0]);
  }

  // Taillard's update for a pair (i, j) disjoint from the move (r, s), with sigma already after the move:
  //   delta'_ij = delta_ij + (A_ri - A_rj + A_sj - A_si)(B_{s' i'} - B_{s' j'} + B_{r' j'} - B_{r' i'})
  //                        + (A_ir - A_jr + A_js - A_is)(B_{i' s'} - B_{j' s'} + B_{j' r'} - B_{i' r'})
  // (x' = sigma(x)). Each factor is a difference of one per-item value at i and at j: with
  //   u_i = A_ri - A_si,  w_i = B_{s' i'} - B_{r' i'},  uc_i = A_ir - A_is,  wc_i = B_{i' s'} - B_{i' r'}
  // the change is (u_i - u_j)(w_i - w_j) + (uc_i - uc_j)(wc_i - wc_j), and 2 (u_i - u_j)(w_i - w_j) when A and
  // B are symmetric: O(k) set-up, then a contiguous O(1) update per pair (vectorized). The linear part of
  // delta_ij depends only on sigma(i), sigma(j): unchanged. The 2k - 3 pairs touching r or s are recomputed.
  template <class T>
  void updateDeltas(const Matrices<T>& M, int32_t bx, int32_t by) {
    const int64_t n = m_.n;
    const int32_t r = items_[bx], s = items_[by];
    if (q_.A) {
      const T *Ar = &M.A[r * n], *As = &M.A[s * n], *Bs = &M.Bs[s * n], *Br = &M.Bs[r * n];
      for (int32_t x = 0; x < k_; ++x) {
        const int32_t i = items_[x];
        u_[x] = double(Ar[i]) - As[i];
        w_[x] = double(Bs[i]) - Br[i];  // B_{s' i'} - B_{r' i'}
      }
      const double *u = u_.data(), *w = w_.data();
      if (q_.symmetric) {
        for (int32_t x = 0; x < k_; ++x) w_[x] *= 2;
        for (int32_t x = 0; x < k_; ++x) {
          const double ux = u[x], wx = w[x];
          double* d = &delta_[int64_t(x) * k_];
          for (int32_t y = x + 1; y < k_; ++y) d[y] += (ux - u[y]) * (wx - w[y]);
        }
      } else {
        const T *Atr = &M.At[r * n], *Ats = &M.At[s * n], *Bts = &M.Bst[s * n], *Btr = &M.Bst[r * n];
        for (int32_t x = 0; x < k_; ++x) {
          const int32_t i = items_[x];
          uc_[x] = double(Atr[i]) - Ats[i];
          wc_[x] = double(Bts[i]) - Btr[i];  // B_{i' s'} - B_{i' r'}
        }
        const double *uc = uc_.data(), *wc = wc_.data();
        for (int32_t x = 0; x < k_; ++x) {
          const double ux = u[x], wx = w[x], vx = uc[x], zx = wc[x];
          double* d = &delta_[int64_t(x) * k_];
          for (int32_t y = x + 1; y < k_; ++y) d[y] += (ux - u[y]) * (wx - w[y]) + (vx - uc[y]) * (zx - wc[y]);
        }
      }
    }
    // The pairs touching the move, from scratch (the update above is wrong for them), with their tabu state.
    if (q_.A && q_.symmetric) {
      touchingRowsSymmetric(M, r, s);
      for (const int32_t b : {bx, by}) {
        const double* fresh = b == bx ? rowR_.data() : rowS_.data();
        for (int32_t x = 0; x < k_; ++x) {
          if (x == b || (b == by && x == bx)) continue;
          const int32_t lo = std::min(x, b), hi = std::max(x, b);
          const double lin = m_.linear ? linearSwapDelta(m_.linear, m_.n, items_[lo], items_[hi], sigma_[items_[lo]], sigma_[items_[hi]]) : 0.0;
          delta_[int64_t(lo) * k_ + hi] = fresh[items_[x]] + lin;
          pairTabu_[int64_t(lo) * k_ + hi] = pairTabuOf(lo, hi);
        }
      }
      return;
    }
    for (const int32_t b : {bx, by})
      for (int32_t x = 0; x < k_; ++x) {
        if (x == b || (b == by && x == bx)) continue;
        const int32_t lo = std::min(x, b), hi = std::max(x, b);
        delta_[int64_t(lo) * k_ + hi] = pairDelta(M, items_[lo], items_[hi]);
        pairTabu_[int64_t(lo) * k_ + hi] = pairTabuOf(lo, hi);
      }
  }

  // Symmetric A and B: the QAP deltas of (r x) and (s x) for every item x at once. With g_x = sum_k A_xk Bs_xk,
  //   delta(r x) = (A_rr - A_xx)(Bs_xx - Bs_rr)
  //              + 2 (P_x + Q_x - g_r - g_x - (A_rr - A_xr)(Bs_xr - Bs_rr) - (A_rx - A_xx)(Bs_xx - Bs_rx)),
  //   P_x = sum_k A_rk Bs_kx,  Q_x = sum_k Bs_rk A_kx
  // (qapSwapDelta's sum over k, expanded; the last two terms take k = r, x out). P and Q are sums of rows
  // scaled by one number (axpy over contiguous rows: no gather, no horizontal sum), for r and s in one pass.
  // g is kept up to date here: a move (r s) changes g_x only in its terms k = r, s.
  template <class T>
  void touchingRowsSymmetric(const Matrices<T>& M, int32_t r, int32_t s) {
    const int64_t n = m_.n;
    const T *A = M.A, *Bs = M.Bs.data();
    for (int64_t x = 0; x < n; ++x)
      if (x != r && x != s) g_[x] += (double(A[x * n + r]) - A[x * n + s]) * (double(Bs[x * n + r]) - Bs[x * n + s]);
    for (const int64_t b : {int64_t(r), int64_t(s)}) {
      double sum = 0;
      for (int64_t k = 0; k < n; ++k) sum += double(A[b * n + k]) * Bs[b * n + k];
      g_[b] = sum;
    }
    double* pr = rowR_.data();
    double* ps = rowS_.data();
    std::fill(rowR_.begin(), rowR_.end(), 0.0);
    std::fill(rowS_.begin(), rowS_.end(), 0.0);
    for (int64_t k = 0; k < n; ++k) {
      const double ar = A[r * n + k], br = Bs[r * n + k], as = A[s * n + k], bs = Bs[s * n + k];
      const T *Ak = A + k * n, *Bk = Bs + k * n;
      for (int64_t x = 0; x < n; ++x) {
        pr[x] += ar * Bk[x] + br * Ak[x];
        ps[x] += as * Bk[x] + bs * Ak[x];
      }
    }
    for (const int64_t b : {int64_t(r), int64_t(s)}) {
      double* row = b == r ? pr : ps;
      const T *Ab = A + b * n, *Bb = Bs + b * n;
      const double abb = Ab[b], bbb = Bb[b], gb = g_[b];
      for (int64_t x = 0; x < n; ++x) {
        const double axx = A[x * n + x], bxx = Bs[x * n + x];
        row[x] = (abb - axx) * (bxx - bbb) +
                 2 * (row[x] - gb - g_[x] - (abb - double(Ab[x])) * (double(Bb[x]) - bbb) - (double(Ab[x]) - axx) * (bxx - double(Bb[x])));
      }
    }
  }

  // g_x = sum_k A_xk Bs_xk from scratch (restarts).
  template <class T>
  void fillG(const Matrices<T>& M) {
    const int64_t n = m_.n;
    for (int64_t x = 0; x < n; ++x) {
      double sum = 0;
      for (int64_t k = 0; k < n; ++k) sum += double(M.A[x * n + k]) * M.Bs[x * n + k];
      g_[x] = sum;
    }
  }

  PermModel m_;
  const QapView& q_;
  SeedKey key_;
  uint32_t stream_;
  std::vector<int32_t> items_;
  int32_t k_ = 0;
  double tenure_ = 0;
  int64_t aspiration_ = 0;
  std::vector<double> delta_;       // delta_[x * k + y], x < y: energy change of swapping free items x, y
  std::vector<int64_t> pairTabu_;   // pairTabuOf(x, y), x < y
  std::vector<double> u_, w_, uc_, wc_;  // per free item, for updateDeltas
  std::vector<double> g_, rowR_, rowS_;  // per item, for touchingRowsSymmetric
  bool narrow_ = false;             // the data fit in float: thin_ holds it, else wide_
  Matrices<double> wide_;
  Matrices<float> thin_;
  std::vector<int64_t> tabu_;       // tabu_[item * n + slot]: iteration until which item may not go to slot
  std::vector<int32_t> sigma_, best_, cycleBest_;
  double cost_ = 0, bestCost_ = INFINITY, cycleCost_ = INFINITY;
  int64_t iteration_ = 0, lastImprovement_ = 0, cycleImprovement_ = 0;
  uint32_t epoch_ = 0;
  bool ready_ = false;  // the delta matrix is complete (reset ran to the end)
};

}  // namespace ebm
