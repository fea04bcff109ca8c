package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.backend.UnaryOp;
import io.jkeras.ops.MathOps;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GEMMs large enough to be split into bands over the cores agree with the definition (in each
 * GEMM engine that runs here but the opt-in oneDNN, which NativeGemmTest covers), row bands
 * over one shared packed copy of b included, and the fused dense forward pass (bias, GEMM,
 * activation per band) agrees with the unfused sequence.
 */
class CpuBlasTest {

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @CsvSource({
        "200, 150, 160, false, false",
        "200, 150, 160, true, false",
        "200, 150, 160, false, true",
        "200, 150, 160, true, true",
        "130, 250, 140, false, false",
        "130, 250, 140, true, true",
        "1024, 100, 200, false, false",  // row bands share one packed b, packed by the caller
        "1000, 130, 600, true, false",   // two blocks of k, rows off the 8-row tiles
        "1024, 600, 600, false, false",  // b packed by both threads, in two blocks of columns
        "999, 70, 300, false, true",     // b transposed
    })
    void splitGemmMatchesDefinition(int m, int n, int k, boolean transA, boolean transB) {
        GemmEngine before = GemmEngine.current();
        try {
            // OpenBLAS is the engine where jkeras's sgemm cannot run: both are checked here
            for (GemmEngine engine : List.of(GemmEngine.OPENBLAS, GemmEngine.JKERAS)) {
                if (engine.unavailableReason() == null) {
                    GemmEngine.use(engine);
                    checkSplitGemm(engine, m, n, k, transA, transB);
                }
            }
        } finally {
            GemmEngine.use(before);
        }
    }

    private static void checkSplitGemm(GemmEngine engine, int m, int n, int k, boolean transA, boolean transB) {
        Backend be = Device.cpu().backend();
        Random r = new Random(m + n + k);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c0 = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < c0.length; i++) {
            c0[i] = r.nextFloat() - 0.5f;
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor ta = MathOps.constant(be, a, transA ? new int[] {k, m} : new int[] {m, k});
            Tensor tb = MathOps.constant(be, b, transB ? new int[] {n, k} : new int[] {k, n});
            Tensor tc = MathOps.constant(be, c0, m, n);
            be.gemm(ta, transA, tb, transB, 0.5f, 2f, tc, m, n, k);
            float[] c = tc.toFloatArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[p * m + i] : a[i * k + p];
                        float bv = transB ? b[j * k + p] : b[p * n + j];
                        sum += av * bv;
                    }
                    assertEquals(0.5 * sum + 2 * c0[i * n + j], c[i * n + j], 1e-3, engine + " c[" + i + ", " + j + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "linear {0}x{1}x{2} bias={3} activation={4} inPlace={5}")
    @CsvSource({
        "128, 512, 784, true, RELU, false",   // split by columns
        "1024, 64, 200, true, TANH, false",   // split by rows
        "1024, 64, 200, true, RELU, true",    // inference: the activation overwrites z
        "1024, 600, 600, true, RELU, false",  // rows over a b packed by both threads
        "130, 250, 140, false, ELU, false",   // no bias
        "129, 251, 141, true, , false",       // no activation
        "7, 5, 3, true, SIGMOID, false",      // small: one band on the calling thread
        "6, 4, 0, true, RELU, false",         // k = 0: bias only
        "6, 4, 0, false, RELU, false",        // k = 0, no bias: zeros
    })
    void fusedLinearMatchesTheUnfusedSequence(int m, int n, int k, boolean withBias, UnaryOp activation,
                                              boolean inPlace) {
        Backend be = Device.cpu().backend();
        Random r = new Random(m * 31 + n * 7 + k);
        float[] x = uniform(r, m * k);
        float[] w = uniform(r, k * n);
        float[] b = uniform(r, n);
        try (TensorScope s = TensorScope.open()) {
            Tensor tx = MathOps.constant(be, x, m, k);
            Tensor tw = MathOps.constant(be, w, k, n);
            Tensor tb = withBias ? MathOps.constant(be, b, n) : null;
            Tensor z = be.allocate(m, n);
            Tensor y = inPlace ? z : be.allocate(m, n);
            be.linear(tx, tw, tb, activation, 1f, z, y, m, n, k);

            // the unfused sequence of Backend's default linear
            Tensor z2 = be.allocate(m, n);
            Tensor y2 = be.allocate(m, n);
            if (withBias) {
                be.broadcastTo(tb, z2);
            }
            be.gemm(tx, false, tw, false, 1f, withBias ? 1f : 0f, z2, m, n, k);
            if (activation != null) {
                be.unary(activation, 1f, z2, y2);
            }
            float[] want = (activation == null ? z2 : y2).toFloatArray();
            float[] got = (activation == null ? z : y).toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 + 1e-5 * Math.abs(want[i]), "y[" + i + "]");
            }
            if (activation != null && !inPlace) {
                float[] zWant = z2.toFloatArray();
                float[] zGot = z.toFloatArray();
                for (int i = 0; i < zWant.length; i++) {
                    assertEquals(zWant[i], zGot[i], 1e-5 + 1e-5 * Math.abs(zWant[i]), "z[" + i + "]");
                }
            }
        }
    }

    @Test
    void rowBandsThatWouldEachPackBShareOnePackedCopy() {
        GemmEngine before = GemmEngine.current();
        try {
            assumeTrue(GemmEngine.JKERAS.unavailableReason() == null, "jkeras's sgemm cannot run here");
            GemmEngine.use(GemmEngine.JKERAS);
            // W1 predict's first layer: 2 bands of 512 rows, each packing all of b
            assertTrue(CpuBlas.sharesPackedB(GemmBands.of(1024, 512, 784, 2), 1024, false));
            // bands of 25 rows read b in place; transposed, they pack it
            assertFalse(CpuBlas.sharesPackedB(GemmBands.of(200, 150, 160, 2), 200, false));
            assertTrue(CpuBlas.sharesPackedB(GemmBands.of(200, 150, 160, 2), 200, true));
            // column bands share a, not b
            assertFalse(CpuBlas.sharesPackedB(GemmBands.of(128, 512, 784, 2), 128, true));
            GemmEngine.use(GemmEngine.OPENBLAS);
            assertFalse(CpuBlas.sharesPackedB(GemmBands.of(1024, 512, 784, 2), 1024, false), "OpenBLAS packs its own");
        } finally {
            GemmEngine.use(before);
        }
    }

    private static float[] uniform(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return v;
    }
}
