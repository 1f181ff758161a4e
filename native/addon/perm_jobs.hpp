#pragma once
#include <napi.h>
namespace ebm_addon {
void registerPermJobs(Napi::Env env, Napi::Object exports);
}
