package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * FloatLog's log is within 0.83 ulp of the exact log (Math.log in double) over positive floats
 * spread across every exponent, subnormals included, and log1p within 2.5 ulp of Math.log1p from
 * -1 up; both follow IEEE at the ends of their domains, at infinity and for NaN.
 */
class FloatLogTest {

    @Test
    void withinTheirBounds() {
        // every 2053rd bit pattern from the smallest subnormal to the largest finite float
        UlpError log = UlpError.of(FloatLog::log, Math::log, 1, 0x7F7FFFFF, 2053);
        assertTrue(log.ulps <= 0.83, "log: " + log);
        UlpError positive = UlpError.of(FloatLog::log1p, Math::log1p, 1, 0x7F7FFFFF, 2053);
        assertTrue(positive.ulps <= 2.5, "log1p: " + positive);
        // the negative floats above -1: bit patterns from -0 (0x80000000) to just above -1 (0xBF800000)
        UlpError negative = UlpError.of(FloatLog::log1p, Math::log1p, 0x80000001L, 0xBF7FFFFFL, 2053);
        assertTrue(negative.ulps <= 2.5, "log1p: " + negative);
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

        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatLog.log1p(-0f)));
        assertEquals(1e-30f, FloatLog.log1p(1e-30f));
        assertEquals(Float.NEGATIVE_INFINITY, FloatLog.log1p(-1f));
        assertTrue(Float.isNaN(FloatLog.log1p(-2f)));
        assertTrue(Float.isNaN(FloatLog.log1p(Float.NEGATIVE_INFINITY)));
        assertTrue(Float.isNaN(FloatLog.log1p(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, FloatLog.log1p(Float.POSITIVE_INFINITY));
    }
}
