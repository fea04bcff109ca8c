package io.jkeras.backend.cpu;

/**
 * {@code exp} in float32 arithmetic, operation for operation the {@code jk_exp} of the CPU
 * kernel library ({@code native/cpu/jkeras_cpu.h}), so a kernel that uses it runs in C or in
 * Java to the same bits. {@link Math#exp} cannot be that twin: the JDK's and the C library's
 * results differ in the last bit, and in double precision it costs about 20 ns a value in a
 * Java loop against 4 ns here (and a fraction of that in C's vector loop).
 *
 * <p>Within 1.01 ulp of the exact exp over every float (checked against Math.exp in double by
 * FloatExpTest); exp(-inf) = 0, exp(+inf) = +inf, NaN stays NaN, results below the smallest
 * normal are subnormal (correctly scaled, one rounding) or 0.
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

    static float exp(float x) {
        if (x != x) {
            return x;
        }
        // beyond these exp is 0 or +inf in float, and k stays within the two scale factors' range
        float v = x < -110f ? -110f : x > 89f ? 89f : x;
        float t = v * 1.44269502f + ROUNDER;
        float k = t - ROUNDER;
        float r = Math.fma(k, -0.693359375f, v);
        r = Math.fma(k, 2.12194440e-4f, r);
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
}
