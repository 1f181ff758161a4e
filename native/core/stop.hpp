// Cooperative stopping: long loops poll a shared cancel flag (an Int32Array on a SharedArrayBuffer, written by
// JS) and a deadline, and return their best-so-far instead of being killed.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace ebm {

enum class Stopped { Done, Deadline, Aborted };

inline const char* stoppedName(Stopped s) {
  return s == Stopped::Done ? "done" : (s == Stopped::Deadline ? "deadline" : "aborted");
}

class StopCheck {
 public:
  using Clock = std::chrono::steady_clock;
  // timeLimitSec <= 0: no deadline. cancel may be null.
  StopCheck(double timeLimitSec, const int32_t* cancel) : start_(Clock::now()), cancel_(cancel) {
    hasDeadline_ = timeLimitSec > 0;
    if (hasDeadline_)
      deadline_ = start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeLimitSec));
  }
  // Returns true once the run must stop; the reason is in reason().
  bool poll() {
    if (cancel_ && reinterpret_cast<const std::atomic<int32_t>*>(cancel_)->load(std::memory_order_relaxed) != 0) {
      reason_ = Stopped::Aborted;
      return true;
    }
    if (hasDeadline_ && Clock::now() >= deadline_) {
      reason_ = Stopped::Deadline;
      return true;
    }
    return false;
  }
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  Stopped reason() const { return reason_; }

 private:
  Clock::time_point start_, deadline_;
  bool hasDeadline_ = false;
  const int32_t* cancel_;
  Stopped reason_ = Stopped::Done;
};

}  // namespace ebm
