/*
 * Shared helpers of the CPU kernel library. Every kernel repeats its Java twin's arithmetic
 * operation for operation (see CpuOptimizers): the flush roundings keep subnormals out of the
 * slots, and no operation is fused or reordered, so both give the same bits.
 */
#ifndef JKERAS_CPU_H
#define JKERAS_CPU_H

#include <jni.h>
#include <math.h>
#include <stdint.h>

/* One copy of each kernel for AVX-512, one for AVX2 + FMA, one for baseline x86-64; the loader
 * picks the best the CPU runs (GNU ifunc), so one library serves every x86-64 machine. */
#define JK_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

#define JK_EXPORT JNIEXPORT

#define JK_F(addr) ((float *)(intptr_t)(addr))

/* (x + C) - C: exact for |x| above about C * 2^25, zero below about C * 2^-24 (CpuOptimizers). */
static inline float jk_flush(float v) { return (v + 0x1p-100f) - 0x1p-100f; }
static inline float jk_grad(float g) { return (g + 0x1p-66f) - 0x1p-66f; }
/* (m + C) - C with C = 2^-70: a moment as a step multiplies it, zero below about 2^-94 (see
 * CpuOptimizers.forStep). */
static inline float jk_for_step(float m) { return (m + 0x1p-70f) - 0x1p-70f; }
static inline float jk_squared(float g) {
    float q = (g + 0x1p-34f) - 0x1p-34f;
    return q * q;
}

/* Java's Math.max and Math.min for floats: NaN if either is NaN (C's fmaxf would drop it), and
 * between zeros max(-0, +0) = +0, min(-0, +0) = -0 (equal values are combined bitwise: AND keeps
 * a sign only both have, OR keeps one either has). Written as selects, which gcc vectorises. */
static inline uint32_t jk_bits(float v) {
    union { float f; uint32_t u; } c = { .f = v };
    return c.u;
}
static inline float jk_float(uint32_t u) {
    union { uint32_t u; float f; } c = { .u = u };
    return c.f;
}
static inline float jk_max(float a, float b) {
    float same = jk_float(jk_bits(a) & jk_bits(b));
    float m = a > b ? a : (b > a ? b : same);
    return (a != a || b != b) ? a + b : m;
}
static inline float jk_min(float a, float b) {
    float same = jk_float(jk_bits(a) | jk_bits(b));
    float m = a < b ? a : (b < a ? b : same);
    return (a != a || b != b) ? a + b : m;
}

/* ElementwiseMath.step: 1 for v > 0 (subnormals too), else 0, NaN for NaN. */
static inline float jk_step(float v) { return jk_min(jk_max(v, 0.0f) * 0x1p100f * 0x1p100f, 1.0f); }

#endif
