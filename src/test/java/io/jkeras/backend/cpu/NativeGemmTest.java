package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * oneDNN's sgemm is bound where asked for, and computes what OpenBLAS computes (within float32
 * rounding) for every transpose, alpha and beta, through CpuBlas's splitting into bands, and
 * ignores C when beta is 0 as BLAS does.
 */
class NativeGemmTest {

    private final GemmEngine before = GemmEngine.current();

    @AfterEach
    void restore() {
        GemmEngine.use(before);
    }

    /** Run by the onednn-gemm execution of the POM, which sets -Djkeras.cpu.gemm=dnnl. */
    @Test
    void boundWhereAskedFor() {
        assumeTrue("dnnl".equals(System.getProperty(GemmEngine.PROPERTY)), "oneDNN was not asked for");
        assertNull(NativeGemm.unavailableReason());
        assertEquals(GemmEngine.DNNL, GemmEngine.current());
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} alpha={5} beta={6}")
    @CsvSource({
        "32, 512, 784, false, false, 1, 0",
        "200, 150, 160, true, false, 0.5, 2",
        "200, 150, 160, false, true, 1, 1",
        "130, 250, 140, true, true, -1, 0.25",
        "7, 3, 5, false, false, 1, 0",
        "300, 17, 64, true, false, 1, 0",
    })
    void agreesWithOpenBlas(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta) {
        assumeTrue("dnnl".equals(System.getProperty(GemmEngine.PROPERTY)), "oneDNN was not asked for");
        assumeTrue(NativeGemm.unavailableReason() == null, "oneDNN is not bound: " + NativeGemm.unavailableReason());
        Random r = new Random(31L * m + n + k);
        float[][] start = new float[3][];
        start[0] = random(r, m * k);
        start[1] = random(r, k * n);
        start[2] = random(r, m * n);
        if (beta == 0f) {
            java.util.Arrays.fill(start[2], Float.NaN);
        }
        boolean library = NativeKernels.enabled();
        GemmEngine.use(GemmEngine.OPENBLAS);
        float[] expected = NativeTensors.run(start, library, t ->
                CpuBlas.sgemm(transA, transB, m, n, k, alpha, t[0], t[1], beta, t[2]))[2];
        GemmEngine.use(GemmEngine.DNNL);
        float[] actual = NativeTensors.run(start, library, t ->
                CpuBlas.sgemm(transA, transB, m, n, k, alpha, t[0], t[1], beta, t[2]))[2];
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), "element " + i + " is " + actual[i]);
            assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }
}
