package io.jkeras.backend.cpu;

import java.util.function.DoubleUnaryOperator;

/** The worst error, in units of the last place of the correctly rounded float, of a float function. */
final class UlpError {
    interface FloatFunction {
        float apply(float x);
    }

    final double ulps;
    final float at;

    private UlpError(double ulps, float at) {
        this.ulps = ulps;
        this.at = at;
    }

    /**
     * f against {@code exact} (computed in double) at every {@code step}-th bit pattern of
     * [fromBits, toBits], NaN skipped, and where the exact result rounds to 0 or to an infinity
     * (the callers check those ends themselves).
     */
    static UlpError of(FloatFunction f, DoubleUnaryOperator exact, long fromBits, long toBits, int step) {
        double worst = 0;
        float worstAt = 0;
        for (long bits = fromBits; bits <= toBits; bits += step) {
            float x = Float.intBitsToFloat((int) bits);
            if (Float.isNaN(x)) {
                continue;
            }
            double e = exact.applyAsDouble(x);
            float rounded = (float) e;
            if (rounded == 0f || Float.isInfinite(rounded) || Double.isNaN(e)) {
                continue;
            }
            double ulps = Math.abs(f.apply(x) - e) / Math.ulp(rounded);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x;
            }
        }
        return new UlpError(worst, worstAt);
    }

    @Override
    public String toString() {
        return ulps + " ulp at " + at;
    }
}
