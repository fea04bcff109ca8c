package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * FloatExp's exp is within 1.01 ulp of the exact exp (Math.exp in double, rounded to float, then
 * measured in units of that float's last place), expm1 within 1.5 and tanh within 2.5, over
 * floats spread across every exponent of both signs; exp gives 0 and +inf where float32 exp
 * underflows and overflows, subnormals between; all three pass NaN and keep the ends right.
 */
class FloatExpTest {
    /** every 4099th bit pattern: about a million floats, each exponent visited many times */
    private static final int STEP = 4099;

    @Test
    void withinTheirBoundsAcrossTheRange() {
        UlpError exp = UlpError.of(FloatExp::exp, Math::exp, 0, 0xFFFFFFFFL, STEP);
        assertTrue(exp.ulps <= 1.01, "exp: " + exp);
        UlpError expm1 = UlpError.of(FloatExp::expm1, Math::expm1, 0, 0xFFFFFFFFL, STEP);
        assertTrue(expm1.ulps <= 1.5, "expm1: " + expm1);
        UlpError tanh = UlpError.of(FloatExp::tanh, Math::tanh, 0, 0xFFFFFFFFL, STEP);
        assertTrue(tanh.ulps <= 2.5, "tanh: " + tanh);
    }

    @Test
    void underflowAndOverflowEnds() {
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += STEP) {
            float x = Float.intBitsToFloat((int) bits);
            float rounded = (float) Math.exp(x);
            if (!Float.isNaN(x) && (rounded == 0f || Float.isInfinite(rounded))) {
                float got = FloatExp.exp(x);
                // a result at the edge may round either way; beyond it the float is exactly 0 or inf
                assertTrue(got == rounded || Math.abs(got - Math.exp(x)) <= Float.MIN_VALUE
                        || (Float.isInfinite(rounded) && got == Float.MAX_VALUE), "exp(" + x + ") = " + got);
            }
        }
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

        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatExp.expm1(-0f)));
        assertEquals(0f, FloatExp.expm1(0f));
        assertEquals(-1f, FloatExp.expm1(Float.NEGATIVE_INFINITY));
        assertEquals(-1f, FloatExp.expm1(-30f));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.expm1(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.expm1(89f));
        assertEquals(1e-30f, FloatExp.expm1(1e-30f));
        assertTrue(Float.isNaN(FloatExp.expm1(Float.NaN)));

        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatExp.tanh(-0f)));
        assertEquals(1f, FloatExp.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatExp.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(-1f, FloatExp.tanh(-20f));
        assertEquals(1e-30f, FloatExp.tanh(1e-30f));
        assertTrue(Float.isNaN(FloatExp.tanh(Float.NaN)));
    }
}
