// Validation and conversion between JS values and the core's plain structs. Every check throws a named JS
// error (TypeError / RangeError) naming the field, before anything is allocated; nothing here can abort.
#pragma once
#include <napi.h>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>
#include "core/set_model.hpp"

namespace ebm_addon {

// Validation errors carry code "EBM_INVALID_INPUT" like the JS checks (src/errors.ts), so every door can tell
// bad input from a bug.
template <class E>
[[noreturn]] inline void throwInput(E error) {
  error.Set("code", Napi::String::New(error.Env(), "EBM_INVALID_INPUT"));
  throw error;
}
[[noreturn]] inline void throwType(Napi::Env env, const std::string& msg) { throwInput(Napi::TypeError::New(env, msg)); }
[[noreturn]] inline void throwRange(Napi::Env env, const std::string& msg) { throwInput(Napi::RangeError::New(env, msg)); }

inline Napi::Object requireObject(Napi::Env env, const Napi::Value& v, const char* name) {
  if (!v.IsObject()) throwType(env, std::string("Expected object for ") + name);
  return v.As<Napi::Object>();
}

inline double getNumber(const Napi::Object& o, const char* key, double fallback) {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return fallback;
  if (!v.IsNumber()) throwType(o.Env(), std::string("Expected number for ") + key);
  const double x = v.As<Napi::Number>().DoubleValue();
  if (std::isnan(x)) throwRange(o.Env(), std::string("Expected a number for ") + key + " but received NaN");
  return x;
}

inline int64_t getInteger(const Napi::Object& o, const char* key, int64_t fallback, int64_t lo, int64_t hi) {
  const double x = getNumber(o, key, double(fallback));
  if (x != std::floor(x) || x < double(lo) || x > double(hi))
    throwRange(o.Env(), std::string("Expected integer in [") + std::to_string(lo) + ", " + std::to_string(hi) +
                            "] for " + key);
  return int64_t(x);
}

inline bool getBool(const Napi::Object& o, const char* key, bool fallback) {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return fallback;
  if (!v.IsBoolean()) throwType(o.Env(), std::string("Expected boolean for ") + key);
  return v.As<Napi::Boolean>().Value();
}

// Copies a typed array of the expected element type and length (-1: any length).
template <class T>
std::vector<T> getArray(const Napi::Object& o, const char* key, napi_typedarray_type type, int64_t length,
                        bool required = true) {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined() && !required) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    throwType(o.Env(), std::string("Expected typed array of the right element type for ") + key);
  Napi::TypedArrayOf<T> a = v.As<Napi::TypedArrayOf<T>>();
  if (length >= 0 && int64_t(a.ElementLength()) != length)
    throwRange(o.Env(), std::string("Expected length ") + std::to_string(length) + " for " + key + " but received " +
                            std::to_string(a.ElementLength()));
  return std::vector<T>(a.Data(), a.Data() + a.ElementLength());
}

inline void requireFinite(Napi::Env env, const std::vector<double>& v, const char* name) {
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throwRange(env, std::string("Expected finite number for ") + name + "[" + std::to_string(i) + "]");
}

// A set model with its own storage (the JS arrays may be collected while a job runs on another thread).
struct OwnedSetModel {
  std::vector<double> unary, dense, weight;
  std::vector<int32_t> rowPtr, col;
  std::vector<int8_t> clamp;
  ebm::SetModel view;
};

constexpr int64_t kMaxItems = 1 << 24;

inline void readSetModel(Napi::Env env, const Napi::Value& value, OwnedSetModel& m) {
  const Napi::Object o = requireObject(env, value, "model");
  const int64_t n = getInteger(o, "n", -1, 1, kMaxItems);
  m.unary = getArray<double>(o, "unary", napi_float64_array, n);
  requireFinite(env, m.unary, "unary");
  const bool hasDense = !o.Get("dense").IsUndefined();
  if (hasDense) {
    if (n > 46340) throwRange(env, "Expected n <= 46340 for a dense model");
    m.dense = getArray<double>(o, "dense", napi_float64_array, n * n);
    requireFinite(env, m.dense, "dense");
    for (int64_t i = 0; i < n; ++i) {
      if (m.dense[i * n + i] != 0) throwRange(env, "Expected zero diagonal for dense[" + std::to_string(i) + "][" + std::to_string(i) + "]");
      for (int64_t j = i + 1; j < n; ++j)
        if (m.dense[i * n + j] != m.dense[j * n + i])
          throwRange(env, "Expected symmetric matrix for dense[" + std::to_string(i) + "][" + std::to_string(j) + "]");
    }
  } else {
    m.rowPtr = getArray<int32_t>(o, "rowPtr", napi_int32_array, n + 1);
    if (m.rowPtr[0] != 0) throwRange(env, "Expected rowPtr[0] = 0");
    for (int64_t i = 0; i < n; ++i)
      if (m.rowPtr[i + 1] < m.rowPtr[i]) throwRange(env, "Expected non-decreasing rowPtr at " + std::to_string(i + 1));
    const int64_t nnz = m.rowPtr[n];
    m.col = getArray<int32_t>(o, "col", napi_int32_array, nnz);
    m.weight = getArray<double>(o, "weight", napi_float64_array, nnz);
    requireFinite(env, m.weight, "weight");
    for (int64_t i = 0; i < n; ++i)
      for (int32_t e = m.rowPtr[i]; e < m.rowPtr[i + 1]; ++e)
        if (m.col[e] < 0 || m.col[e] >= n || m.col[e] == i)
          throwRange(env, "Expected column in [0, n) other than the row for col[" + std::to_string(e) + "]");
  }
  const int64_t k = getInteger(o, "cardinality", -1, -1, n);
  m.clamp = getArray<int8_t>(o, "clamp", napi_int8_array, n, false);
  int64_t ones = 0, fixed = 0;
  for (size_t i = 0; i < m.clamp.size(); ++i) {
    if (m.clamp[i] < -1 || m.clamp[i] > 1) throwRange(env, "Expected -1, 0 or 1 for clamp[" + std::to_string(i) + "]");
    if (m.clamp[i] >= 0) ++fixed;
    if (m.clamp[i] == 1) ++ones;
  }
  if (k >= 0 && (k < ones || k > ones + (n - fixed)))
    throwRange(env, "Expected cardinality reachable with the clamped items (" + std::to_string(ones) +
                        " clamped to 1, " + std::to_string(n - fixed) + " free) but received " + std::to_string(k));
  m.view = ebm::SetModel{};
  m.view.n = int32_t(n);
  m.view.unary = m.unary.data();
  if (hasDense) {
    m.view.dense = m.dense.data();
  } else {
    m.view.rowPtr = m.rowPtr.data();
    m.view.col = m.col.data();
    m.view.weight = m.weight.data();
  }
  m.view.cardinality = int32_t(k);
  m.view.clamp = m.clamp.empty() ? nullptr : m.clamp.data();
}

template <class T, class Src>
Napi::TypedArrayOf<T> toTyped(Napi::Env env, const Src& src) {
  Napi::TypedArrayOf<T> a = Napi::TypedArrayOf<T>::New(env, src.size());
  for (size_t i = 0; i < src.size(); ++i) a[i] = T(src[i]);
  return a;
}

}  // namespace ebm_addon
