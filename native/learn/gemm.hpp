// Single-precision matrix product C = A B for the learned networks' dense layers (dense.hpp), written by hand:
// no BLAS is reachable from npm here, tfjs-node's libtensorflow cannot download, and tfjs-backend-wasm's
// XNNPACK path packs its right factor again on every call and runs 128-bit SIMD on one thread. This is the
// plain register-blocked kernel: a tile of kTileRows rows x kTileVectors vectors of C stays in registers while
// the shared dimension p runs, each step one broadcast of A(i, p) per row and one load of B's row p per vector.
//
// Each C(i, j) is one accumulator summed in the order p = 0, 1, ..., P - 1 whatever tile (or scalar edge)
// computes it, so the answer depends on the shapes only: single-threaded and deterministic.
#pragma once
#include <cstdint>

namespace ebm::learn {

// Floats per SIMD register of this build, and how many registers of C a tile keeps: AVX-512 has 32 registers
// (16 accumulators + 4 rows of B + 1 broadcast), AVX and SSE 16 (8 + 2 + 1). GCC's vector extension lowers a
// wider vector to several registers where the -march has none so wide.
#if defined(__AVX512F__)
constexpr int kLanes = 16;
constexpr int kTileVectors = 4;
#elif defined(__AVX__)
constexpr int kLanes = 8;
constexpr int kTileVectors = 2;
#else
constexpr int kLanes = 4;
constexpr int kTileVectors = 2;
#endif
constexpr int kTileRows = 4;

// aligned(4): loads and stores at any float address; may_alias: a view of float arrays.
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float)), aligned(4), may_alias));

inline Vec loadVec(const float* p) { return *reinterpret_cast<const Vec*>(p); }
inline void storeVec(float* p, Vec v) { *reinterpret_cast<Vec*>(p) = v; }

// The left factor as a strided view, A(i, p) = data[i * rowStride + p * colStride]: x (row-major) and the
// transpose of a row-major h (dW = h^T dz) are both read in place.
struct StridedMatrix {
  const float* data;
  int64_t rowStride;
  int64_t colStride;
};

// C[Rows x Vectors * kLanes] = A[Rows x P] B[P x ...], the tile at row i0 and column j0.
template <int Rows, int Vectors>
inline void productTile(StridedMatrix a, int64_t i0, const float* b, int64_t ldb, int64_t j0, float* c, int64_t ldc, int64_t P) {
  Vec acc[Rows][Vectors];
  for (int r = 0; r < Rows; ++r)
    for (int v = 0; v < Vectors; ++v) acc[r][v] = Vec{};
  const float* aRow = a.data + i0 * a.rowStride;
  for (int64_t p = 0; p < P; ++p) {
    const float* bRow = b + p * ldb + j0;
    Vec w[Vectors];
    for (int v = 0; v < Vectors; ++v) w[v] = loadVec(bRow + v * kLanes);
    for (int r = 0; r < Rows; ++r) {
      const float s = aRow[r * a.rowStride + p * a.colStride];
      for (int v = 0; v < Vectors; ++v) acc[r][v] += s * w[v];
    }
  }
  for (int r = 0; r < Rows; ++r)
    for (int v = 0; v < Vectors; ++v) storeVec(c + (i0 + r) * ldc + j0 + v * kLanes, acc[r][v]);
}

// Rows i0 .. i0 + Rows - 1 at the columns j0 .. j0 + width - 1 (width < kLanes) past the last whole vector, over
// p = p0 .. p1 - 1: B's edge columns come zero-padded to a vector per row (`packed`, row p at (p - p0) * kLanes),
// and the partial sums of earlier p (first: none) are read back from C, so each entry is still one float
// accumulator summed in order p = 0, 1, ...
template <int Rows>
inline void productEdgeTile(StridedMatrix a, int64_t i0, const float* packed, int64_t p0, int64_t p1, bool first, float* c,
                            int64_t ldc, int64_t j0, int width) {
  Vec acc[Rows];
  for (int r = 0; r < Rows; ++r) {
    float partial[kLanes] = {};
    if (!first)
      for (int l = 0; l < width; ++l) partial[l] = c[(i0 + r) * ldc + j0 + l];
    acc[r] = loadVec(partial);
  }
  const float* aRow = a.data + i0 * a.rowStride;
  for (int64_t p = p0; p < p1; ++p) {
    const Vec w = loadVec(packed + (p - p0) * kLanes);
    for (int r = 0; r < Rows; ++r) acc[r] += aRow[r * a.rowStride + p * a.colStride] * w;
  }
  for (int r = 0; r < Rows; ++r) {
    float sums[kLanes];
    storeVec(sums, acc[r]);
    for (int l = 0; l < width; ++l) c[(i0 + r) * ldc + j0 + l] = sums[l];
  }
}

// All M rows at the edge columns j0 .. N - 1 (fewer than kLanes): B's edge packed in chunks of p on the stack.
inline void productEdge(int64_t M, int64_t N, int64_t P, StridedMatrix a, const float* b, int64_t ldb, int64_t j0, float* c, int64_t ldc) {
  const int width = int(N - j0);
  if (width <= 0) return;
  constexpr int64_t kChunk = 256;
  float packed[kChunk * kLanes];
  for (int64_t p0 = 0; p0 < P; p0 += kChunk) {
    const int64_t p1 = p0 + kChunk < P ? p0 + kChunk : P;
    for (int64_t p = p0; p < p1; ++p)
      for (int l = 0; l < kLanes; ++l) packed[(p - p0) * kLanes + l] = l < width ? b[p * ldb + j0 + l] : 0.0f;
    int64_t i = 0;
    for (; i + kTileRows <= M; i += kTileRows) productEdgeTile<kTileRows>(a, i, packed, p0, p1, p0 == 0, c, ldc, j0, width);
    for (; i < M; ++i) productEdgeTile<1>(a, i, packed, p0, p1, p0 == 0, c, ldc, j0, width);
  }
}

// Rows i0 .. i0 + Rows - 1 of C, at the columns of whole vectors: whole tiles, then single vectors.
template <int Rows>
inline void productRows(StridedMatrix a, int64_t i0, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t N, int64_t P) {
  int64_t j = 0;
  for (; j + kTileVectors * kLanes <= N; j += kTileVectors * kLanes) productTile<Rows, kTileVectors>(a, i0, b, ldb, j, c, ldc, P);
  for (; j + kLanes <= N; j += kLanes) productTile<Rows, 1>(a, i0, b, ldb, j, c, ldc, P);
}

// C[M x N] (row stride ldc) = A[M x P] B[P x N] (B row-major with row stride ldb); C is overwritten and must not
// overlap A or B.
inline void matrixProduct(int64_t M, int64_t N, int64_t P, StridedMatrix a, const float* b, int64_t ldb, float* c, int64_t ldc) {
  int64_t i = 0;
  for (; i + kTileRows <= M; i += kTileRows) productRows<kTileRows>(a, i, b, ldb, c, ldc, N, P);
  for (; i < M; ++i) productRows<1>(a, i, b, ldb, c, ldc, N, P);
  productEdge(M, N, P, a, b, ldb, N - N % kLanes, c, ldc);
}

// T[N x M] = transpose of A[M x N] (both row-major), in square blocks so that both sides stay in cache.
inline void transpose(const float* a, int64_t M, int64_t N, float* t) {
  constexpr int64_t kBlock = 16;
  for (int64_t i0 = 0; i0 < M; i0 += kBlock)
    for (int64_t j0 = 0; j0 < N; j0 += kBlock) {
      const int64_t i1 = i0 + kBlock < M ? i0 + kBlock : M;
      const int64_t j1 = j0 + kBlock < N ? j0 + kBlock : N;
      for (int64_t i = i0; i < i1; ++i)
        for (int64_t j = j0; j < j1; ++j) t[j * M + i] = a[i * N + j];
    }
}

}  // namespace ebm::learn
