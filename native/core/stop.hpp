// Cooperative stopping: long loops poll a shared cancel flag (an Int32Array on a SharedArrayBuffer, written by
// JS) and a deadline, and return their best-so-far instead of being killed.
//
// One StopCheck serves a whole job, set-up included (lane initialization, tabu delta matrices, the descent),
// so the deadline counts from the job's start (the addon passes the moment the job was submitted, before the
// model was copied: job_options.hpp) and a stop is seen within about a millisecond wherever the job is. Polling never draws a random number: a run that is not stopped gives the same answer with or without it.
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
  // timeLimitSec <= 0: no deadline, counted from `start` (default: now). cancel may be null.
  StopCheck(double timeLimitSec, const int32_t* cancel, Clock::time_point start = Clock::now())
      : start_(start), cancel_(cancel) {
    hasDeadline_ = timeLimitSec > 0;
    if (hasDeadline_)
      deadline_ = start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeLimitSec));
  }
  // Returns true once the run must stop; the reason is in reason(). Once true it stays true (the first reason).
  bool poll() {
    if (reason_ != Stopped::Done) return true;
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
  // Whether a poll has already seen a stop (no new poll).
  bool stopped() const { return reason_ != Stopped::Done; }
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  // The time limit in seconds from the start, 0 when there is none (a walk may plan its phases by it).
  double timeLimit() const { return hasDeadline_ ? std::chrono::duration<double>(deadline_ - start_).count() : 0; }
  Stopped reason() const { return reason_; }

 private:
  Clock::time_point start_, deadline_;
  bool hasDeadline_ = false;
  const int32_t* cancel_;
  Stopped reason_ = Stopped::Done;
};

// Polls a StopCheck (or nothing, when it is null) once every kPollWork units of work, a unit being one
// multiply-add of the loop polled (a neighbour update, a term of a swap delta): 2^16 of them take some tens
// of microseconds, so a stop is seen well within a millisecond and the clock read costs nothing measurable.
// Loops call due(work) with the work they just did and stop when it returns true.
class StopPoller {
 public:
  static constexpr int64_t kPollWork = int64_t(1) << 16;
  explicit StopPoller(StopCheck* stop) : stop_(stop) {}
  bool due(int64_t work) {
    if (!stop_) return false;
    budget_ -= work;
    if (budget_ > 0) return false;
    budget_ = kPollWork;
    return stop_->poll();
  }
  // Counts work without polling: the next due() polls once the budget is spent. (A due() whose answer is
  // dropped would reset the budget, and a stop that poll saw would wait for the loop's next check of it.)
  void count(int64_t work) { budget_ -= work; }
  bool stopped() const { return stop_ && stop_->stopped(); }

 private:
  StopCheck* stop_;
  int64_t budget_ = kPollWork;
};

}  // namespace ebm
