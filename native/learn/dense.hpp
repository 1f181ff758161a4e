// One dense layer of an MLP over a batch, forward and backward, on plain float arrays (row-major):
//
//   forward   z = x W + b,  h = act(z) * mask                       x [B x K], W [K x N], b [N], h [B x N]
//   backward  dW = x^T dz,  db = sum_rows dz,  dx = dz W^T          (dz = dL/dz [B x N], dx [B x K])
//             and the layer below's dz' = dx * mask' * act'(z')     (mask', z' of the layer that produced x)
//
// relu' is read off that layer's output x itself (x > 0 exactly where z' > 0 and the unit was kept); softplus'
// is sigmoid(z'). The products are matrixProduct's (gemm.hpp); the element passes are plain loops.
#pragma once
#include <cmath>
#include <cstdint>
#include "learn/gemm.hpp"

namespace ebm::learn {

enum class Activation { Identity, Relu, Softplus };

struct DenseShape {
  int64_t rows;     // B
  int64_t inputs;   // K
  int64_t outputs;  // N
};

// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^-|z|), without overflow for large |z|.
inline float softplus(float z) { return (z > 0 ? z : 0.0f) + std::log1p(std::exp(-std::fabs(z))); }

inline float sigmoid(float z) {
  const float e = std::exp(-std::fabs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

// h = act(x W + b) * mask (mask null: none). pre (null unless softplus) receives z, for the backward pass.
inline void denseForward(const DenseShape& s, const float* x, const float* W, const float* b, Activation act,
                         const float* mask, float* pre, float* h) {
  const int64_t N = s.outputs;
  matrixProduct(s.rows, N, s.inputs, StridedMatrix{x, s.inputs, 1}, W, N, h, N);
  for (int64_t r = 0; r < s.rows; ++r) {
    float* row = h + r * N;
    for (int64_t j = 0; j < N; ++j) row[j] += b[j];
    if (act == Activation::Relu)
      for (int64_t j = 0; j < N; ++j) row[j] = row[j] > 0 ? row[j] : 0.0f;
    if (act == Activation::Softplus) {
      for (int64_t j = 0; j < N; ++j) pre[r * N + j] = row[j];
      for (int64_t j = 0; j < N; ++j) row[j] = softplus(row[j]);
    }
    if (mask)
      for (int64_t j = 0; j < N; ++j) row[j] *= mask[r * N + j];
  }
}

// dW = x^T dz, db = column sums of dz.
inline void denseWeightGradient(const DenseShape& s, const float* x, const float* dz, float* dW, float* db) {
  const int64_t N = s.outputs;
  // A(k, b) = x[b * K + k]: x^T read in place.
  matrixProduct(s.inputs, N, s.rows, StridedMatrix{x, 1, s.inputs}, dz, N, dW, N);
  for (int64_t j = 0; j < N; ++j) db[j] = 0;
  for (int64_t r = 0; r < s.rows; ++r)
    for (int64_t j = 0; j < N; ++j) db[j] += dz[r * N + j];
}

// The layer below's dz' = (dz W^T) * mask' * act'(z'), into dx [B x K]. WT [N x K] is scratch for W's transpose
// (the product's right factor must be contiguous along its columns). `below` is the activation that made x.
inline void denseInputGradient(const DenseShape& s, const float* dz, const float* W, float* WT, Activation below,
                               const float* x, const float* mask, const float* pre, float* dx) {
  const int64_t K = s.inputs;
  transpose(W, K, s.outputs, WT);
  matrixProduct(s.rows, K, s.outputs, StridedMatrix{dz, s.outputs, 1}, WT, K, dx, K);
  const int64_t count = s.rows * K;
  if (mask)
    for (int64_t t = 0; t < count; ++t) dx[t] *= mask[t];
  if (below == Activation::Relu)
    for (int64_t t = 0; t < count; ++t) dx[t] = x[t] > 0 ? dx[t] : 0.0f;
  if (below == Activation::Softplus)
    for (int64_t t = 0; t < count; ++t) dx[t] *= sigmoid(pre[t]);
}

}  // namespace ebm::learn
