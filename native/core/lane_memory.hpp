// Memory for the lanes' big arrays (states, fields, cardinality members, the free-item list, the couplings in
// the lane type): gigabytes at n = 2^24. Large ones are placed on transparent huge pages where Linux offers
// them (madvise mode), because a stop ends in freeing them: the kernel releases a gigabyte of 4 KB pages
// (262144 of them) in about 0.3 s, and of 2 MB pages in about 15 ms (measured here under load 16, 1 GB
// touched then freed: 310-330 ms against 15-16 ms; touching it was ~3x faster too). That free is in the time
// from an abort to the answer, and no thread can take it elsewhere: the other threads' page faults wait on
// the same address-space lock. Nothing here changes a value: only where the bytes live.
//
// LaneArray<T> is uninitialized storage (the lanes' polled initialization writes every entry);
// HugePageAllocator<T> serves std::vector the same way (a vector still value-initializes what it resizes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ebm {

// bytes of raw storage, 64-byte aligned (a SIMD group); from 4 MB on, 2 MB aligned and rounded to whole 2 MB
// pages, advised as huge pages (a refusal by the kernel leaves ordinary pages: the same memory, freed slower).
inline void* laneAlloc(size_t bytes) {
  constexpr size_t kHuge = size_t(2) << 20;
  const bool huge = bytes >= 2 * kHuge;
  const size_t align = huge ? kHuge : 64;
  const size_t size = (bytes + align - 1) / align * align;
  void* p = std::aligned_alloc(align, size == 0 ? align : size);
  if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (huge) madvise(p, size, MADV_HUGEPAGE);
#endif
  return p;
}

struct LaneFree {
  void operator()(void* p) const { std::free(p); }
};

template <class T>
class LaneArray {
 public:
  LaneArray() = default;
  // count entries, uninitialized (T is a plain number type).
  void reset(int64_t count) { p_.reset(static_cast<T*>(laneAlloc(size_t(count) * sizeof(T)))); }
  T* get() const { return p_.get(); }
  T& operator[](int64_t k) const { return p_.get()[k]; }
  explicit operator bool() const { return bool(p_); }

 private:
  std::unique_ptr<T, LaneFree> p_;
};

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t count) { return static_cast<T*>(laneAlloc(count * sizeof(T))); }
  void deallocate(T* p, size_t) { std::free(p); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const { return false; }
};

}  // namespace ebm
