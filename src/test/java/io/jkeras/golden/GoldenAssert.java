package io.jkeras.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;

/**
 * Comparisons with golden values: jkeras computes in float32, the oracle in float64, so values
 * agree to {@link #RTOL} relative, with a small absolute floor for values near zero.
 */
public final class GoldenAssert {
    /** Relative tolerance of every comparison. */
    public static final double RTOL = 1e-4;
    /** Absolute floor: a few float32 rounding steps of values of order one. */
    public static final double ATOL = 1e-6;

    private GoldenAssert() {
    }

    public static void assertClose(String what, GoldenArray expected, float[] actual, int[] actualShape) {
        assertArrayEquals(expected.shape(), actualShape, what + ": shape");
        double[] a = new double[actual.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i];
        }
        assertClose(what, expected.values(), a, RTOL, ATOL);
    }

    public static void assertClose(String what, GoldenArray expected, List<Double> actual) {
        assertClose(what, expected.values(), actual.stream().mapToDouble(Double::doubleValue).toArray(), RTOL, ATOL);
    }

    /** Fails at the first element with |actual - expected| > atol + rtol * |expected|. */
    public static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (!(Math.abs(actual[i] - e) <= atol + rtol * Math.abs(e))) {
                fail(what + "[" + i + "]: expected " + e + ", got " + actual[i] + " (relative error "
                        + Math.abs(actual[i] - e) / Math.max(Math.abs(e), Double.MIN_NORMAL) + ")"
                        + (expected.length <= 12 ? "; expected " + Arrays.toString(expected) + ", got "
                        + Arrays.toString(actual) : ""));
            }
        }
    }
}
