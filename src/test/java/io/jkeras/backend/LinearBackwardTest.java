package io.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.ops.MathOps;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Backend#linearBackward} on the CPU (the SPI's default, the unfused sequence) against
 * the definition written out in plain loops, for each subset of the gradients; and the
 * calls {@link BackendChecks#linearBackward} refuses.
 */
class LinearBackwardTest {

    @ParameterizedTest(name = "{0}x{1}x{2} activation={3} dx={4} dw={5} db={6}")
    @CsvSource({
        "64, 33, 17, , true, true, true",       // no activation: dz is dy
        "64, 33, 17, RELU, true, true, true",
        "37, 5, 70, TANH, true, true, true",
        "37, 5, 70, TANH, false, true, true",   // first layer: no input gradient
        "37, 5, 70, RELU, true, false, false",  // frozen weights
        "8, 300, 3, , false, false, true",      // bias only
        "1, 7, 4, SIGMOID, true, true, true",   // one row: the bias gradient is dz itself
        "5, 6, 0, RELU, true, true, true",      // k = 0: empty dx, empty dw, db still summed
    })
    void defaultMatchesTheDefinition(int m, int n, int k, UnaryOp activation, boolean withDx, boolean withDw,
                                     boolean withDb) {
        Backend be = Device.cpu().backend();
        Random r = new Random(m * 131 + n * 17 + k);
        float[] x = uniform(r, m * k);
        float[] w = uniform(r, k * n);
        float[] z = uniform(r, m * n);
        float[] dy = uniform(r, m * n);
        // z away from relu's kink, where the derivative's convention would decide the test
        for (int i = 0; i < z.length; i++) {
            z[i] += Math.signum(z[i]) * 0.01f;
        }
        float[] y = new float[m * n];
        float[] dz = new float[m * n];
        for (int i = 0; i < z.length; i++) {
            if (activation == null) {
                y[i] = z[i];
                dz[i] = dy[i];
            } else {
                switch (activation) {
                    case RELU -> {
                        y[i] = Math.max(z[i], 0f);
                        dz[i] = z[i] > 0 ? dy[i] : 0f;
                    }
                    case TANH -> {
                        y[i] = (float) Math.tanh(z[i]);
                        dz[i] = dy[i] * (1 - y[i] * y[i]);
                    }
                    case SIGMOID -> {
                        y[i] = (float) (1 / (1 + Math.exp(-z[i])));
                        dz[i] = dy[i] * y[i] * (1 - y[i]);
                    }
                    default -> throw new IllegalArgumentException("activation: no derivative written for " + activation);
                }
            }
        }
        double[] dxWant = new double[m * k];
        double[] dwWant = new double[k * n];
        double[] dbWant = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double g = dz[i * n + j];
                dbWant[j] += g;
                for (int p = 0; p < k; p++) {
                    dxWant[i * k + p] += g * w[p * n + j];
                    dwWant[p * n + j] += x[i * k + p] * g;
                }
            }
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor tx = MathOps.constant(be, x, m, k);
            Tensor tw = MathOps.constant(be, w, k, n);
            Tensor tz = MathOps.constant(be, z, m, n);
            Tensor ty = activation == null ? tz : MathOps.constant(be, y, m, n);
            Tensor tdy = MathOps.constant(be, dy, m, n);
            Tensor tdz = activation == null ? tdy : be.allocate(m, n);
            Tensor tdx = withDx ? be.allocate(m, k) : null;
            Tensor tdw = withDw ? be.allocate(k, n) : null;
            Tensor tdb = withDb ? be.allocate(n) : null;
            be.linearBackward(tx, tw, activation, 0f, tz, ty, tdy, tdz, tdx, tdw, tdb, m, n, k);
            if (activation != null) {
                close("dz", dz, tdz.toFloatArray());
            }
            if (withDx) {
                close("dx", dxWant, tdx.toFloatArray());
            }
            if (withDw) {
                close("dw", dwWant, tdw.toFloatArray());
            }
            if (withDb) {
                close("db", dbWant, tdb.toFloatArray());
            }
            assertArrayEquals(dy, tdy.toFloatArray(), "dy is only read");
        }
    }

    @Test
    void refusesOperandsThatDoNotFit() {
        Backend be = Device.cpu().backend();
        try (TensorScope s = TensorScope.open()) {
            Tensor x = be.allocate(4, 3);
            Tensor w = be.allocate(3, 2);
            Tensor z = be.allocate(4, 2);
            Tensor dy = be.allocate(4, 2);
            Tensor dz = be.allocate(4, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> be.linearBackward(x, w, null, 0f, z, z, dy, dz, null, null, null, 4, 2, 3));
            assertTrue(e.getMessage().contains("dz must be dy itself"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> be.linearBackward(x, w, null, 0f, z, z, dy, dy, null, null, be.allocate(3), 4, 2, 3));
            assertTrue(e.getMessage().contains("bias gradient") && e.getMessage().contains("must hold 2"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> be.linearBackward(x, w, null, 0f, z, z, dy, dy, be.allocate(4, 2), null, null, 4, 2, 3));
            assertTrue(e.getMessage().contains("linear backward"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> be.linearBackward(x, w, UnaryOp.RELU, 0f, z, be.allocate(3), dy, dz, null, null, null,
                            4, 2, 3));
            assertTrue(e.getMessage().contains("linear backward"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> be.linearBackward(x, w, null, 0f, z, z, dy, dy, null, null, null, 4, 2, 4));
            assertTrue(e.getMessage().contains("gemm"), e.getMessage());
        }
    }

    private static void close(String what, double[] want, float[] got) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 + 1e-5 * Math.abs(want[i]), what + "[" + i + "]");
        }
    }

    private static void close(String what, float[] want, float[] got) {
        double[] w = new double[want.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = want[i];
        }
        close(what, w, got);
    }

    private static float[] uniform(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return v;
    }
}
