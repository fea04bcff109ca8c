/*
 * cuda_emulation.h - just enough of CUDA to run jkeras's kernels on the CPU, for checking
 * their index arithmetic, reductions and semantics against the CPU backend where there is no
 * GPU. Not a simulator of the hardware: math functions are glibc's (not CUDA's), there is no
 * flush-to-zero, and nothing is timed.
 *
 * A launch runs each block in turn on blockDim.x std::threads. __syncthreads is a barrier of
 * the block's threads; __shared__ variables are function statics, shared by those threads
 * (blocks never overlap, so one copy serves them all); a warp shuffle goes through a slot
 * array between two barriers of the warp's 32 threads (so blockDim.x must be a multiple of 32,
 * as for the real kernels).
 */
#pragma once
#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static

struct emu_uint3 {
    unsigned x = 0, y = 0, z = 0;
};
inline thread_local emu_uint3 threadIdx, blockIdx;
inline emu_uint3 blockDim, gridDim;

inline std::unique_ptr<std::barrier<>> emu_block_barrier;
inline std::vector<std::unique_ptr<std::barrier<>>> emu_warp_barriers;
inline uint64_t emu_shuffle_slots[1024];

inline void __syncthreads() { emu_block_barrier->arrive_and_wait(); }

template <class T>
T __shfl_down_sync(unsigned, T v, int delta) {
    unsigned t = threadIdx.x;
    std::barrier<>& warp = *emu_warp_barriers[t / 32];
    std::memcpy(&emu_shuffle_slots[t], &v, sizeof(T));
    warp.arrive_and_wait();
    T r = v;
    if (t % 32 + delta < 32) std::memcpy(&r, &emu_shuffle_slots[t + delta], sizeof(T));
    warp.arrive_and_wait();
    return r;
}

inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, 4); return i; }
using std::isfinite;
using std::isinf;
using std::isnan;
using std::max;
using std::min;

/* kernel<<<grid, block>>>(args...) */
template <class... Params, class... Args>
void emu_launch(void (*kernel)(Params...), unsigned grid, unsigned block, Args... args) {
    blockDim.x = block;
    gridDim.x = grid;
    emu_block_barrier = std::make_unique<std::barrier<>>(block);
    emu_warp_barriers.clear();
    for (unsigned w = 0; w < block / 32; w++) emu_warp_barriers.push_back(std::make_unique<std::barrier<>>(32));
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < block; t++) {
        threads.emplace_back([=] {
            threadIdx.x = t;
            for (unsigned b = 0; b < grid; b++) {
                blockIdx.x = b;
                kernel(args...);
                __syncthreads();  // the block ends before the next one reuses the shared memory
            }
        });
    }
    for (std::thread& t : threads) t.join();
}
