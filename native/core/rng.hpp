// Counter-based random numbers: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011). A draw is a pure function of (key, counter): key = the user's seed, counter = (step, site, chain,
// purpose). So a chain's stream depends only on (seed, chain id, step): results are identical for any number
// of workers or threads, and a GPU thread can reproduce a CPU chain.
#pragma once
#include "hd.hpp"

namespace ebm {

struct Philox4x32 {
  uint32_t v[4];
};

// Which part of the algorithm consumes a block, so streams of different purposes never overlap.
enum Purpose : uint32_t {
  kPurposeInit = 1,      // initial states
  kPurposeSite = 2,      // single-site heat-bath flips (one block serves four lanes)
  kPurposeCardinal = 3,  // cardinality-constrained swap moves (one block per lane and attempt)
  kPurposeSwap = 4,      // replica-exchange decisions
  kPurposeTest = 5,      // property tests
  kPurposePerm = 6,      // permutation transpositions
  kPurposeTabu = 7,      // robust tabu search's random tenures (perm_search.hpp)
  kPurposeSiteByte = 8,  // byte lanes' single-site flips: one random byte per lane (one block serves 16 lanes)
  kPurposeSiteTie = 9,   // byte lanes: the rest of a uniform when its top byte ties the threshold (set_bytes.hpp)
  kPurposeDropout = 10,  // the learned networks' dropout masks (native/learn/dropout.hpp)
};

EBM_HD void philoxRound(uint32_t c[4], uint32_t k0, uint32_t k1) {
  const uint64_t p0 = uint64_t(0xD2511F53u) * c[0];
  const uint64_t p1 = uint64_t(0xCD9E8D57u) * c[2];
  const uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
  const uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
  const uint32_t n0 = hi1 ^ c[1] ^ k0;
  const uint32_t n2 = hi0 ^ c[3] ^ k1;
  c[0] = n0;
  c[1] = lo1;
  c[2] = n2;
  c[3] = lo0;
}

// Philox4x32 with 10 rounds; the key is bumped by the Weyl constants between rounds.
EBM_HD Philox4x32 philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
  uint32_t c[4] = {c0, c1, c2, c3};
  for (int r = 0; r < 10; ++r) {
    philoxRound(c, k0, k1);
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return Philox4x32{{c[0], c[1], c[2], c[3]}};
}

// A 32-bit word mapped to the open interval (0, 1): (w + 0.5) / 2^32. Never 0, never 1, so u < p is exact for
// p in {0, 1}.
EBM_HD double uniform01(uint32_t w) { return (double(w) + 0.5) * (1.0 / 4294967296.0); }

// An integer uniform on [0, m) from a 32-bit word (Lemire's multiply-shift; bias < m / 2^32, far below any
// sampling noise for m < 2^20).
EBM_HD uint32_t uniformBelow(uint32_t w, uint32_t m) { return uint32_t((uint64_t(w) * m) >> 32); }

struct SeedKey {
  uint32_t k0, k1;
};

EBM_HD SeedKey seedKey(uint64_t seed) { return SeedKey{uint32_t(seed), uint32_t(seed >> 32)}; }

// Draw for (step, site, chain, purpose). step is 64-bit: its high half shares the last word with purpose.
EBM_HD Philox4x32 draw(SeedKey key, uint64_t step, uint32_t site, uint32_t chain, uint32_t purpose) {
  return philox(site, uint32_t(step), chain, (purpose << 24) ^ uint32_t(step >> 32), key.k0, key.k1);
}

// Philox over a batch of independent counters: out[4b .. 4b+3] = philox(c0[b], c1[b], c2[b], c3[b], key),
// the same words draw() gives. Vectorized with AVX-512 (8 blocks per register, 32-bit values in 64-bit lanes
// so vpmuludq gives the full 32x32->64 products) or AVX2 (4 per register); a scalar loop otherwise.
inline void philoxBlocks(int count, const uint32_t* c0, const uint32_t* c1, const uint32_t* c2,
                         const uint32_t* c3, SeedKey key, uint32_t* out);

}  // namespace ebm

#if !defined(__CUDACC__) && (defined(__AVX512F__) || defined(__AVX2__))
#include <immintrin.h>
#endif

namespace ebm {

#if !defined(__CUDACC__) && defined(__AVX512F__)
// Eight blocks in 64-bit lanes; two such batches per iteration give the out-of-order core independent
// multiply chains. The outputs are interleaved back to block order with two qword permutes.
struct Philox8 {
  __m512i a, x, c, d;
};
inline Philox8 philox8Load(const uint32_t* c0, const uint32_t* c1, const uint32_t* c2, const uint32_t* c3) {
  return Philox8{_mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i*)c0)),
                 _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i*)c1)),
                 _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i*)c2)),
                 _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i*)c3))};
}
inline void philox8Round(Philox8& s, __m512i k0, __m512i k1) {
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53u), m1 = _mm512_set1_epi64(0xCD9E8D57u);
  const __m512i lo = _mm512_set1_epi64(0xFFFFFFFFu);
  const __m512i p0 = _mm512_mul_epu32(s.a, m0), p1 = _mm512_mul_epu32(s.c, m1);
  s.a = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), s.x, k0, 0x96);  // three-way xor
  s.x = _mm512_and_si512(p1, lo);
  s.c = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), s.d, k1, 0x96);
  s.d = _mm512_and_si512(p0, lo);
}
inline void philox8Store(const Philox8& s, uint32_t* out) {
  const __m512i ax = _mm512_or_si512(s.a, _mm512_slli_epi64(s.x, 32));  // dwords (a_k, x_k)
  const __m512i cd = _mm512_or_si512(s.c, _mm512_slli_epi64(s.d, 32));  // dwords (c_k, d_k)
  const __m512i lowHalf = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
  const __m512i highHalf = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
  _mm512_storeu_si512((void*)out, _mm512_permutex2var_epi64(ax, lowHalf, cd));
  _mm512_storeu_si512((void*)(out + 16), _mm512_permutex2var_epi64(ax, highHalf, cd));
}
inline void philoxBlocks(int count, const uint32_t* c0, const uint32_t* c1, const uint32_t* c2,
                         const uint32_t* c3, SeedKey key, uint32_t* out) {
  int b = 0;
  for (; b + 16 <= count; b += 16) {
    Philox8 s = philox8Load(c0 + b, c1 + b, c2 + b, c3 + b);
    Philox8 t = philox8Load(c0 + b + 8, c1 + b + 8, c2 + b + 8, c3 + b + 8);
    uint32_t k0 = key.k0, k1 = key.k1;
    for (int r = 0; r < 10; ++r) {
      const __m512i v0 = _mm512_set1_epi64(k0), v1 = _mm512_set1_epi64(k1);
      philox8Round(s, v0, v1);
      philox8Round(t, v0, v1);
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    philox8Store(s, out + 4 * b);
    philox8Store(t, out + 4 * (b + 8));
  }
  for (; b < count; ++b) {
    const Philox4x32 r = philox(c0[b], c1[b], c2[b], c3[b], key.k0, key.k1);
    for (int k = 0; k < 4; ++k) out[4 * b + k] = r.v[k];
  }
}
#elif !defined(__CUDACC__) && defined(__AVX2__)
inline void philoxBlocks(int count, const uint32_t* c0, const uint32_t* c1, const uint32_t* c2,
                         const uint32_t* c3, SeedKey key, uint32_t* out) {
  const __m256i m0 = _mm256_set1_epi64x(0xD2511F53u), m1 = _mm256_set1_epi64x(0xCD9E8D57u);
  const __m256i lo = _mm256_set1_epi64x(0xFFFFFFFFu);
  int b = 0;
  for (; b + 4 <= count; b += 4) {
    __m256i a = _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i*)(c0 + b)));
    __m256i x = _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i*)(c1 + b)));
    __m256i c = _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i*)(c2 + b)));
    __m256i d = _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i*)(c3 + b)));
    uint32_t k0 = key.k0, k1 = key.k1;
    for (int r = 0; r < 10; ++r) {
      const __m256i p0 = _mm256_mul_epu32(a, m0), p1 = _mm256_mul_epu32(c, m1);
      a = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), x), _mm256_set1_epi64x(k0));
      x = _mm256_and_si256(p1, lo);
      c = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), d), _mm256_set1_epi64x(k1));
      d = _mm256_and_si256(p0, lo);
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    alignas(32) uint64_t va[4], vx[4], vc[4], vd[4];
    _mm256_store_si256((__m256i*)va, a);
    _mm256_store_si256((__m256i*)vx, x);
    _mm256_store_si256((__m256i*)vc, c);
    _mm256_store_si256((__m256i*)vd, d);
    for (int k = 0; k < 4; ++k) {
      uint32_t* o = out + 4 * (b + k);
      o[0] = uint32_t(va[k]);
      o[1] = uint32_t(vx[k]);
      o[2] = uint32_t(vc[k]);
      o[3] = uint32_t(vd[k]);
    }
  }
  for (; b < count; ++b) {
    const Philox4x32 r = philox(c0[b], c1[b], c2[b], c3[b], key.k0, key.k1);
    for (int k = 0; k < 4; ++k) out[4 * b + k] = r.v[k];
  }
}
#else
inline void philoxBlocks(int count, const uint32_t* c0, const uint32_t* c1, const uint32_t* c2,
                         const uint32_t* c3, SeedKey key, uint32_t* out) {
  for (int b = 0; b < count; ++b) {
    const Philox4x32 r = philox(c0[b], c1[b], c2[b], c3[b], key.k0, key.k1);
    for (int k = 0; k < 4; ++k) out[4 * b + k] = r.v[k];
  }
}
#endif

}  // namespace ebm
