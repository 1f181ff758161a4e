// The `device` option of every sampling and solving job: 'cpu' (the CPU lanes), 'cuda' (the GPU lanes,
// native/cuda) or 'emulate' (test-only: the GPU lanes' per-thread code run on the host, device_lanes.hpp).
// 'auto' is resolved before the job (src/device.ts). LaneChoice is what a Space's withLanes receives.
#pragma once
#include <napi.h>
#include <string>
#include "cuda/device_lanes.hpp"
#include "job_options.hpp"

namespace ebm_addon {

struct LaneChoice {
  bool allowNarrow = true;  // int16 / float32 lanes for integer models (sets)
  ebm::DeviceKind device = ebm::DeviceKind::Cpu;
};

inline LaneChoice laneChoice(const CommonOptions& c, bool allowNarrow = true) {
  return LaneChoice{allowNarrow && c.allowFloat, c.device};
}

}  // namespace ebm_addon
