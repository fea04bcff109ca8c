package io.jkeras.backend.cpu;

/**
 * {@code exp}, {@code expm1} and {@code tanh} in float32 arithmetic, operation for operation
 * the {@code jk_exp}, {@code jk_expm1} and {@code jk_tanh} of the CPU kernel library
 * ({@code native/cpu/jkeras_cpu.h}), so a kernel that uses them runs in C or in Java to the
 * same bits. {@link Math#exp} cannot be that twin: the JDK's and the C library's
 * results differ in the last bit, and in double precision it costs about 20 ns a value in a
 * Java loop against 4 ns here (and a fraction of that in C's vector loop).
 *
 * <p>exp is within 1.01 ulp of the exact function over every float, expm1 within 1.5 and tanh
 * within 2.5 (Math.tanh's own bound); FloatExpTest checks them against Math.exp, Math.expm1 and
 * Math.tanh in double. exp(-inf) = 0, exp(+inf) = +inf, NaN stays NaN, results below the
 * smallest normal are subnormal (correctly scaled, one rounding) or 0; expm1 and tanh keep the
 * sign of a zero.
 *
 * <p>The method (Cephes' expf): x = k ln 2 + r with k = round(x / ln 2) and |r| <= ln 2 / 2,
 * ln 2 split in two so k ln 2 is exact; exp(r) by a degree-7 polynomial in Horner form with fused
 * multiply-adds ({@link Math#fma}, exact as C's fmaf); then 2^k as two powers of two in the
 * exponent bits, each normal for any k the clamp allows.
 */
final class FloatExp {
    /** 1.5 * 2^23: added to a float of magnitude below 2^22, it rounds it to an integer (ties to even). */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;

    private FloatExp() {
    }

    /** x within [-110, 89]: beyond, exp is 0 or +inf in float, and k stays in the scale factors' range. */
    private static float clamped(float x) {
        return x < -110f ? -110f : x > 89f ? 89f : x;
    }

    /** v / ln 2 + 1.5 * 2^23: k = round(v / ln 2) is this minus ROUNDER, and its bits minus ROUNDER_BITS. */
    private static float shifted(float v) {
        return v * 1.44269502f + ROUNDER;
    }

    /** r = v - k ln 2, with ln 2 in two parts so that k ln 2 is exact. */
    private static float reduced(float v, float k) {
        float r = Math.fma(k, -0.693359375f, v);
        return Math.fma(k, 2.12194440e-4f, r);
    }

    static float exp(float x) {
        if (x != x) {
            return x;
        }
        float v = clamped(x);
        float t = shifted(v);
        float k = t - ROUNDER;
        float r = reduced(v, k);
        float p = 1.9875691500e-4f;
        p = Math.fma(p, r, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        float y = Math.fma(p, r * r, r) + 1f;
        int ki = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int k1 = ki >> 1;
        return y * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((ki - k1 + 127) << 23);
    }

    /**
     * exp(x) - 1 without the cancellation near 0: x = k ln 2 + r as in {@link #exp}, expm1(r) by
     * its Taylor series to r^8 (under float's resolution for |r| <= ln 2 / 2), then 2^k expm1(r) +
     * (2^k - 1) in one fused multiply-add; r itself where k = 0, -1 below k = -30, exp(x) above
     * k = 60. Every branch is computed and one selected, as C's vector loop does.
     */
    static float expm1(float x) {
        float v = clamped(x);
        float t = shifted(v);
        float k = t - ROUNDER;
        float r = reduced(v, k);
        float p = 2.4801587e-5f;
        p = Math.fma(p, r, 1.9841270e-4f);
        p = Math.fma(p, r, 1.3888889e-3f);
        p = Math.fma(p, r, 8.3333333e-3f);
        p = Math.fma(p, r, 4.1666667e-2f);
        p = Math.fma(p, r, 1.6666667e-1f);
        p = Math.fma(p, r, 0.5f);
        float q = Math.fma(p, r * r, r);
        int ki = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int kc = ki < -30 ? -30 : ki > 60 ? 60 : ki;
        float s = Float.intBitsToFloat((kc + 127) << 23);
        float m = Math.fma(s, q, s - 1f);
        float big = exp(v);
        float e = ki > 60 ? big : ki < -30 ? -1f : ki == 0 ? q : m;
        return x != x || x == 0f ? x : e;
    }

    /** tanh(x) = -expm1(-2|x|) / (expm1(-2|x|) + 2) with x's sign (expm1 is -1 from -21 down: 1 there). */
    static float tanh(float x) {
        float e = expm1(-2f * Math.abs(x));
        float t = -e / (e + 2f);
        return x != x ? x : Math.copySign(t, x);
    }
}
