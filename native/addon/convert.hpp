// Validation and conversion between JS values and the core's plain structs. Every check throws a named JS
// error (TypeError / RangeError) naming the field, before anything is allocated; nothing here can abort.
#pragma once
#include <napi.h>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

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

// Copies a typed array of the expected element type and length (-1: any length), into a Vec (a std::vector
// of T with the allocator the caller wants).
template <class T, class Vec = std::vector<T>>
Vec getArray(const Napi::Object& o, const char* key, napi_typedarray_type type, int64_t length, bool required = true) {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined() && !required) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    throwType(o.Env(), std::string("Expected typed array of the right element type for ") + key);
  Napi::TypedArrayOf<T> a = v.As<Napi::TypedArrayOf<T>>();
  if (length >= 0 && int64_t(a.ElementLength()) != length)
    throwRange(o.Env(), std::string("Expected length ") + std::to_string(length) + " for " + key + " but received " +
                            std::to_string(a.ElementLength()));
  return Vec(a.Data(), a.Data() + a.ElementLength());
}

template <class Vec>
void requireFinite(Napi::Env env, const Vec& v, const char* name) {
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throwRange(env, std::string("Expected finite number for ") + name + "[" + std::to_string(i) + "]");
}

// A typed array a job keeps a pointer into while it runs (cancel, progress, output) must be a view of a
// SharedArrayBuffer: an ArrayBuffer can be detached (structuredClone / postMessage with transfer, a Wasm
// memory.grow) and its memory freed while the job still writes it, even if the job holds a reference to the
// array; a SharedArrayBuffer cannot be detached, and the reference keeps it alive (see job_worker.hpp).
// A typed array's buffer that is not an ArrayBuffer is a SharedArrayBuffer (napi_is_arraybuffer is false for it).
inline bool onSharedBuffer(const Napi::TypedArray& a) {
  napi_value buffer = nullptr;
  if (napi_get_typedarray_info(a.Env(), a, nullptr, nullptr, nullptr, &buffer, nullptr) != napi_ok || buffer == nullptr)
    return false;
  bool plain = true;
  if (napi_is_arraybuffer(a.Env(), buffer, &plain) != napi_ok) return false;
  return !plain;
}

inline void requireShared(Napi::Env env, const Napi::TypedArray& a, const std::string& what, const char* key) {
  if (!onSharedBuffer(a))
    throwType(env, "Expected " + what + " on a SharedArrayBuffer for " + key +
                       " (the job writes or reads it while it runs; an ArrayBuffer could be detached meanwhile)");
}

// A bound on |E| over the model's states, read off its arrays in O(size) (e.g. sum |unary| + sum |couplings|),
// must leave room for sums and differences of energies (a QAP swap delta is at most 8 bounds, a set swap 3):
// finite weights whose sums overflow (1e308 couplings, 1e300 QAP entries) would turn energies into inf - inf
// = NaN and every acceptance test into noise. `terms` names what was summed.
constexpr double kEnergyMargin = 16;
inline void requireFiniteEnergyRange(Napi::Env env, double bound, const char* terms) {
  if (std::isfinite(bound * kEnergyMargin)) return;
  char shown[32];
  if (std::isfinite(bound))
    std::snprintf(shown, sizeof shown, "%.3g", bound);
  else
    std::snprintf(shown, sizeof shown, "Infinity (overflows)");
  throwRange(env, std::string("Expected a model with a finite energy range, but |E| can reach ") + shown + " (" + terms +
                      "), past the largest double / 16 = 1.1e307 that energy differences need; scale the weights down");
}

template <class T, class Src>
Napi::TypedArrayOf<T> toTyped(Napi::Env env, const Src& src) {
  Napi::TypedArrayOf<T> a = Napi::TypedArrayOf<T>::New(env, src.size());
  for (size_t i = 0; i < src.size(); ++i) a[i] = T(src[i]);
  return a;
}

// The vector's memory as the typed array's buffer, freed when the array is collected: no new buffer to fault
// in and no copy of it (n = 2^24: 16 MB on the main thread between a stop and the answer). Copies instead
// where the runtime allows no external buffers.
template <class T>
Napi::TypedArrayOf<T> adoptTyped(Napi::Env env, std::vector<T>&& src) {
  if (src.empty()) return toTyped<T>(env, src);
  auto* held = new std::vector<T>(std::move(src));
  napi_value buffer = nullptr;
  const napi_status status = napi_create_external_arraybuffer(
      env, held->data(), held->size() * sizeof(T), [](napi_env, void*, void* hint) { delete static_cast<std::vector<T>*>(hint); },
      held, &buffer);
  if (status != napi_ok) {
    Napi::TypedArrayOf<T> a = toTyped<T>(env, *held);
    delete held;
    return a;
  }
  return Napi::TypedArrayOf<T>::New(env, held->size(), Napi::ArrayBuffer(env, buffer), 0);
}

}  // namespace ebm_addon
