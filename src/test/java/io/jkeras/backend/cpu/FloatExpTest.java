package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * FloatExp.exp is within 1.01 ulp of the exact exp (Math.exp in double, rounded to float, then
 * measured in units of that float's last place) over floats spread across every exponent, gives
 * 0 and +inf where float32 exp underflows and overflows, subnormals between, and passes NaN.
 */
class FloatExpTest {

    @Test
    void withinOneUlpAcrossTheRange() {
        double worst = 0;
        float worstAt = 0;
        // every 4099th bit pattern: about a million floats, each exponent visited many times
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 4099) {
            float x = Float.intBitsToFloat((int) bits);
            if (Float.isNaN(x)) {
                continue;
            }
            double exact = Math.exp(x);
            float rounded = (float) exact;
            float got = FloatExp.exp(x);
            if (rounded == 0f || Float.isInfinite(rounded)) {
                // a result at the edge may round either way; beyond it the float is exactly 0 or inf
                assertTrue(got == rounded || Math.abs(got - exact) <= Math.ulp(Float.MIN_VALUE)
                        || (Float.isInfinite(rounded) && got == Float.MAX_VALUE), "exp(" + x + ") = " + got);
                continue;
            }
            double ulps = Math.abs(got - exact) / Math.ulp(rounded);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x;
            }
        }
        assertTrue(worst <= 1.01, "worst error " + worst + " ulp at exp(" + worstAt + ")");
    }

    @Test
    void specialValues() {
        assertEquals(1f, FloatExp.exp(0f));
        assertEquals(1f, FloatExp.exp(-0f));
        assertEquals(0f, FloatExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(88.73f));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(1e30f));
        assertEquals(0f, FloatExp.exp(-104f));
        assertEquals(0f, FloatExp.exp(-1e30f));
        assertTrue(Float.isNaN(FloatExp.exp(Float.NaN)));
        assertEquals((float) Math.exp(88.72f), FloatExp.exp(88.72f), Math.ulp((float) Math.exp(88.72f)));
        float subnormal = FloatExp.exp(-100f);
        assertTrue(subnormal > 0f && subnormal < Float.MIN_NORMAL, "exp(-100) = " + subnormal);
        assertEquals(Math.exp(-100), subnormal, Float.MIN_VALUE);
    }
}
