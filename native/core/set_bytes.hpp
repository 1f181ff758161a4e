// Byte lanes: the heat-bath step of SetLanes<int8_t> (set_lanes.hpp), 64 lanes per 64-byte group, for integer
// models whose every local field lies in [-127, 127] and whose couplings fit in int8 (byteLanesExact).
//
// The acceptance is one comparison per lane against a per-beta threshold table, and needs one random byte per
// lane instead of a 32-bit word. Exactly: a flip with energy change d is accepted iff U < T(d), U a uniform
// 32-bit integer, T(d) = round(2^32 / (1 + exp(beta d))) in [0, 2^32], i.e. with probability T(d) / 2^32, within
// 2^-33 of the heat-bath 1 / (1 + exp(beta d)) (the 32-bit uniforms of the float64 lanes have that resolution;
// float lanes compare 24-bit ones). U is drawn lazily, top byte first: U = b 2^24 + r. With T = hi 2^24 + lo
// (hi = min(T >> 24, 255), lo in [0, 2^24]): b < hi accepts, b > hi rejects, and only b == hi (probability
// 1/256) needs r, a 24-bit uniform from a stream of its own: accept iff r < lo. Same distribution as comparing
// a full 32-bit U; a quarter of the Philox blocks.
//
// Streams: the byte b of global lane L at (site, sweep) is byte L % 16 of the Philox block
// (site, sweep, L / 16, kPurposeSiteByte) (bytes of a block's four words in little-endian order); the tie word
// r is word 0 (low 24 bits) of draw(key, sweep, site, L, kPurposeSiteTie). Both depend only on (seed, global
// lane, sweep, site): never on the group width or on how lanes are split across workers.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>
#include "mathx.hpp"
#include "rng.hpp"
#include "set_model.hpp"
#include "stop.hpp"
#include "sweep_words.hpp"
#if defined(__AVX512BW__) && defined(__AVX512VBMI__) && !defined(__CUDACC__)
#include <immintrin.h>
#define EBM_BYTE_LANES_AVX512 1
#endif

namespace ebm {

// A block's 16 bytes are read as its four words' bytes in memory order: byte k is bits 8 (k % 4) .. of word k / 4
// on a little-endian machine, the only kind this is built for.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "byte lanes read Philox words as little-endian bytes");

// Whether byte lanes are exact for m: integer unary terms and couplings, |W_ij| <= 127, and every local field
// f_i = h_i + sum_j W_ij y_j in [-127, 127] for every y (it ranges from h_i plus the negative couplings to h_i
// plus the positive ones), so fields, flip energies and every update stay exact in int8. E.g. max-cut with
// unit weights (h_i = -deg_i, W_ij = 2: f_i in [-deg_i, deg_i]) for degrees up to 127. A stop answers false.
inline bool byteLanesExact(const SetModel& m, StopCheck* stop = nullptr) {
  StopPoller poll(stop);
  for (int32_t i = 0; i < m.n; ++i) {
    if (poll.due(1 + (m.dense ? m.n : m.rowPtr[i + 1] - m.rowPtr[i]))) return false;
    const double h = m.unary[i];
    if (h != std::floor(h)) return false;
    double lo = h, hi = h;
    bool fits = true;
    withCoupling(m, [&](const auto& c) {
      c.forNeighbors(i, [&](int32_t, double w) {
        if (w != std::floor(w) || std::fabs(w) > 127) fits = false;
        (w < 0 ? lo : hi) += w;
      });
      return 0;
    });
    if (!fits || lo < -127 || hi > 127) return false;
  }
  return true;
}

// T(d) split as hi (the byte compared first) and lo (resolves a tie), for d = int8_t(k), k = 0..255.
struct HeatBathThresholds {
  alignas(64) uint8_t hi[256];
  uint32_t lo[256];
  double beta = NAN;
  void build(double b) {
    beta = b;
    for (int k = 0; k < 256; ++k) {
      const double d = double(int8_t(uint8_t(k)));
      // beta = inf and d = 0: 0 * inf is NaN, which expFast takes as -708 (p = 1), as heatBathAccept does.
      const double p = 1.0 / (1.0 + expFast(b * d));
      const uint64_t t = uint64_t(std::floor(p * 4294967296.0 + 0.5));  // in [0, 2^32]
      hi[k] = uint8_t(std::min<uint64_t>(t >> 24, 255));
      lo[k] = uint32_t(t - (uint64_t(hi[k]) << 24));
    }
  }
};

// Each lane's thresholds: one table per beta in use, shared by the lanes at that beta and kept while PT moves
// betas between lanes (a table costs 256 exp). A ladder that keeps changing (adaptation) starts the cache over
// past 4 tables per lane, keeping the ones in use.
class ThresholdCache {
 public:
  void reset(int lanes) {
    tables_.clear();
    lane_.clear();
    lane_.assign(lanes, tableFor(1.0));
  }
  void setBeta(int lane, double beta) { lane_[lane] = tableFor(beta); }
  // The tables of lanes [first, first + count); whether they are all one table (one beta).
  bool group(int first, int count, const HeatBathThresholds** out) const {
    bool uniform = true;
    for (int l = 0; l < count; ++l) {
      out[l] = &tables_[lane_[first + l]];
      uniform = uniform && out[l] == out[0];
    }
    return uniform;
  }

 private:
  static bool same(double a, double b) { return std::memcmp(&a, &b, sizeof(double)) == 0; }
  int32_t find(const std::vector<HeatBathThresholds>& in, double beta) const {
    for (size_t k = 0; k < in.size(); ++k)
      if (same(in[k].beta, beta)) return int32_t(k);
    return -1;
  }
  int32_t tableFor(double beta) {
    const int32_t k = find(tables_, beta);
    if (k >= 0) return k;
    if (tables_.size() >= 4 * lane_.size() + 16) {
      std::vector<HeatBathThresholds> kept;
      for (int32_t& t : lane_) {
        int32_t q = find(kept, tables_[t].beta);
        if (q < 0) {
          kept.push_back(tables_[t]);
          q = int32_t(kept.size() - 1);
        }
        t = q;
      }
      tables_.swap(kept);
    }
    tables_.emplace_back();
    tables_.back().build(beta);
    return int32_t(tables_.size() - 1);
  }
  std::vector<HeatBathThresholds> tables_;
  std::vector<int32_t> lane_;
};

// One site's row of couplings in the lane type: the neighbours col[k] (or k, dense) with W_i,col[k] = w[k].
struct ByteRow {
  const int32_t* col;  // nullptr: dense row, neighbour k is item k
  const int8_t* w;
  int32_t count;
};
inline ByteRow byteRow(const SparseCoupling<int8_t>& c, int32_t i) {
  const int32_t b = c.rowPtr[i];
  return ByteRow{c.col + b, c.weight + b, c.rowPtr[i + 1] - b};
}
inline ByteRow byteRow(const DenseCoupling<int8_t>& c, int32_t i) { return ByteRow{nullptr, c.W + int64_t(i) * c.n, c.n}; }

// Fields are not cached in byte lanes: site i's field in the 64 lanes is summed from its neighbours' states
// when it is visited, f_i = h_i + sum_j W_ij y_j, with bit l of bits[j] the state y_j of lane l. An update
// then reads (the 8-byte state words of the neighbours) and writes nothing, and the states of a whole group
// take 8 bytes per item, which stay in the L1 cache where 64-byte field vectors would not (G1: 6 KB vs 51 KB).
// Summed mod 256, exact: the true value lies in [-127, 127] (byteLanesExact).
template <bool kSparse>
inline void bytePullField(const ByteRow& row, int8_t h, const uint64_t* __restrict bits, int8_t* __restrict f) {
#if defined(EBM_BYTE_LANES_AVX512)
  // Four sums: a quarter of the add latency chain (measured 6% faster than two on G1).
  __m512i a = _mm512_set1_epi8(h), b = _mm512_setzero_si512(), c2 = _mm512_setzero_si512(), d2 = _mm512_setzero_si512();
  int32_t k = 0;
  const int32_t* col = row.col;
  const int8_t* w = row.w;
  for (; k + 4 <= row.count; k += 4) {
    a = _mm512_add_epi8(a, _mm512_maskz_set1_epi8(bits[kSparse ? col[k] : k], w[k]));
    b = _mm512_add_epi8(b, _mm512_maskz_set1_epi8(bits[kSparse ? col[k + 1] : k + 1], w[k + 1]));
    c2 = _mm512_add_epi8(c2, _mm512_maskz_set1_epi8(bits[kSparse ? col[k + 2] : k + 2], w[k + 2]));
    d2 = _mm512_add_epi8(d2, _mm512_maskz_set1_epi8(bits[kSparse ? col[k + 3] : k + 3], w[k + 3]));
  }
  for (; k < row.count; ++k) a = _mm512_add_epi8(a, _mm512_maskz_set1_epi8(bits[kSparse ? col[k] : k], w[k]));
  a = _mm512_add_epi8(a, c2);
  b = _mm512_add_epi8(b, d2);
  _mm512_store_si512(f, _mm512_add_epi8(a, b));
#else
  uint8_t sum[64];
  for (int l = 0; l < 64; ++l) sum[l] = uint8_t(h);
  for (int32_t k = 0; k < row.count; ++k) {
    const uint64_t y = bits[kSparse ? row.col[k] : k];
    const uint8_t w = uint8_t(row.w[k]);
    for (int l = 0; l < 64; ++l) sum[l] = uint8_t(sum[l] + (((y >> l) & 1) ? w : 0));
  }
  std::memcpy(f, sum, 64);
#endif
}

// Tie lanes (b == hi): accept iff the lane's 24-bit tie word r < lo. Rare (1/256 per lane).
template <class TieWord>
inline uint64_t resolveTies(uint64_t tie, const int8_t* d, const HeatBathThresholds* const* tables, TieWord&& tieWord) {
  uint64_t accepted = 0;
  while (tie) {
    const int l = __builtin_ctzll(tie);
    tie &= tie - 1;
    if ((tieWord(l) & 0xFFFFFFu) < tables[l]->lo[uint8_t(d[l])]) accepted |= uint64_t(1) << l;
  }
  return accepted;
}

// Heat-bath update of one site in 64 byte lanes: f is the site's fields (bytePullField), y its states as
// bytes, yBits as bits, bytes the lanes' random bytes, tables[l] lane l's thresholds (`uniform`: all the
// same, one beta, so the lookup is a byte permute). Flips y and yBits, adds the accepted energy changes to
// the lanes' int16 sums, and returns the mask of flipped lanes.
template <class TieWord>
inline uint64_t byteSiteHeatBath(const int8_t* __restrict f, uint8_t* __restrict y, uint64_t& yBits, const uint8_t* __restrict bytes,
                                 const HeatBathThresholds* const* tables, bool uniform, int16_t* __restrict energy16, TieWord&& tieWord) {
  alignas(64) int8_t d[64];
  const uint64_t ones = yBits;
#if defined(EBM_BYTE_LANES_AVX512)
  const __m512i fv = _mm512_load_si512(f);
  const __m512i dv = _mm512_mask_sub_epi8(fv, ones, _mm512_setzero_si512(), fv);  // d = (1 - 2 y) f
  __m512i hv;
  if (uniform) {
    // 256-entry table in four registers: vpermi2b picks from 128 entries by the low 7 bits of the index,
    // and bit 7 (d < 0) chooses between the two halves.
    const uint8_t* t = tables[0]->hi;
    const __m512i lo = _mm512_permutex2var_epi8(_mm512_load_si512(t), dv, _mm512_load_si512(t + 64));
    const __m512i hiHalf = _mm512_permutex2var_epi8(_mm512_load_si512(t + 128), dv, _mm512_load_si512(t + 192));
    hv = _mm512_mask_blend_epi8(_mm512_movepi8_mask(dv), lo, hiHalf);
  } else {
    alignas(64) uint8_t hi[64];
    _mm512_store_si512(d, dv);
    for (int l = 0; l < 64; ++l) hi[l] = tables[l]->hi[uint8_t(d[l])];
    hv = _mm512_load_si512(hi);
  }
  const __m512i bv = _mm512_loadu_si512(bytes);
  uint64_t accepted = _mm512_cmplt_epu8_mask(bv, hv);
  const uint64_t tie = _mm512_cmpeq_epi8_mask(bv, hv);
  if (tie) {
    _mm512_store_si512(d, dv);
    accepted |= resolveTies(tie, d, tables, tieWord);
  }
  if (accepted) {
    yBits = ones ^ accepted;
    _mm512_storeu_si512(y, _mm512_maskz_set1_epi8(yBits, 1));
    const __m512i dAcc = _mm512_maskz_mov_epi8(accepted, dv);
    __m512i e0 = _mm512_load_si512(energy16), e1 = _mm512_load_si512(energy16 + 32);
    e0 = _mm512_add_epi16(e0, _mm512_cvtepi8_epi16(_mm512_castsi512_si256(dAcc)));
    e1 = _mm512_add_epi16(e1, _mm512_cvtepi8_epi16(_mm512_extracti64x4_epi64(dAcc, 1)));
    _mm512_store_si512(energy16, e0);
    _mm512_store_si512(energy16 + 32, e1);
  }
  (void)uniform;
  return accepted;
#else
  (void)uniform;
  uint64_t accepted = 0, tie = 0;
  for (int l = 0; l < 64; ++l) {
    d[l] = int8_t(((ones >> l) & 1) ? -f[l] : f[l]);  // |f| <= 127: no overflow
    const uint8_t hi = tables[l]->hi[uint8_t(d[l])];
    if (bytes[l] < hi) accepted |= uint64_t(1) << l;
    if (bytes[l] == hi) tie |= uint64_t(1) << l;
  }
  if (tie) accepted |= resolveTies(tie, d, tables, tieWord);
  if (accepted) {
    yBits = ones ^ accepted;
    for (int l = 0; l < 64; ++l) {
      if (!((accepted >> l) & 1)) continue;
      y[l] ^= 1;
      energy16[l] = int16_t(energy16[l] + d[l]);
    }
  }
  return accepted;
#endif
}

// One group of 64 byte lanes as its sweep sees it (SetLanes<int8_t>, set_lanes.hpp).
struct ByteGroup {
  uint8_t* y;           // site i's 64 states at y + 64 i
  uint64_t* bits;       // bit l of bits[i]: lane l's y_i
  double* energy;       // the 64 lanes' energies
  const int8_t* unary;  // h
  const int32_t* free;  // the free items, in sweep order
  int32_t nFree;
};

// Byte lanes' sweep of one group: random bytes for 16 lanes per Philox block (bytesOf(t0, t1) fills those of
// sites free[t0 .. t1) into `bytes`: lane l of site t0 + u reads byte u * stride + shift + l, sweep_words.hpp),
// the site's fields summed from the neighbours' state bits, a table lookup and one comparison per lane.
// Energy changes sum in int16 per lane (exact: |d| <= 127, flushed every kByteEnergyFlush sites) and go to the
// double energies at the flush. tieWord(i, l) is lane l's tie word at site i, due(work) the stop's poll (a
// stop ends the sweep between two sites). Returns the flips accepted.
constexpr int kByteEnergyFlush = 256;  // 256 * 127 < 2^15
// Sites per batch of random bytes: 4 KB of them, so they leave the L1 cache to the states.
constexpr int32_t kByteChunk = 64;
template <class Coupling, class Bytes, class TieWord, class Due>
int64_t byteGroupSweep(const Coupling& c, const ByteGroup& g, const HeatBathThresholds* const* tables, bool uniform, const uint8_t* bytes,
                       Bytes&& bytesOf, TieWord&& tieWord, Due&& due) {
  alignas(64) int16_t energy16[64] = {};
  alignas(64) int8_t f[64];
  int pending = 0;
  int64_t accepted = 0;
  auto flush = [&] {
    for (int l = 0; l < 64; ++l) g.energy[l] += double(energy16[l]);
    std::fill(energy16, energy16 + 64, int16_t(0));
    pending = 0;
  };
  constexpr bool kSparse = std::is_same<Coupling, SparseCoupling<int8_t>>::value;
  for (int32_t t0 = 0; t0 < g.nFree; t0 += kByteChunk) {
    const int32_t t1 = std::min(g.nFree, t0 + kByteChunk);
    const SiteWords sb = bytesOf(t0, t1);
    for (int32_t t = t0; t < t1; ++t) {
      const int32_t i = g.free[t];
      bytePullField<kSparse>(byteRow(c, i), g.unary[i], g.bits, f);
      const uint64_t flips = byteSiteHeatBath(f, g.y + int64_t(i) * 64, g.bits[i], bytes + int64_t(t - t0) * sb.stride + sb.shift, tables,
                                              uniform, energy16, [&](int l) { return tieWord(i, l); });
      accepted += __builtin_popcountll(flips);
      if (++pending == kByteEnergyFlush) flush();
      if (due(64 + c.degree(i))) {
        flush();
        return accepted;
      }
    }
  }
  flush();
  return accepted;
}

}  // namespace ebm
