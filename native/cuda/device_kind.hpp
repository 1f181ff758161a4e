// Where a job's lanes run (the `device` option, native/addon/device_choice.hpp).
#pragma once
#include <string>

namespace ebm {

enum class DeviceKind { Cpu, Cuda, Emulate };

inline DeviceKind readDeviceKind(const std::string& s) {
  return s == "cuda" ? DeviceKind::Cuda : s == "emulate" ? DeviceKind::Emulate : DeviceKind::Cpu;
}

}  // namespace ebm
