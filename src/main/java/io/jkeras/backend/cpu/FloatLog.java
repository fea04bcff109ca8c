package io.jkeras.backend.cpu;

/**
 * The natural logarithm and log1p in float32 arithmetic, operation for operation the
 * {@code jk_log} and {@code jk_log1p} of the CPU kernel library ({@code native/cpu/jkeras_cpu.h}),
 * as {@link FloatExp} is for exp: the twins that let log-softmax and softplus run in C to the
 * bits of their Java loops ({@link Math#log}'s last bit differs from the C library's).
 *
 * <p>log is within 0.83 ulp of the exact function over the positive floats, subnormals included,
 * and log1p within 2.5 ulp above -1 (FloatLogTest, against Math.log and Math.log1p in double);
 * log(0) = log1p(-1) = -inf, +inf stays +inf, NaN for NaN and below the domain.
 *
 * <p>The method (Cephes' logf): x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(m) by a degree-9
 * polynomial in m - 1 (Horner form, fused multiply-adds), plus e ln 2 with ln 2 split in two.
 */
final class FloatLog {
    private FloatLog() {
    }

    static float log(float x) {
        if (!(x > 0f) || x == Float.POSITIVE_INFINITY) {
            return x == 0f ? Float.NEGATIVE_INFINITY : x == Float.POSITIVE_INFINITY ? x : Float.NaN;
        }
        int bits = Float.floatToRawIntBits(x);
        int e = 0;
        if (bits < 0x00800000) {
            // subnormal: scale into the normal range first
            bits = Float.floatToRawIntBits(x * 0x1p23f);
            e = -23;
        }
        e += (bits >> 23) - 126;
        // the significand as a float in [0.5, 1)
        float m = Float.intBitsToFloat((bits & 0x007FFFFF) | 0x3F000000);
        if (m < 0.707106781186547524f) {
            e -= 1;
            m = m + m - 1f;
        } else {
            m = m - 1f;
        }
        float z = m * m;
        float p = 7.0376836292e-2f;
        p = Math.fma(p, m, -1.1514610310e-1f);
        p = Math.fma(p, m, 1.1676998740e-1f);
        p = Math.fma(p, m, -1.2420140846e-1f);
        p = Math.fma(p, m, 1.4249322787e-1f);
        p = Math.fma(p, m, -1.6668057665e-1f);
        p = Math.fma(p, m, 2.0000714765e-1f);
        p = Math.fma(p, m, -2.4999993993e-1f);
        p = Math.fma(p, m, 3.3333331174e-1f);
        float fe = e;
        float y = p * m * z;
        y = Math.fma(fe, -2.12194440e-4f, y);
        y = Math.fma(z, -0.5f, y);
        return Math.fma(fe, 0.693359375f, m + y);
    }

    /**
     * log(1 + x) for x near 0 too: log(u) x / (u - 1) with u = 1 + x rounded, whose rounding error
     * the ratio cancels (u - 1 is exact); x itself where u rounds to 1. Every branch is computed
     * and one selected, as C's vector loop does.
     */
    static float log1p(float x) {
        float u = 1f + x;
        float l = log(u) * (x / (u - 1f));
        return u == 1f || x == Float.POSITIVE_INFINITY ? x
                : x == -1f ? Float.NEGATIVE_INFINITY : !(x > -1f) ? Float.NaN : l;
    }
}
