// CUDA kernels for the set lanes: single-site heat-bath Gibbs and cardinality swaps over many chains x replicas.
//
// Layout (why):
// - One thread runs one lane (one replica of one chain), from lane_bodies.hpp: the CPU's step functions and
//   Philox counters, so a lane here is the CPU lane with the same global id: the same words, the same flips
//   (products s f_i with s = +-1 and field updates f + w s are exact), the same energies. One caveat, rounding
//   of the acceptance test: nvcc fuses multiply-adds (--fmad=true, its default, kept), and GCC does the same
//   on FMA machines (-march=native, prebuilt x86-64-v3/v4: -ffp-contract=fast fuses expFast's Horner steps
//   and range reduction into the same IEEE fma operations), so the exp bits agree there. Against a CPU build
//   without FMA (x86-64-v2) an exp may differ in its last bit, which flips a decision only when the uniform
//   falls within ~1e-16 of the threshold (about once in 1e16 attempts). Float32 / int16 lanes: the same
//   statement for expFastF with 24-bit uniforms. The host emulation (device 'emulate') is bit-identical.
// - Lanes of a launch are chains x replicas flattened, lane = chain * replicas + replica, blocks of 128 threads
//   (four warps; fewer when the job has fewer lanes). All threads visit the same site at the same time, so
//   y and the local fields are stored site-major (value of site i for lane l at i * lanes + l): a warp's 32
//   lanes read one contiguous line per site, and the coupling row it reads is the same for every thread
//   (a broadcast).
// - When a block's y and fields (2 n threads values) fit in shared memory (plan.hpp, halving the block down
//   to one warp to fit), each thread copies its own lane in at the start of a launch and out at the end, and
//   all flips and neighbour updates hit shared memory; otherwise they go to global memory, still coalesced.
// - One launch per sweep (nFree moves), never one per site: after it the energies come back for the DEO swaps
//   on the host (tempering.hpp), and only the changed betas go up. Those copies go through page-locked (pinned)
//   host buffers, as do the states when samples or the best state are read. A sweep whose work exceeds the
//   plan's launch budget (plan.hpp: movesPerLaunch; dense n = 2000 x 65536 lanes is seconds of work) is split
//   into launches of consecutive moves, sized from measured launch times (device_system.hpp), so that an abort
//   or deadline polled between launches settles within milliseconds; the moves, and so the chain, are the same.
// - Each thread draws its own Philox block per site where the CPU shares one block among four lanes: four
//   times the generator work, kept so that every thread is independent (a warp-shuffle share is a later
//   optimization that would not change any word).
//
// The executor and the kernel are written once for both spaces (cuda_executor.cuh); this file instantiates them
// for the set lanes' three lane types.
#include "cuda/cuda_executor.cuh"

namespace ebm {

template std::unique_ptr<Executor<SetLaneView<double>>> makeCudaExecutor(const SetLaneView<double>&, const SetLaunchInput&);
template std::unique_ptr<Executor<SetLaneView<float>>> makeCudaExecutor(const SetLaneView<float>&, const SetLaunchInput&);
template std::unique_ptr<Executor<SetLaneView<int16_t>>> makeCudaExecutor(const SetLaneView<int16_t>&, const SetLaunchInput&);

}  // namespace ebm
