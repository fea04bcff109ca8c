/*
 * jkeras_device.cuh - device helpers shared by every kernel file in native/kernels/.
 *
 * The kernels must give what the CPU backend (io.jkeras.backend.cpu, Java) gives, so this
 * header holds the few places where C and Java disagree, written once:
 * - Java's Math.max/min return NaN when either argument is NaN and order +0 above -0; CUDA's
 *   fmaxf/fminf return the other argument. jk_max/jk_min follow Java.
 * - Java's (int) cast of a float saturates and maps NaN to 0; a C cast is undefined there.
 * - Java's Math.pow gives NaN for 1^NaN and (+-1)^(+-inf), where powf gives 1.
 * - The CPU's step(v) (1 for v > 0, else 0, NaN for NaN) is written branch-free for the JIT;
 *   here it is a plain select.
 * It also holds the grid-stride loop, the block-wide tree reductions, the SplitMix64 counter
 * generator of io.jkeras.backend.CounterRng, and the broadcast index arithmetic.
 *
 * Built with -ftz=true: subnormal inputs and results are flushed to zero (the CPU optimizer
 * kernels get the same effect with explicit rounding tricks). Built without -use_fast_math:
 * expf, logf, erff, tanhf, powf keep their full-accuracy versions and division and sqrtf are
 * IEEE-rounded, as on the CPU.
 */
#ifndef JKERAS_DEVICE_CUH
#define JKERAS_DEVICE_CUH

#include "jkeras_kernels.h"

/* The block reductions below need blockDim.x to be a multiple of 32, at most 1024
 * (jkeras_kernels.h launches 256). */
#define JK_WARP 32
#define JK_FULL_MASK 0xffffffffu

/* for (i over [0, n)) spread over every thread of the grid, whatever the grid's size. */
#define JK_FOR_EACH(i, n)                                                                   \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)(n); \
         i += (long long)blockDim.x * gridDim.x)

/* for (row over [0, rows)) with one block per row at a time; every thread of a block sees the
 * same rows, so block-wide barriers inside the body are safe. */
#define JK_FOR_EACH_BLOCK(row, rows) \
    for (long long row = blockIdx.x; row < (long long)(rows); row += gridDim.x)

/* for (j over [0, len)) spread over the threads of one block. */
#define JK_FOR_EACH_IN_BLOCK(j, len) for (int j = threadIdx.x; j < (len); j += blockDim.x)

/* ---- Java's float semantics ------------------------------------------------------------- */

/* Math.max: NaN if either is NaN; max(-0, +0) = +0. */
__device__ __forceinline__ float jk_max(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return __int_as_float(__float_as_int(a) & __float_as_int(b));
    return a > b ? a : b;
}

/* Math.min: NaN if either is NaN; min(-0, +0) = -0. */
__device__ __forceinline__ float jk_min(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return __int_as_float(__float_as_int(a) | __float_as_int(b));
    return a < b ? a : b;
}

/* ElementwiseMath.step: 1 for v > 0, 0 for v <= 0, NaN for NaN. */
__device__ __forceinline__ float jk_step(float v) {
    return v > 0.0f ? 1.0f : (v != v ? v : 0.0f);
}

/* Java's (int) cast: truncation, saturating at the int range, NaN to 0. */
__device__ __forceinline__ int jk_to_int(float v) {
    if (v != v) return 0;
    if (v >= 2147483648.0f) return 2147483647;
    if (v <= -2147483648.0f) return (int)0x80000000u;
    return (int)v;
}

/* Java's Float.NaN (the canonical quiet NaN). */
__device__ __forceinline__ float jk_nan() {
    return __int_as_float(0x7fc00000);
}

/* (float) Math.pow(a, b): powf except where Java's special cases differ from C's. */
__device__ __forceinline__ float jk_pow(float a, float b) {
    if (b != b) return b;
    if (fabsf(a) == 1.0f && isinf(b)) return jk_nan();
    return powf(a, b);
}

/* ElementwiseMath.sigmoid: never exponentiates a positive number, so never overflows. */
__device__ __forceinline__ float jk_sigmoid(float x) {
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    float e = expf(x);
    return e / (1.0f + e);
}

/* GELU with the exact error function (Keras's approximate=False). The CPU uses an erf
 * approximation with absolute error below 1.5e-7; erff is within 2 ulp. */
#define JK_SQRT_HALF 0.70710678118654752f
#define JK_INV_SQRT_2PI 0.39894228040143268f

__device__ __forceinline__ float jk_gelu(float x) {
    return 0.5f * x * (1.0f + erff(x * JK_SQRT_HALF));
}

/* d gelu / dx = cdf(x) + x pdf(x) */
__device__ __forceinline__ float jk_gelu_grad(float x) {
    float cdf = 0.5f * (1.0f + erff(x * JK_SQRT_HALF));
    float pdf = JK_INV_SQRT_2PI * expf(-0.5f * x * x);
    return cdf + x * pdf;
}

/* ---- the counter-based generator (io.jkeras.backend.CounterRng) ------------------------ */

/* SplitMix64's finaliser of seed + (counter + 1) * golden ratio, all modulo 2^64 exactly as
 * Java's wrapping long arithmetic (>>> is the unsigned shift). */
__device__ __forceinline__ unsigned long long jk_rng_bits(unsigned long long seed, unsigned long long counter) {
    unsigned long long z = seed + (counter + 1ull) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A float in [0, 1) from the top 24 bits: exact, as (bits >>> 40) fits a float's mantissa. */
__device__ __forceinline__ float jk_rng_uniform(unsigned long long seed, unsigned long long counter) {
    return (float)(jk_rng_bits(seed, counter) >> 40) * 0x1.0p-24f;
}

/* ---- broadcasting ----------------------------------------------------------------------- */

/* Offsets into a and b of output element i (row-major over bc.dims; stride 0 broadcasts). */
__device__ __forceinline__ void jk_broadcast_offsets(const jk_broadcast& bc, long long i, long long* a_off,
                                                     long long* b_off) {
    long long a = 0, b = 0;
    for (int k = bc.rank - 1; k >= 0; k--) {
        long long idx = i % bc.dims[k];
        i /= bc.dims[k];
        a += idx * bc.a_strides[k];
        b += idx * bc.b_strides[k];
    }
    *a_off = a;
    *b_off = b;
}

/* ---- block-wide reductions ---------------------------------------------------------------
 * Each thread brings one value; every thread gets the block's result back. All threads of
 * the block must call (barriers inside). Warps combine with shuffles, then warp 0 combines
 * the warps' results from shared memory. A leading barrier lets a block call the same
 * reduction twice in a row. */

struct JkSum {
    __device__ static float identity() { return 0.0f; }
    __device__ static float combine(float a, float b) { return a + b; }
};

struct JkMax {
    __device__ static float identity() { return -INFINITY; }
    __device__ static float combine(float a, float b) { return jk_max(a, b); }
};

struct JkMin {
    __device__ static float identity() { return INFINITY; }
    __device__ static float combine(float a, float b) { return jk_min(a, b); }
};

template <class Op>
__device__ __forceinline__ float jk_warp_reduce(float v) {
    for (int offset = JK_WARP / 2; offset > 0; offset >>= 1) {
        v = Op::combine(v, __shfl_down_sync(JK_FULL_MASK, v, offset));
    }
    return v;
}

template <class Op>
__device__ float jk_block_reduce(float v) {
    __shared__ float warp_results[JK_WARP];
    int lane = threadIdx.x % JK_WARP;
    int warp = threadIdx.x / JK_WARP;
    int warps = blockDim.x / JK_WARP;
    v = jk_warp_reduce<Op>(v);
    __syncthreads();  // a previous call may still be reading warp_results[0]
    if (lane == 0) warp_results[warp] = v;
    __syncthreads();
    if (warp == 0) {
        v = jk_warp_reduce<Op>(lane < warps ? warp_results[lane] : Op::identity());
        if (lane == 0) warp_results[0] = v;
    }
    __syncthreads();
    return warp_results[0];
}

__device__ __forceinline__ float jk_block_sum(float v) { return jk_block_reduce<JkSum>(v); }
__device__ __forceinline__ float jk_block_max(float v) { return jk_block_reduce<JkMax>(v); }

/* Arg-max: the larger value wins, ties go to the smaller index, so combined in any order
 * the result is the first index of the maximum. Index INT_MAX stands for "nothing seen". */
__device__ __forceinline__ void jk_argmax_combine(float* v, int* idx, float ov, int oidx) {
    if (ov > *v || (ov == *v && oidx < *idx)) {
        *v = ov;
        *idx = oidx;
    }
}

__device__ int jk_block_argmax(float v, int idx) {
    __shared__ float warp_values[JK_WARP];
    __shared__ int warp_indices[JK_WARP];
    int lane = threadIdx.x % JK_WARP;
    int warp = threadIdx.x / JK_WARP;
    int warps = blockDim.x / JK_WARP;
    for (int offset = JK_WARP / 2; offset > 0; offset >>= 1) {
        float ov = __shfl_down_sync(JK_FULL_MASK, v, offset);
        int oidx = __shfl_down_sync(JK_FULL_MASK, idx, offset);
        jk_argmax_combine(&v, &idx, ov, oidx);
    }
    __syncthreads();
    if (lane == 0) {
        warp_values[warp] = v;
        warp_indices[warp] = idx;
    }
    __syncthreads();
    if (warp == 0) {
        v = lane < warps ? warp_values[lane] : -INFINITY;
        idx = lane < warps ? warp_indices[lane] : 0x7fffffff;
        for (int offset = JK_WARP / 2; offset > 0; offset >>= 1) {
            float ov = __shfl_down_sync(JK_FULL_MASK, v, offset);
            int oidx = __shfl_down_sync(JK_FULL_MASK, idx, offset);
            jk_argmax_combine(&v, &idx, ov, oidx);
        }
        if (lane == 0) warp_indices[0] = idx;
    }
    __syncthreads();
    return warp_indices[0];
}

#endif
