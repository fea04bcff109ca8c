package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * FloatLog.log is within 0.83 ulp of the exact log (Math.log in double) over positive floats
 * spread across every exponent, subnormals included, and follows IEEE at 0, infinity, negatives
 * and NaN.
 */
class FloatLogTest {

    @Test
    void withinOneUlpOverThePositiveFloats() {
        double worst = 0;
        float worstAt = 0;
        // every 2053rd bit pattern from the smallest subnormal to the largest finite float
        for (int bits = 1; bits < 0x7F800000; bits += 2053) {
            float x = Float.intBitsToFloat(bits);
            double exact = Math.log(x);
            float rounded = (float) exact;
            double ulps = Math.abs(FloatLog.log(x) - exact) / Math.ulp(rounded == 0f ? Float.MIN_VALUE : rounded);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x;
            }
        }
        assertTrue(worst <= 0.83, "worst error " + worst + " ulp at log(" + worstAt + ")");
    }

    @Test
    void specialValues() {
        assertEquals(0f, FloatLog.log(1f));
        assertEquals(Float.NEGATIVE_INFINITY, FloatLog.log(0f));
        assertEquals(Float.NEGATIVE_INFINITY, FloatLog.log(-0f));
        assertEquals(Float.POSITIVE_INFINITY, FloatLog.log(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(FloatLog.log(-1f)));
        assertTrue(Float.isNaN(FloatLog.log(Float.NEGATIVE_INFINITY)));
        assertTrue(Float.isNaN(FloatLog.log(Float.NaN)));
        assertEquals((float) Math.log(Float.MIN_VALUE), FloatLog.log(Float.MIN_VALUE), 1e-5f);
        assertEquals((float) Math.log(Float.MAX_VALUE), FloatLog.log(Float.MAX_VALUE), 1e-5f);
    }
}
