// CUDA kernel for the permutation lanes (linear and QAP energies, transposition moves) over many chains x
// replicas.
//
// Layout (why): one thread runs one lane (threadMoves, lane_bodies.hpp: the CPU's transposition step and
// Philox counters, so a lane here is the CPU lane with the same global id; multiply-adds fused as in
// set_kernels.cu. The QAP delta's sums of products may be fused in a different pairing by nvcc and GCC, so
// energies can differ from the CPU's in the last bits, and a decision within ~1e-16 of its threshold may
// differ; test/gpu checks states for identity and energies to 1e-9). sigma and its inverse are lane-major in global
// memory: an attempt reads two random items of its own lane and, for QAP, its whole sigma against two rows
// of A and B, which the threads of a block read through the cache; a block's sigmas (4 n threads bytes) are
// not copied to shared memory in this first version (plan.hpp counts them in global). One launch per sweep
// (split by the plan's launch budget as for sets); betas up and energies down per round through pinned host
// buffers, as for sets.
//
// The executor and the kernel are written once for both spaces (cuda_executor.cuh); this file instantiates them
// for the permutation lanes.
#include "cuda/cuda_executor.cuh"

namespace ebm {

template std::unique_ptr<Executor<PermLaneView>> makeCudaExecutor(const PermLaneView&, const PermLaunchInput&);

}  // namespace ebm
