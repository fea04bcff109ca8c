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

/* FloatExp.ROUNDER and ROUNDER_BITS: 1.5 * 2^23 and its bits */
#define JK_ROUNDER 12582912.0f
#define JK_ROUNDER_BITS 0x4B400000

/* FloatExp.clamped, shifted and reduced */
static inline float jk_exp_clamped(float x) { return x < -110.0f ? -110.0f : (x > 89.0f ? 89.0f : x); }
static inline float jk_exp_shifted(float v) { return v * 1.44269502f + JK_ROUNDER; }
static inline float jk_exp_reduced(float v, float k) {
    float r = fmaf(k, -0.693359375f, v);
    return fmaf(k, 2.12194440e-4f, r);
}

/* FloatExp.exp, operation for operation (the reasons and the error bound are documented there):
 * fmaf is the exactly rounded fused multiply-add Java's Math.fma is, and every other product and
 * sum rounds on its own (-ffp-contract=off). Written as selects and bit casts, which gcc vectorises. */
static inline float jk_exp(float x) {
    float v = jk_exp_clamped(x);
    float t = jk_exp_shifted(v);
    float k = t - JK_ROUNDER;
    float r = jk_exp_reduced(v, k);
    float p = 1.9875691500e-4f;
    p = fmaf(p, r, 1.3981999507e-3f);
    p = fmaf(p, r, 8.3334519073e-3f);
    p = fmaf(p, r, 4.1665795894e-2f);
    p = fmaf(p, r, 1.6666665459e-1f);
    p = fmaf(p, r, 5.0000001201e-1f);
    float y = fmaf(p, r * r, r) + 1.0f;
    int32_t ki = (int32_t) jk_bits(t) - JK_ROUNDER_BITS;
    int32_t k1 = ki >> 1;
    float e = y * jk_float((uint32_t) (k1 + 127) << 23) * jk_float((uint32_t) (ki - k1 + 127) << 23);
    return x != x ? x : e;
}

/* FloatLog.log, operation for operation (its documentation gives the method and error bound). */
static inline float jk_log(float x) {
    if (!(x > 0.0f) || x == INFINITY) {
        return x == 0.0f ? -INFINITY : (x == INFINITY ? x : NAN);
    }
    int32_t bits = (int32_t) jk_bits(x);
    int32_t e = 0;
    if (bits < 0x00800000) {
        bits = (int32_t) jk_bits(x * 0x1p23f);
        e = -23;
    }
    e += (bits >> 23) - 126;
    float m = jk_float(((uint32_t) bits & 0x007FFFFFu) | 0x3F000000u);
    if (m < 0.707106781186547524f) {
        e -= 1;
        m = m + m - 1.0f;
    } else {
        m = m - 1.0f;
    }
    float z = m * m;
    float p = 7.0376836292e-2f;
    p = fmaf(p, m, -1.1514610310e-1f);
    p = fmaf(p, m, 1.1676998740e-1f);
    p = fmaf(p, m, -1.2420140846e-1f);
    p = fmaf(p, m, 1.4249322787e-1f);
    p = fmaf(p, m, -1.6668057665e-1f);
    p = fmaf(p, m, 2.0000714765e-1f);
    p = fmaf(p, m, -2.4999993993e-1f);
    p = fmaf(p, m, 3.3333331174e-1f);
    float fe = (float) e;
    float y = p * m * z;
    y = fmaf(fe, -2.12194440e-4f, y);
    y = fmaf(z, -0.5f, y);
    return fmaf(fe, 0.693359375f, m + y);
}

/* FloatExp.expm1, operation for operation. */
static inline float jk_expm1(float x) {
    float v = jk_exp_clamped(x);
    float t = jk_exp_shifted(v);
    float k = t - JK_ROUNDER;
    float r = jk_exp_reduced(v, k);
    float p = 2.4801587e-5f;
    p = fmaf(p, r, 1.9841270e-4f);
    p = fmaf(p, r, 1.3888889e-3f);
    p = fmaf(p, r, 8.3333333e-3f);
    p = fmaf(p, r, 4.1666667e-2f);
    p = fmaf(p, r, 1.6666667e-1f);
    p = fmaf(p, r, 0.5f);
    float q = fmaf(p, r * r, r);
    int32_t ki = (int32_t) jk_bits(t) - JK_ROUNDER_BITS;
    int32_t kc = ki < -30 ? -30 : (ki > 60 ? 60 : ki);
    float s = jk_float((uint32_t) (kc + 127) << 23);
    float m = fmaf(s, q, s - 1.0f);
    float big = jk_exp(v); /* unconditionally: a call under a condition keeps gcc from vectorising */
    float e = ki > 60 ? big : (ki < -30 ? -1.0f : (ki == 0 ? q : m));
    return (x != x || x == 0.0f) ? x : e;
}

/* FloatExp.tanh */
static inline float jk_tanh(float x) {
    float e = jk_expm1(-2.0f * fabsf(x));
    float t = -e / (e + 2.0f);
    float signed_t = jk_float((jk_bits(t) & 0x7FFFFFFFu) | (jk_bits(x) & 0x80000000u)); /* Math.copySign */
    return x != x ? x : signed_t;
}

/* FloatLog.log1p */
static inline float jk_log1p(float x) {
    float u = 1.0f + x;
    float l = jk_log(u) * (x / (u - 1.0f));
    return (u == 1.0f || x == INFINITY) ? x : (x == -1.0f ? -INFINITY : (!(x > -1.0f) ? NAN : l));
}

/* ElementwiseMath.step: 1 for v > 0 (subnormals too), else 0, NaN for NaN. */
static inline float jk_step(float v) { return jk_min(jk_max(v, 0.0f) * 0x1p100f * 0x1p100f, 1.0f); }

#endif
