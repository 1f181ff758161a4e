// Module entry: registers the jobs and reports what this build can do.
#include <napi.h>
#include "convert.hpp"
#include "core/hd.hpp"
#include "core/limits.hpp"
#include "core/rng.hpp"
#include "lap_job.hpp"
#include "perm_jobs.hpp"
#include "set_jobs.hpp"

#if EBM_HAVE_CUDA
extern "C" int ebmCudaDeviceCount();  // native/cuda/devices.cu; 0 when no driver or device
#endif

namespace {

Napi::Value info(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("version", "0.1.0");
  // Lanes per 512-bit group: 8 in double, 16 in float (integer models).
  o.Set("simdLanesDouble", 8);
  o.Set("simdLanesFloat", 16);
#if defined(__AVX512F__)
  o.Set("simd", "avx512");
#elif defined(__AVX2__)
  o.Set("simd", "avx2");
#else
  o.Set("simd", "scalar");
#endif
  // The -march this binary was compiled for: "native", "x86-64-v2|v3|v4" (prebuilt) or "default".
  o.Set("arch", EBM_BUILD_ARCH);
#if EBM_HAVE_CUDA
  o.Set("cudaCompiled", true);
  o.Set("cudaDevices", ebmCudaDeviceCount());
#else
  o.Set("cudaCompiled", false);
  o.Set("cudaDevices", 0);
#endif
  return o;
}

// limits() -> the size limits of native/core/limits.hpp, which the TypeScript checks read (src/limits.ts).
Napi::Value limits(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("setItems", double(ebm::kMaxSetItems));
  o.Set("denseItems", double(ebm::kMaxDenseItems));
  o.Set("permItems", double(ebm::kMaxPermItems));
  o.Set("exactSetFreeItems", ebm::kMaxExactSetFreeItems);
  o.Set("exactPermItems", ebm::kMaxExactPermItems);
  o.Set("setSampleEntries", ebm::kMaxSetSampleEntries);
  o.Set("permSampleEntries", ebm::kMaxPermSampleEntries);
  o.Set("chains", double(ebm::kMaxChains));
  o.Set("replicas", double(ebm::kMaxReplicas));
  o.Set("workers", double(ebm::kMaxWorkers));
  return o;
}

// philox(counter: Uint32Array(4), key: Uint32Array(2)) -> Uint32Array(4): the core's generator, for known-answer
// tests against the Random123 vectors.
Napi::Value philox(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  Napi::Object args = Napi::Object::New(env);
  args.Set("counter", cb[0]);
  args.Set("key", cb[1]);
  const auto c = ebm_addon::getArray<uint32_t>(args, "counter", napi_uint32_array, 4);
  const auto k = ebm_addon::getArray<uint32_t>(args, "key", napi_uint32_array, 2);
  const ebm::Philox4x32 r = ebm::philox(c[0], c[1], c[2], c[3], k[0], k[1]);
  Napi::Uint32Array out = Napi::Uint32Array::New(env, 4);
  for (int i = 0; i < 4; ++i) out[i] = r.v[i];
  return out;
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, info));
  exports.Set("limits", Napi::Function::New(env, limits));
  exports.Set("philox", Napi::Function::New(env, philox));
  ebm_addon::registerSetJobs(env, exports);
  ebm_addon::registerPermJobs(env, exports);
  // After the permutation jobs: this lapSolve (cancellable, lap_job.hpp) replaces the one perm_jobs.cc still
  // registers, until that copy is deleted there.
  ebm_addon::registerLapJob(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(discrete_ebm, init)
