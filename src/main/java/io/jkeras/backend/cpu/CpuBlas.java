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
        CpuParallel.forItems(bands.count, 1, (s, e) -> {
            for (int p = s; p < e; p++) {
                int from = bands.start(p);
                int to = bands.start(p + 1);
                if (bands.byRows) {
                    long ap = a + 4L * (transA ? from : (long) from * lda);
                    gemm(transA, transB, to - from, n, k, alpha, ap, lda, b, ldb, beta, c + 4L * from * n, n);
                } else {
                    long bp = b + 4L * (transB ? (long) from * ldb : from);
                    gemm(transA, transB, m, to - from, k, alpha, a, lda, bp, ldb, beta, c + 4L * from, n);
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
            linearBand(m, n, k, x, w, bias, activation, p, z, y, 0, m, 0, n);
            return;
        }
        CpuParallel.forItems(bands.count, 1, (s, e) -> {
            for (int part = s; part < e; part++) {
                int from = bands.start(part);
                int to = bands.start(part + 1);
                if (bands.byRows) {
                    linearBand(m, n, k, x, w, bias, activation, p, z, y, from, to, 0, n);
                } else {
                    linearBand(m, n, k, x, w, bias, activation, p, z, y, 0, m, from, to);
                }
            }
        });
    }

    /** {@link #linear} on rows [r0, r1) and columns [c0, c1) of the output, on the calling thread. */
    private static void linearBand(int m, int n, int k, long x, long w, long bias, UnaryOp activation, float p,
                                   long z, long y, int r0, int r1, int c0, int c1) {
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
            gemm(false, false, rows, cols, k, 1f, x + 4L * r0 * k, k, w + 4L * c0, n, bias != 0 ? 1f : 0f, zBand, n);
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
            int status = engine == GemmEngine.JKERAS
                    ? NativeSgemm.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                    : NativeGemm.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            if (status != 0) {
                throw new IllegalStateException(engine.title + " failed with status " + status + " for " + m + "x" + n
                        + "x" + k + " (transA " + transA + ", transB " + transB + ")"
                        + (status == -1 && engine == GemmEngine.JKERAS ? ": out of memory for its packing buffers"
                        : ""));
            }
            return;
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, new AddressPointer(a), lda, new AddressPointer(b), ldb, beta, new AddressPointer(c), ldc);
    }
}
