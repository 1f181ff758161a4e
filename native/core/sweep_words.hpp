// The uniforms of one group's sweep (SetLanes, set_lanes.hpp), generated in vectorized batches of kChunk sites
// (a batch per chunk keeps the buffers small and lets a stop land between chunks; the words do not depend on
// the chunking). Global lane L reads word (L % 4) of block (site, sweep, L / 4, kPurposeSite), the value
// draw() gives for that lane. A group starting at global lane L0 needs the blocks of quads L0/4 .. (L0+W-1)/4:
// W/4 of them, or W/4 + 1 when L0 is not a multiple of 4 (a worker's lane range may start anywhere). Lane l of
// the chunk's site t0 + u reads word u * stride + shift + l, with stride = 4 blocksPerSite and shift = L0 % 4.
// Byte lanes read bytes the same way with 16 lanes per block (perBlock = 16, set_bytes.hpp).
#pragma once
#include <cstdint>
#include <vector>
#include "rng.hpp"

namespace ebm {

// Where lane l of the chunk's site t0 + u finds its word (byte): u * stride + shift + l; blocks: Philox blocks drawn.
struct SiteWords {
  int stride, shift;
  int64_t blocks;
};

class SweepWords {
 public:
  static constexpr int32_t kChunk = 1024;
  // Buffers for chunks of up to `sites` sites of a group of W lanes.
  void reserve(int64_t sites, int W) {
    const int64_t blocks = sites * (W / 4 + 1);
    for (auto* v : {&ctr0_, &ctr1_, &ctr2_, &ctr3_}) v->assign(blocks, 0);
    words_.assign(blocks * 4, 0);
  }
  // The words of sites free[t0 .. t1) at sweepIndex for the W lanes from global lane `first`, perBlock lanes per
  // block (4: 32-bit words; 16: bytes), in the stream `purpose`.
  SiteWords fill(const SeedKey& key, uint32_t first, int W, int64_t sweepIndex, const int32_t* free, int32_t t0, int32_t t1,
                 int perBlock, uint32_t purpose) {
    const uint32_t quad0 = first / uint32_t(perBlock);
    const int shift = int(first % uint32_t(perBlock));
    const int perSite = shift == 0 ? W / perBlock : W / perBlock + 1;
    const int64_t blocks = int64_t(t1 - t0) * perSite;
    const uint32_t hi = (purpose << 24) ^ uint32_t(uint64_t(sweepIndex) >> 32);
    for (int64_t t = t0, b = 0; t < t1; ++t) {
      for (int k = 0; k < perSite; ++k, ++b) {
        ctr0_[b] = uint32_t(free[t]);
        ctr1_[b] = uint32_t(sweepIndex);
        ctr2_[b] = quad0 + uint32_t(k);
        ctr3_[b] = hi;
      }
    }
    philoxBlocks(int(blocks), ctr0_.data(), ctr1_.data(), ctr2_.data(), ctr3_.data(), key, words_.data());
    return SiteWords{perBlock * perSite, shift, blocks};
  }
  const uint32_t* words() const { return words_.data(); }

 private:
  std::vector<uint32_t> words_;  // one chunk of a group's sweep of uniforms (Philox blocks, site by site)
  std::vector<uint32_t> ctr0_, ctr1_, ctr2_, ctr3_;
};

}  // namespace ebm
