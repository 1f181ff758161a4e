// Module entry: registers the jobs and reports what this build can do.
#include <napi.h>
#include <cmath>
#include <string>
#include "convert.hpp"
#include "job_options.hpp"
#include "core/hd.hpp"
#include "core/limits.hpp"
#include "core/rng.hpp"
#include "lap_job.hpp"
#include "learn_kernels.hpp"
#include "perm_jobs.hpp"
#include "set_jobs.hpp"

#include "cuda/plan.hpp"

#if EBM_HAVE_CUDA
// native/cuda/devices.cu: 0 devices when there is no driver or device, and the runtime's reason.
extern "C" int ebmCudaDeviceCount();
extern "C" const char* ebmCudaStatus();
extern "C" bool ebmCudaDeviceInfo(int index, char* name, int size, double* memoryMB, int* major, int* minor);
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
  // cuda: {compiled, devices: [{name, memoryMB, computeCapability}], kernels, status, autoMinLanes}; the two
  // flat keys stay for older readers.
  Napi::Object cuda = Napi::Object::New(env);
  Napi::Array devices = Napi::Array::New(env);
  Napi::Array kernels = Napi::Array::New(env);
#if EBM_HAVE_CUDA
  const int count = ebmCudaDeviceCount();
  for (int d = 0; d < count; ++d) {
    char name[256] = {0};
    double memoryMB = 0;
    int major = 0, minor = 0;
    if (!ebmCudaDeviceInfo(d, name, sizeof(name), &memoryMB, &major, &minor)) continue;
    Napi::Object dev = Napi::Object::New(env);
    dev.Set("name", std::string(name));
    dev.Set("memoryMB", std::floor(memoryMB));
    dev.Set("computeCapability", std::to_string(major) + "." + std::to_string(minor));
    devices.Set(devices.Length(), dev);
  }
  // What set_kernels.cu holds: the set lanes' sweep (site heat bath and cardinality swaps) per lane type.
  // and perm_kernels.cu: the permutation lanes' transposition sweep (linear and QAP).
  const char* names[] = {"setSweep<float64>", "setSweep<float32>", "setSweep<int16>", "permSweep"};
  for (const char* k : names) kernels.Set(kernels.Length(), k);
  cuda.Set("status", count > 0 ? std::string("") : std::string(ebmCudaStatus()));
#else
  cuda.Set("status", "this build has no CUDA backend (nvcc was not found when the addon was compiled)");
#endif
  cuda.Set("compiled", bool(EBM_HAVE_CUDA));
  cuda.Set("devices", devices);
  cuda.Set("kernels", kernels);
  cuda.Set("autoMinLanes", double(ebm::kAutoDeviceMinLanes));
  o.Set("cuda", cuda);
  o.Set("cudaCompiled", bool(EBM_HAVE_CUDA));
  o.Set("cudaDevices", double(devices.Length()));
  return o;
}

// cudaPlanSync(input, caps?) -> the launch plan (plan.hpp) of a set job (input.space 'set') or a permutation
// job ('perm'): test-only, so the planning is checked on machines without a GPU.
Napi::Value cudaPlan(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  if (!cb[0].IsObject()) ebm_addon::throwType(env, "Expected object for input");
  const Napi::Object in = cb[0].As<Napi::Object>();
  ebm::DeviceCaps caps;
  if (cb.Length() > 1 && cb[1].IsObject()) {
    const Napi::Object c = cb[1].As<Napi::Object>();
    caps.smCount = int(ebm_addon::getInteger(c, "smCount", caps.smCount, 1, 1 << 20));
    caps.sharedPerBlock = ebm_addon::getInteger(c, "sharedPerBlock", caps.sharedPerBlock, 0, int64_t(1) << 40);
    caps.maxThreadsPerBlock = int(ebm_addon::getInteger(c, "maxThreadsPerBlock", caps.maxThreadsPerBlock, 32, 1 << 20));
    caps.globalBytes = ebm_addon::getInteger(c, "globalBytes", caps.globalBytes, 0, int64_t(1) << 52);
  }
  const int32_t n = int32_t(ebm_addon::getInteger(in, "n", 0, 1, 1 << 30));
  const int32_t nFree = int32_t(ebm_addon::getInteger(in, "nFree", n, 0, n));
  const int64_t lanes = ebm_addon::getInteger(in, "lanes", 1, 1, int64_t(1) << 31);
  ebm::LaunchPlan p;
  if (ebm_addon::getChoice(in, "space", "set", {"set", "perm"}) == "set") {
    ebm::SetLaunchInput s;
    s.n = n;
    s.nFree = nFree;
    s.lanes = lanes;
    s.dense = ebm_addon::getBool(in, "dense", false);
    s.couplings = ebm_addon::getInteger(in, "couplings", s.dense ? int64_t(n) * n : 0, 0, int64_t(1) << 40);
    s.cardinality = ebm_addon::getBool(in, "cardinality", false);
    s.realBytes = int(ebm_addon::getInteger(in, "realBytes", 8, 2, 8));
    p = ebm::planSetLaunch(s, caps);
  } else {
    ebm::PermLaunchInput q;
    q.n = n;
    q.nFree = nFree;
    q.lanes = lanes;
    q.linear = ebm_addon::getBool(in, "linear", true);
    q.qap = ebm_addon::getBool(in, "qap", false);
    q.symmetric = ebm_addon::getBool(in, "symmetric", false);
    p = ebm::planPermLaunch(q, caps);
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("threads", p.threads);
  o.Set("blocks", p.blocks);
  o.Set("shared", p.shared);
  o.Set("sharedBytes", double(p.sharedBytes));
  o.Set("deviceBytes", double(p.deviceBytes));
  o.Set("pinnedBytes", double(p.pinnedBytes));
  o.Set("fits", p.fits);
  o.Set("autoDevice", ebm::autoPrefersDevice(lanes));
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
  exports.Set("cudaPlanSync", Napi::Function::New(env, cudaPlan));
  ebm_addon::registerSetJobs(env, exports);
  ebm_addon::registerPermJobs(env, exports);
  // lapSolve and lapSolveSync (cancellable, lap_job.hpp).
  ebm_addon::registerLapJob(env, exports);
  // denseForwardSync, denseBackwardSync, adamSync, dropoutMaskSync: the learned networks' layers and optimizer (learn_kernels.cc).
  ebm_addon::registerLearnKernels(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(discrete_ebm, init)
