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
static inline float jk_squared(float g) {
    float q = (g + 0x1p-34f) - 0x1p-34f;
    return q * q;
}

/* Java's Math.max for floats: NaN if either is NaN (C's fmaxf would drop it). Callers pass
 * values that are never -0 beside +0, so the sign of zero needs no care. */
static inline float jk_max(float a, float b) {
    return (a != a || b != b) ? a + b : (a >= b ? a : b);
}

#endif
