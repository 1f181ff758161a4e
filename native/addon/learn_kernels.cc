// The learned networks' dense layers and Adam (native/learn), as synchronous calls on Float32Arrays that the
// kernels read and write in place: a layer's product takes tens of microseconds, less than a worker round trip.
// Validation only: every array's type and length against the stated shape, outputs not overlapping inputs.
#include <napi.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#include "convert.hpp"
#include "job_options.hpp"
#include "learn/adam.hpp"
#include "learn/dense.hpp"
#include "learn/dropout.hpp"
#include "learn_kernels.hpp"

namespace ebm_addon {
namespace {

using ebm::learn::Activation;

// Large enough for any layer the TypeScript side allows (checkNetworkMemory), small enough that products of
// two stay far inside int64.
constexpr int64_t kMaxDimension = int64_t(1) << 30;

struct FloatView {
  float* data = nullptr;
  int64_t length = 0;
};

// The Float32Array o[key] of exactly `length` elements (any length when `length` is kAnyLength), in place;
// absent (when optional) gives a null view.
constexpr int64_t kAnyLength = -1;
FloatView floatArray(const Napi::Object& o, const char* key, int64_t length, bool required = true) {
  const Napi::Value v = o.Get(key);
  if ((v.IsUndefined() || v.IsNull()) && !required) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throwType(o.Env(), std::string("Expected Float32Array for ") + key);
  Napi::Float32Array a = v.As<Napi::Float32Array>();
  if (length == kAnyLength) return {a.Data(), int64_t(a.ElementLength())};
  if (int64_t(a.ElementLength()) != length)
    throwRange(o.Env(), std::string("Expected length ") + std::to_string(length) + " for " + key + " but received " +
                            std::to_string(a.ElementLength()));
  return {a.Data(), length};
}

bool overlap(const FloatView& a, const FloatView& b) {
  return a.data && b.data && a.data < b.data + b.length && b.data < a.data + a.length;
}

// Each output must share no element with any other array of the call (the kernels read inputs while writing).
void requireDisjoint(Napi::Env env, const std::vector<std::pair<const char*, FloatView>>& outputs,
                     const std::vector<std::pair<const char*, FloatView>>& all) {
  for (const auto& out : outputs)
    for (const auto& other : all)
      if (std::strcmp(out.first, other.first) != 0 && overlap(out.second, other.second))
        throwRange(env, std::string("Expected ") + out.first + " not to overlap " + other.first);
}

Activation readActivation(const Napi::Object& o, const char* key) {
  const std::string a = getChoice(o, key, "identity", {"identity", "relu", "softplus"});
  return a == "relu" ? Activation::Relu : a == "softplus" ? Activation::Softplus : Activation::Identity;
}

ebm::learn::DenseShape readShape(const Napi::Object& o) {
  return {getInteger(o, "rows", 0, 1, kMaxDimension), getInteger(o, "inputs", 0, 1, kMaxDimension),
          getInteger(o, "outputs", 0, 1, kMaxDimension)};
}

// denseForwardSync({ rows, inputs, outputs, x, W, b, activation?, mask?, pre?, out }): out = act(x W + b) * mask;
// pre (softplus only, required there) receives x W + b.
Napi::Value denseForward(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  const Napi::Object o = requireObject(env, cb[0], "dense layer");
  const auto s = readShape(o);
  const Activation act = readActivation(o, "activation");
  const FloatView x = floatArray(o, "x", s.rows * s.inputs);
  const FloatView W = floatArray(o, "W", s.inputs * s.outputs);
  const FloatView b = floatArray(o, "b", s.outputs);
  const FloatView mask = floatArray(o, "mask", s.rows * s.outputs, false);
  const FloatView pre = floatArray(o, "pre", s.rows * s.outputs, act == Activation::Softplus);
  const FloatView out = floatArray(o, "out", s.rows * s.outputs);
  requireDisjoint(env, {{"out", out}, {"pre", pre}}, {{"x", x}, {"W", W}, {"b", b}, {"mask", mask}, {"pre", pre}, {"out", out}});
  ebm::learn::denseForward(s, x.data, W.data, b.data, act, mask.data, pre.data, out.data);
  return env.Undefined();
}

// denseBackwardSync({ rows, inputs, outputs, x, dz, W, dW, db, dx?, WT?, below?, mask?, pre? }): dW = x^T dz and
// db = sum_rows dz; with dx (and the scratch WT [outputs * inputs]) also the gradient of the layer below's
// pre-activation, dx = (dz W^T) * mask * below'(.), where mask and pre (softplus) are that layer's.
Napi::Value denseBackward(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  const Napi::Object o = requireObject(env, cb[0], "dense layer");
  const auto s = readShape(o);
  const FloatView x = floatArray(o, "x", s.rows * s.inputs);
  const FloatView dz = floatArray(o, "dz", s.rows * s.outputs);
  const FloatView W = floatArray(o, "W", s.inputs * s.outputs);
  const FloatView dW = floatArray(o, "dW", s.inputs * s.outputs);
  const FloatView db = floatArray(o, "db", s.outputs);
  const FloatView dx = floatArray(o, "dx", s.rows * s.inputs, false);
  const bool input = dx.data != nullptr;
  const Activation below = input ? readActivation(o, "below") : Activation::Identity;
  const FloatView WT = floatArray(o, "WT", s.inputs * s.outputs, input);
  const FloatView mask = input ? floatArray(o, "mask", s.rows * s.inputs, false) : FloatView{};
  const FloatView pre = input ? floatArray(o, "pre", s.rows * s.inputs, below == Activation::Softplus) : FloatView{};
  requireDisjoint(env, {{"dW", dW}, {"db", db}, {"dx", dx}, {"WT", WT}},
                  {{"x", x}, {"dz", dz}, {"W", W}, {"dW", dW}, {"db", db}, {"dx", dx}, {"WT", WT}, {"mask", mask}, {"pre", pre}});
  ebm::learn::denseWeightGradient(s, x.data, dz.data, dW.data, db.data);
  if (input) ebm::learn::denseInputGradient(s, dz.data, W.data, WT.data, below, x.data, mask.data, pre.data, dx.data);
  return env.Undefined();
}

// adamSync({ w, g, m, v, beta1, beta2, stepSize, secondCorrection, epsilon }): one Adam step of w in place.
Napi::Value adam(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  const Napi::Object o = requireObject(env, cb[0], "adam step");
  const FloatView w = floatArray(o, "w", kAnyLength);
  const int64_t n = w.length;
  const FloatView g = floatArray(o, "g", n);
  const FloatView m = floatArray(o, "m", n);
  const FloatView v = floatArray(o, "v", n);
  requireDisjoint(env, {{"w", w}, {"m", m}, {"v", v}}, {{"w", w}, {"g", g}, {"m", m}, {"v", v}});
  ebm::learn::AdamStep s{getNumber(o, "beta1", 0.9), getNumber(o, "beta2", 0.999), getNumber(o, "stepSize", 0),
                         getNumber(o, "secondCorrection", 1), getNumber(o, "epsilon", 1e-7)};
  ebm::learn::adamUpdate(s, n, g.data, m.data, v.data, w.data);
  return env.Undefined();
}

// dropoutMaskSync({ mask, rate, seed }): mask[t] = 0 with probability rate, else 1 / (1 - rate), a pure function
// of (seed, t).
Napi::Value dropoutMask(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  const Napi::Object o = requireObject(env, cb[0], "dropout mask");
  const FloatView mask = floatArray(o, "mask", kAnyLength);
  const double rate = getNumber(o, "rate", -1);
  if (!(rate >= 0 && rate < 1)) throwRange(env, "Expected number in [0, 1) for rate");
  const uint64_t seed = uint64_t(getInteger(o, "seed", -1, 0, int64_t(1) << 53));
  ebm::learn::dropoutMask(mask.data, mask.length, rate, seed);
  return env.Undefined();
}

}  // namespace

void registerLearnKernels(Napi::Env env, Napi::Object exports) {
  exports.Set("denseForwardSync", Napi::Function::New(env, denseForward));
  exports.Set("denseBackwardSync", Napi::Function::New(env, denseBackward));
  exports.Set("adamSync", Napi::Function::New(env, adam));
  exports.Set("dropoutMaskSync", Napi::Function::New(env, dropoutMask));
}

}  // namespace ebm_addon
