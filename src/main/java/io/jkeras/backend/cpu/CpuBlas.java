package io.jkeras.backend.cpu;

import io.jkeras.backend.UnaryOp;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision GEMM through the engine {@link GemmEngine} picks: jkeras's own AVX-512
 * sgemm where it runs, else the OpenBLAS bundled with {@code org.bytedeco:openblas} (its
 * {@code linux-x86_64} classifier), or oneDNN where asked for. Tensors are already in native
 * memory, so the engines read them in place: passing Java arrays instead would copy them on
 * every call.
 *
 * <p>Every engine runs single-threaded; a large GEMM is cut into row (or column) bands that
 * the {@link CpuParallel} threads multiply side by side. OpenBLAS's own worker threads
 * busy-wait for about 0.1 s after each call (its THREAD_TIMEOUT), so with them every Java
 * kernel that followed a GEMM ran with three busy threads on two cores: a W2 (small CNN)
 * training step took 70-95 ms that way and 51-61 ms with OpenBLAS single-threaded, measured
 * back to back on the 2-core machine.
 */
final class CpuBlas {
    /** From this many floats (1 MiB) a shared packed b is packed by all the threads. */
    static final long PARALLEL_PACK_FLOATS = 1L << 18;
    private static volatile int threads = 1;

    private CpuBlas() {
    }

    /** A view of native memory at a raw address; allocates nothing native and frees nothing. */
    private static final class AddressPointer extends FloatPointer {
        AddressPointer(long addr) {
            address = addr;
        }
    }

    /** {@code threads}: how many threads a large GEMM may be shared among ({@link GemmBands}). */
    static void init(int threads) {
        openblas_nolapack.blas_set_num_threads(1);
        CpuBlas.threads = Math.max(1, Math.min(threads, CpuParallel.THREADS));
    }

    /** Row-major {@code c = alpha * op(a) op(b) + beta * c}, split over the cores when large. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta,
                      long c) {
        GemmBands bands = GemmBands.of(m, n, k, threads);
        if (bands.count <= 1) {
            sgemmHere(transA, transB, m, n, k, alpha, a, b, beta, c);
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        long packedB = sharesPackedB(bands, m, transB) ? packShared(transB, k, n, b, ldb) : 0;
        GemmBands parts = packedB != 0 ? GemmBands.rows(m, threads) : bands;
        CpuParallel.forItems(parts.count, 1, (s, e) -> {
            for (int p = s; p < e; p++) {
                int from = parts.start(p);
                int to = parts.start(p + 1);
                if (parts.byRows) {
                    long ap = a + 4L * (transA ? from : (long) from * lda);
                    band(transA, transB, to - from, n, k, alpha, ap, lda, b, ldb, packedB, beta, c + 4L * from * n, n);
                } else {
                    long bp = b + 4L * (transB ? (long) from * ldb : from);
                    band(transA, transB, m, to - from, k, alpha, a, lda, bp, ldb, 0, beta, c + 4L * from, n);
                }
            }
        });
    }

    /**
     * {@code z = x w + bias}, then {@code y = activation(z)}: x (m, k), w (k, n), bias (n) or
     * 0, all row-major. Each band of the output is filled with the bias, multiplied onto it
     * (beta = 1) and activated by the thread that owns it, while it is still in that core's
     * cache: one dispatch and one trip through memory instead of three.
     */
    static void linear(int m, int n, int k, long x, long w, long bias, UnaryOp activation, float p, long z, long y) {
        GemmBands bands = GemmBands.of(m, n, k, threads);
        if (bands.count <= 1) {
            linearBand(m, n, k, x, w, 0, bias, activation, p, z, y, 0, m, 0, n);
            return;
        }
        long packedW = sharesPackedB(bands, m, false) ? packShared(false, k, n, w, n) : 0;
        GemmBands parts = packedW != 0 ? GemmBands.rows(m, threads) : bands;
        CpuParallel.forItems(parts.count, 1, (s, e) -> {
            for (int part = s; part < e; part++) {
                int from = parts.start(part);
                int to = parts.start(part + 1);
                if (parts.byRows) {
                    linearBand(m, n, k, x, w, packedW, bias, activation, p, z, y, from, to, 0, n);
                } else {
                    linearBand(m, n, k, x, w, 0, bias, activation, p, z, y, 0, m, from, to);
                }
            }
        });
    }

    /**
     * Whether row bands multiply by one copy of op(b) packed by all the threads together
     * ({@link #packShared}) rather than each band packing its own: with jkeras's sgemm, where
     * the bands would pack b anyway (more than {@link NativeSgemm#PACK_B_ROWS} rows each, or b
     * transposed). Besides packing b once instead of once per band, the rows can then be cut
     * into as many parts as balance the threads best: a band packing its own b had to stay long
     * (two bands for W1 predict's 1024 rows), and the thread that finished first waited for the
     * other. W1 predict on the 2-core machine: CPU time per call down 10% (waiting 6.6% of it,
     * now 3.8%; packing 5.9%, now 2.8%), wall time up 2% (median of 7 in-process runs of 40-60
     * alternations, 0.97 to 1.07); W1 train unchanged to 5% faster.
     */
    static boolean sharesPackedB(GemmBands bands, int m, boolean transB) {
        return bands.byRows && GemmEngine.current() == GemmEngine.JKERAS
                && (transB || m / bands.count > NativeSgemm.PACK_B_ROWS);
    }

    /**
     * op(b) (k x n) packed whole into the calling thread's {@link PackedOperand}: by all the
     * threads, a range of panels each, where it is large (a GEMM's threads pack it in a
     * fraction of the time one would), else by the caller alone (cheaper than a hand-off).
     */
    private static long packShared(boolean transB, int k, int n, long b, int ldb) {
        long floats = NativeSgemm.packedFloats(k, n);
        long packed = PackedOperand.of(floats);
        int panels = (n + NativeSgemm.PANEL - 1) / NativeSgemm.PANEL;
        if (floats < PARALLEL_PACK_FLOATS) {
            NativeSgemm.packB(transB, k, n, b, ldb, 0, n, packed);
        } else {
            CpuParallel.forItems(panels, 1, (s, e) -> NativeSgemm.packB(transB, k, n, b, ldb,
                    s * NativeSgemm.PANEL, Math.min(n, e * NativeSgemm.PANEL), packed));
        }
        return packed;
    }

    /**
     * One band of a split GEMM on the calling thread: by op(b) packed whole by
     * {@link #packShared} where {@code packedB} is not 0 (b is then not read), else through the
     * engine.
     */
    private static void band(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda,
                             long b, int ldb, long packedB, float beta, long c, int ldc) {
        if (packedB == 0) {
            gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        check(NativeSgemm.sgemmPacked(transA, m, n, k, alpha, a, lda, packedB, beta, c, ldc), GemmEngine.JKERAS, m, n,
                k, transA, transB);
    }

    /**
     * {@link #linear} on rows [r0, r1) and columns [c0, c1) of the output, on the calling
     * thread; {@code packedW}: w packed whole by {@link #packShared} (all columns), or 0.
     */
    private static void linearBand(int m, int n, int k, long x, long w, long packedW, long bias, UnaryOp activation,
                                   float p, long z, long y, int r0, int r1, int c0, int c1) {
        int rows = r1 - r0;
        int cols = c1 - c0;
        if (rows == 0 || cols == 0) {
            return;
        }
        long zBand = z + 4L * ((long) r0 * n + c0);
        if (bias != 0) {
            for (int r = 0; r < rows; r++) {
                OffHeap.copy(bias + 4L * c0, zBand + 4L * r * n, 4L * cols);
            }
        }
        if (k > 0) {
            band(false, false, rows, cols, k, 1f, x + 4L * r0 * k, k, w + 4L * c0, n, packedW, bias != 0 ? 1f : 0f,
                    zBand, n);
        } else if (bias == 0) {
            for (int r = 0; r < rows; r++) {
                CpuElementwise.fillHere(zBand + 4L * r * n, 0f, cols);
            }
        }
        if (activation != null) {
            long yBand = y + 4L * ((long) r0 * n + c0);
            if (cols == n) {
                CpuElementwise.unaryHere(activation, p, zBand, yBand, rows * n);
            } else {
                for (int r = 0; r < rows; r++) {
                    CpuElementwise.unaryHere(activation, p, zBand + 4L * r * n, yBand + 4L * r * n, cols);
                }
            }
        }
    }

    /** {@link #sgemm} on the calling thread only, for callers that already split their work over the cores. */
    static void sgemmHere(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b,
                          float beta, long c) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (beta == 0f) {
                CpuElementwise.fill(c, 0f, m * n);
            } else {
                CpuElementwise.affine(c, beta, 0f, c, m * n);
            }
            return;
        }
        gemm(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
    }

    private static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b,
                             int ldb, float beta, long c, int ldc) {
        GemmEngine engine = GemmEngine.current();
        if (engine != GemmEngine.OPENBLAS) {
            check(engine == GemmEngine.JKERAS
                    ? NativeSgemm.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                    : NativeGemm.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc),
                    engine, m, n, k, transA, transB);
            return;
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, new AddressPointer(a), lda, new AddressPointer(b), ldb, beta, new AddressPointer(c), ldc);
    }

    private static void check(int status, GemmEngine engine, int m, int n, int k, boolean transA, boolean transB) {
        if (status != 0) {
            throw new IllegalStateException(engine.title + " failed with status " + status + " for " + m + "x" + n
                    + "x" + k + " (transA " + transA + ", transB " + transB + ")"
                    + (status == -1 && engine == GemmEngine.JKERAS ? ": out of memory for its packing buffers" : ""));
        }
    }
}
