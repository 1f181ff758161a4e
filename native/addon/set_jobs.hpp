#pragma once
#include <napi.h>
namespace ebm_addon {
void registerSetJobs(Napi::Env env, Napi::Object exports);
}
