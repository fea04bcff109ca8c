package io.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.GradientCheck;
import io.jkeras.ops.MathOps;

/** Small helpers for the loss and metric tests: tensors from host arrays, row access, comparisons. */
public final class Arrays2 {
    private Arrays2() {
    }

    /** A CPU tensor holding {@code data} with {@code shape}. */
    public static Tensor t(float[] data, int... shape) {
        return MathOps.constant(GradientCheck.cpu(), data, shape);
    }

    /** Row {@code r} of a row-major matrix with {@code cols} columns, as doubles. */
    public static double[] row(float[] a, int r, int cols) {
        double[] out = new double[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = a[r * cols + c];
        }
        return out;
    }

    /** Fails unless each element agrees within {@code tol} relative to max(1, |expected|). */
    public static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (!(Math.abs(e - actual[i]) <= tol * Math.max(1.0, Math.abs(e)))) {
                fail(what + ": value " + i + " is " + actual[i] + ", expected " + e);
            }
        }
    }
}
