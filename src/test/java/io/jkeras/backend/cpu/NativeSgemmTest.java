package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jkeras's sgemm computes the definition (to float32 rounding, against sums in double) for
 * every transpose and shape class its blocking distinguishes: partial tiles of 1..8 rows and
 * 1..48 columns, more than one block of k (512), of rows (1024) and of columns (480, where b's
 * whole width does not fit a block), b read in place (few rows) or packed (more rows, or rows 4
 * KiB apart), a read in place or packed (transposed, or rows 4 KiB apart); on sub-matrices (leading
 * dimensions wider than the rows) without touching what lies between them; and it follows
 * BLAS on alpha and beta: beta = 0 ignores c (NaN included), alpha = 0 or k = 0 scales c;
 * subnormals are zero inside it (flush-to-zero, denormals-are-zero) and only there.
 */
class NativeSgemmTest {

    @BeforeEach
    void needsAvx512() {
        assumeTrue(NativeSgemm.unavailableReason() == null, "jkeras's sgemm cannot run: "
                + NativeSgemm.unavailableReason());
    }

    /** The band arithmetic (GemmBands, CpuBlas) runs on Java copies of the kernel's tile width and packing threshold. */
    @Test
    void javaMirrorsOfTheKernelsConstantsMatchIt() {
        assertEquals(NativeSgemm.panelColumns(), NativeSgemm.PANEL);
        assertEquals(NativeSgemm.packBRows(), NativeSgemm.PACK_B_ROWS);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} alpha={5} beta={6}")
    @CsvSource({
        "1, 1, 1, false, false, 1, 0",
        "8, 48, 256, false, false, 1, 0",
        "32, 512, 784, false, false, 1, 0",
        "32, 784, 512, false, true, 1, 0",
        "784, 512, 32, true, false, 1, 1",
        "7, 17, 5, false, false, 0.5, 2",
        "9, 49, 257, true, false, -1, 0.25",
        "13, 33, 300, false, true, 1, 1",
        "15, 47, 3, true, true, 2, 0",
        "97, 100, 513, false, false, 1, -1",
        "150, 3100, 20, false, false, 1, 0",
        "150, 1030, 270, true, true, 0.5, 1",
        "300, 95, 64, false, true, 1, 0",
        "145, 16, 1, true, false, 1, 0.5",
        "173, 200, 33, true, false, 1, 0",
        "100, 200, 1024, false, false, 1, 0.5",
        "130, 600, 600, false, false, 1, 0",
        "200, 530, 600, false, false, 1, 1",
        "100, 1100, 600, true, true, 1, 0.5",
        "1030, 100, 30, false, false, 1, 0",
        "1030, 70, 530, true, false, 1, 1",
        "40, 1024, 50, false, false, 1, 0.5",
        "31, 1024, 50, false, false, 1, 0",
    })
    void matchesDefinition(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta) {
        check(m, n, k, transA, transB, alpha, beta, 0);
    }

    /**
     * Every tile the kernel has: 1..8 rows (and 8 + 1) by 1..48 columns, the widths of whole
     * vectors (16, 32, 48: unmasked loads of b) and the rest (masked), with b read in place and
     * packed (transposed), and gaps after each row that a store past the tile would change.
     */
    @Test
    void everyTileShape() {
        for (int m = 1; m <= 9; m++) {
            for (int n = 1; n <= 48; n++) {
                check(m, n, 5, false, false, 1f, 0.5f, 3);
                check(m, n, 5, true, true, 1f, 0f, 3);
            }
        }
    }

    /** Leading dimensions 5 wider than the rows: the gaps between rows stay as they were. */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @CsvSource({
        "20, 60, 30, false, false",
        "20, 60, 30, true, true",
        "200, 1100, 40, false, true",
        "200, 1100, 40, true, false",
    })
    void subMatrices(int m, int n, int k, boolean transA, boolean transB) {
        check(m, n, k, transA, transB, 1f, 0.5f, 5);
    }

    /**
     * A product written in one pass and large enough (beta 0, one block of k, 2^20 floats of c
     * or more) goes out with streaming stores where c's rows start on 64-byte lines: full tiles
     * streamed, edge tiles (the last 7 rows, the last 32 columns) stored plainly. The same
     * product at a c 4 bytes off a line takes plain stores only. Both give the same bits, and
     * the definition's values.
     */
    @Test
    void streamedProductsMatchPlainOnes() {
        int m = 1031;
        int n = 1040;
        int k = 7;
        Random r = new Random(5);
        float[] a = random(r, k * m);
        float[] b = random(r, k * n);
        float[] streamed = productAt(0, a, b, m, n, k);
        float[] plain = productAt(4, a, b, m, n, k);
        for (int i = 0; i < m * n; i++) {
            assertEquals(Float.floatToRawIntBits(plain[i]), Float.floatToRawIntBits(streamed[i]), "c[" + i + "]");
        }
        for (int i = 0; i < m; i += 5) {
            for (int j = i % 7; j < n; j += 7) {
                double sum = 0;
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    double product = (double) a[p * m + i] * b[p * n + j];
                    sum += product;
                    scale += Math.abs(product);
                }
                assertEquals(sum, streamed[i * n + j], 1e-6 * scale + 1e-30, "c[" + i + ", " + j + "]");
            }
        }
    }

    /** op(a) b, a transposed (k x m), beta 0, into a c of NaNs starting offset bytes past a 64-byte line. */
    private static float[] productAt(int offset, float[] a, float[] b, int m, int n, int k) {
        float[] c = new float[m * n];
        Arrays.fill(c, Float.NaN);
        NativeTensors.run(new float[][] {a, b}, true, t -> {
            long raw = OffHeap.allocate(4L * c.length + 128);
            try {
                long at = ((raw + 63) & -64L) + offset;
                OffHeap.put(c, 0, at, c.length);
                assertEquals(0, NativeSgemm.sgemm(true, false, m, n, k, 1f, t[0], m, t[1], n, 0f, at, n));
                OffHeap.get(at, c, 0, c.length);
            } finally {
                OffHeap.free(raw);
            }
        });
        return c;
    }

    @Test
    void alphaZeroAndEmptyKScaleC() {
        float[] c = {1f, -2f, 3f, Float.NaN};
        float[] nan = {Float.NaN, Float.NaN};
        assertEquals(Arrays.toString(new float[] {2f, -4f, 6f, Float.NaN}),
                Arrays.toString(gemm(false, false, 2, 2, 1, 0f, nan, 1, nan, 2, 2f, c, 2)));
        assertEquals(Arrays.toString(new float[] {0.5f, -1f, 1.5f, Float.NaN}),
                Arrays.toString(gemm(false, false, 2, 2, 0, 1f, new float[1], 1, new float[1], 2, 0.5f, c, 2)));
        assertEquals(Arrays.toString(new float[4]),
                Arrays.toString(gemm(false, false, 2, 2, 0, 1f, new float[1], 1, new float[1], 2, 0f, c, 2)));
    }

    /**
     * Subnormals count as zero, in and out, inside the GEMM only: the thread's own arithmetic
     * (Java's) keeps them after the call.
     */
    @Test
    void subnormalsAreZeroInsideOnly() {
        float subnormal = Float.MIN_NORMAL / 4;
        float[] out = gemm(false, false, 1, 2, 1, 1f, new float[] {1f}, 1, new float[] {subnormal, 1e-20f}, 2, 0f,
                new float[2], 2);
        assertEquals(0f, out[0], "a subnormal input");
        float[] tiny = gemm(false, false, 1, 1, 1, 1f, new float[] {1e-20f}, 1, new float[] {1e-20f}, 1, 0f,
                new float[1], 1);
        assertEquals(0f, tiny[0], "a product below the normal range");
        float[] operands = {1e-20f, Float.MIN_NORMAL / 4};
        assertTrue(operands[0] * operands[0] > 0f, "Java still makes subnormals after the call");
        assertTrue(operands[1] * 2f > operands[1], "Java still reads subnormals after the call");
    }

    private static void check(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta, int pad) {
        Random r = new Random(31L * m + 7L * n + k);
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + pad;
        float[] a = random(r, (transA ? k : m) * lda);
        float[] b = random(r, (transB ? n : k) * ldb);
        float[] c = random(r, m * ldc);
        if (beta == 0f) {
            Arrays.fill(c, Float.NaN);
        }
        float[] out = gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                if (j >= n) {
                    assertEquals(Float.floatToRawIntBits(c[i * ldc + j]), Float.floatToRawIntBits(out[i * ldc + j]),
                            "gap c[" + i + ", " + j + "] changed");
                    continue;
                }
                double sum = 0;
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    double product = (double) (transA ? a[p * lda + i] : a[i * lda + p])
                            * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                    sum += product;
                    scale += Math.abs(product);
                }
                double old = beta == 0f ? 0 : beta * c[i * ldc + j];
                double expected = alpha * sum + old;
                double tolerance = 1e-6 * (Math.abs(alpha) * scale + Math.abs(old)) + 1e-30;
                assertTrue(Math.abs(out[i * ldc + j] - expected) <= tolerance, "c[" + i + ", " + j + "] = "
                        + out[i * ldc + j] + ", expected " + expected + " within " + tolerance);
            }
        }
    }

    private static float[] gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
                                float[] b, int ldb, float beta, float[] c, int ldc) {
        return NativeTensors.run(new float[][] {a, b, c}, true, t -> assertEquals(0,
                NativeSgemm.sgemm(transA, transB, m, n, k, alpha, t[0], lda, t[1], ldb, beta, t[2], ldc)))[2];
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }
}
