// The lane System contract, stated once: what Tempering (tempering.hpp) and the runs (runs.hpp: sampleRun,
// minimizeRun, logZRun) require of a System, and the compile-time check of it. SetLanes (set_lanes.hpp) and
// PermLanes (perm_lanes.hpp) are the two Systems; a new space adds a third.
//
// A System holds many lanes (replicas), each one state x_lane of the space at its own inverse temperature:
//   using State = ...;                           element type of a state (sets: uint8_t 0/1, perms: int32_t sigma)
//   int lanes() const;                           lanes held; may exceed chains * replicas (padding, never read)
//   int32_t n() const;                           entries per state
//   void setBeta(int lane, double beta);         the lane's inverse temperature (PT swaps move betas, not states)
//   double energy(int lane) const;               the lane's cached energy E(x_lane)
//   void sweep(int64_t sweepIndex);              one sweep in every lane at its own beta, reversible for
//                                                exp(-beta E); its randomness is a pure function of (seed,
//                                                sweepIndex, global lane), so no result depends on threads
//   void copyState(int lane, State* out) const;  the lane's state, n() entries
//   void refresh();                              recompute every cache from scratch (removes float drift)
// and, for the jobs above the core (native/addon), setState(lane, const State*) (persistent chains, then
// refresh()) and a constructor (model, lanes, seed, laneBase, StopCheck* stop): laneBase is the global id of
// lane 0, so a worker holding lanes [laneBase, laneBase + lanes) reproduces a single-process run exactly.
// stop (stop.hpp, may be null) is polled while the lanes are initialized and inside sweep() and refresh(): a
// stopped sweep or refresh ends between two moves or items with every lane a valid state, and a stopped
// construction leaves lanes the runs never read (they return at once when the stop came first).
#pragma once
#include <cstdint>
#include <type_traits>
#include <utility>

namespace ebm {
namespace contract {

// C++17 detection idiom: each trait is true when the expression in its specialization is well-formed.
struct NoState {};
template <class S, class = void>
struct StateOf {
  using type = NoState;
};
template <class S>
struct StateOf<S, std::void_t<typename S::State>> {
  using type = typename S::State;
};
template <class S>
using State = typename StateOf<S>::type;

template <class S, class = void>
struct HasLanes : std::false_type {};
template <class S>
struct HasLanes<S, std::enable_if_t<std::is_convertible<decltype(std::declval<const S&>().lanes()), int>::value>> : std::true_type {};

template <class S, class = void>
struct HasN : std::false_type {};
template <class S>
struct HasN<S, std::enable_if_t<std::is_convertible<decltype(std::declval<const S&>().n()), int64_t>::value>> : std::true_type {};

template <class S, class = void>
struct HasSetBeta : std::false_type {};
template <class S>
struct HasSetBeta<S, std::void_t<decltype(std::declval<S&>().setBeta(0, 1.0))>> : std::true_type {};

template <class S, class = void>
struct HasEnergy : std::false_type {};
template <class S>
struct HasEnergy<S, std::enable_if_t<std::is_convertible<decltype(std::declval<const S&>().energy(0)), double>::value>> : std::true_type {};

template <class S, class = void>
struct HasSweep : std::false_type {};
template <class S>
struct HasSweep<S, std::void_t<decltype(std::declval<S&>().sweep(int64_t(0)))>> : std::true_type {};

template <class S, class = void>
struct HasCopyState : std::false_type {};
template <class S>
struct HasCopyState<S, std::void_t<decltype(std::declval<const S&>().copyState(0, std::declval<State<S>*>()))>> : std::true_type {};

template <class S, class = void>
struct HasRefresh : std::false_type {};
template <class S>
struct HasRefresh<S, std::void_t<decltype(std::declval<S&>().refresh())>> : std::true_type {};

}  // namespace contract

// static_assert(checkLaneSystem<S>()) names every member S lacks, one message each, instead of an error deep
// inside Tempering. Tempering asserts it for every System it is instantiated with.
template <class S>
constexpr bool checkLaneSystem() {
  using namespace contract;
  static_assert(!std::is_same<State<S>, NoState>::value, "lane System: needs `using State = ...` (the element type of a state)");
  static_assert(HasLanes<S>::value, "lane System: needs `int lanes() const` (lanes held)");
  static_assert(HasN<S>::value, "lane System: needs `int32_t n() const` (entries per state)");
  static_assert(HasSetBeta<S>::value, "lane System: needs `void setBeta(int lane, double beta)`");
  static_assert(HasEnergy<S>::value, "lane System: needs `double energy(int lane) const` (cached energy)");
  static_assert(HasSweep<S>::value, "lane System: needs `void sweep(int64_t sweepIndex)` (one sweep in every lane)");
  static_assert(HasCopyState<S>::value, "lane System: needs `void copyState(int lane, State* out) const`");
  static_assert(HasRefresh<S>::value, "lane System: needs `void refresh()` (recompute caches from scratch)");
  return true;
}

}  // namespace ebm
