#pragma once
#include <napi.h>
namespace ebm_addon {
void registerLearnKernels(Napi::Env env, Napi::Object exports);
}
