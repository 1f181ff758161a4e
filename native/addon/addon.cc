// Module entry: registers the jobs and reports what this build can do.
#include <napi.h>
#include "core/hd.hpp"
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
#if EBM_HAVE_CUDA
  o.Set("cudaCompiled", true);
  o.Set("cudaDevices", ebmCudaDeviceCount());
#else
  o.Set("cudaCompiled", false);
  o.Set("cudaDevices", 0);
#endif
  return o;
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, info));
  ebm_addon::registerSetJobs(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(discrete_ebm, init)
