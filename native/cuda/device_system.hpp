// What the device lanes of both spaces share (device_lanes.hpp for sets, device_perm_lanes.hpp for
// permutations): the executor (executor.hpp) and its host mirror, betas, energies, the sweep as launches with the
// stop polled between them, and the bookkeeping of which side holds the newer lanes. The space's class adds
// only what is its own: building the view, copying the CPU lanes' states in, restarts and refreshes.
//
// Mirror protocol: setBeta writes the mirror and marks betas for the next push; setState (the space's) writes
// the mirror (after currentForWrite) and calls restarted(); sweep() pushes what is marked, launches, and marks
// the mirror stale, so the next read copies the lanes down first: states only for reading states (current),
// states and caches for writes and cache checks. Energies come down after every launch.
#pragma once
#include <algorithm>
#include <chrono>
#include <memory>
#include "core/stop.hpp"
#include "cuda/device_kind.hpp"
#include "cuda/executor.hpp"

namespace ebm {

template <class View>
class DeviceLaneSystem {
 public:
  int lanes() const { return lanes_; }
  void setBeta(int lane, double beta) {
    setMirrorBeta(exec_->host, lane, beta);
    betaDirty_ = true;
  }
  double beta(int lane) const { return exec_->host.beta[lane]; }
  double energy(int lane) const { return exec_->host.energy[lane]; }
  const LaunchPlan& plan() const { return exec_->plan; }

  // One sweep: launches of consecutive moves [from, to), movesPerLaunch_ at a time, polling the stop between
  // launches (a stopped sweep ends between two moves, every lane a valid state: system.hpp). A launch that runs
  // longer than kLaunchSeconds shrinks the next ones; shorter ones grow them back up to the plan's size. The
  // split changes no move (lane_bodies.hpp), so the chains do not depend on the timing.
  void sweep(int64_t sweepIndex) {
    flush();
    const int32_t moves = sweepMoves(exec_->host);
    for (int32_t from = 0; from < moves;) {
      if (stop_ && stop_->poll()) break;
      const int32_t to = std::min(moves, from + chunk_);
      const auto t0 = std::chrono::steady_clock::now();
      exec_->sweep(sweepIndex, from, to);
      statesStale_ = cachesStale_ = true;
      adaptChunk(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), to - from);
      from = to;
    }
  }

 protected:
  // A launch this long keeps an abort or deadline well inside 100 ms (the sync after it included).
  static constexpr double kLaunchSeconds = 0.01;

  DeviceLaneSystem(int lanes, StopCheck* stop) : lanes_(lanes), stop_(stop) {}

  // The executor for the space's view of its model (the space's constructor, once its CPU lanes exist), with
  // the lanes' ids and seed filled in, betas at 1 as on the CPU.
  template <class Input>
  void open(View v, Input in, uint64_t seed, uint32_t laneBase, DeviceKind kind) {
    v.lanes = lanes_;
    v.laneBase = laneBase;
    v.key = seedKey(seed);
    in.lanes = lanes_;
    exec_ = makeExecutor(v, in, kind);
    chunk_ = std::max<int32_t>(1, exec_->plan.movesPerLaunch);
    for (int lane = 0; lane < lanes_; ++lane) setMirrorBeta(exec_->host, lane, 1.0);
  }
  // After the space copied its initial lanes into the mirror: everything up.
  void start() {
    exec_->pushState();
    exec_->pushBeta();
    betaDirty_ = restartPending_ = false;
  }

  View& mirror() { return exec_->host; }
  // The mirror with the device's latest states and energies (copied down when a launch ran since the last read).
  const View& current() const {
    if (statesStale_) exec_->pullState(false);
    statesStale_ = false;  // the caches stay stale until currentForWrite
    return exec_->host;
  }
  // The mirror with the device's latest states and caches: for cache checks, and for writes (the next push
  // sends every state and cache array, so none may be stale).
  const View& currentWithCaches() const {
    if (cachesStale_) exec_->pullState(true);
    cachesStale_ = statesStale_ = false;
    return exec_->host;
  }
  View& currentForWrite() {
    currentWithCaches();
    return exec_->host;
  }
  void restarted() { restartPending_ = true; }  // one upload for all restarted lanes, at the next sweep or push
  void pushState() {
    exec_->pushState();
    restartPending_ = false;
  }
  bool stopped() const { return stop_ && stop_->stopped(); }

 private:
  void flush() {
    if (restartPending_) pushState();
    if (betaDirty_) exec_->pushBeta();
    betaDirty_ = false;
  }
  void adaptChunk(double seconds, int32_t moves) {
    if (seconds > 2 * kLaunchSeconds)
      chunk_ = std::max<int32_t>(1, int32_t(moves * (kLaunchSeconds / seconds)));
    else if (seconds < kLaunchSeconds / 2)
      chunk_ = std::min<int32_t>(std::max<int32_t>(1, exec_->plan.movesPerLaunch), chunk_ * 2);
  }

  int lanes_;
  StopCheck* stop_;
  std::unique_ptr<Executor<View>> exec_;
  int32_t chunk_ = 1;                 // moves per launch now
  bool betaDirty_ = false;            // the mirror holds betas the device has not seen
  bool restartPending_ = false;       // the mirror holds restarted lanes the device has not seen
  mutable bool statesStale_ = false;  // the device holds moves whose states the mirror has not seen
  mutable bool cachesStale_ = false;  // ... whose caches (fields, inverses) the mirror has not seen
};

}  // namespace ebm
