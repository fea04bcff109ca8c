package io.jkeras.backend.cpu;

/**
 * jkeras's own AVX-512 sgemm ({@code native/cpu/sgemm.c}, in the CPU kernel library): the CPU
 * backend's GEMM by default where the CPU has AVX-512 (see {@link GemmEngine}). On the 2-core
 * machine it runs the batch-sized GEMMs of training (32 rows: W4) at about twice OpenBLAS's
 * speed, reading the weights in place where OpenBLAS packs them for too few rows to pay, and
 * the large ones at OpenBLAS's speed or better, single-threaded; CpuBlas splits large GEMMs
 * over the cores as it does for the other engines.
 */
final class NativeSgemm {
    private NativeSgemm() {
    }

    /** Checked once, on first use (the JVM initialises a holder class once, thread-safely). */
    private static final class Check {
        static final String UNAVAILABLE = check();
    }

    /** Why this GEMM cannot run here (no kernel library, no AVX-512), or null where it can. */
    static String unavailableReason() {
        return Check.UNAVAILABLE;
    }

    private static String check() {
        String library = NativeKernels.unavailableReason();
        if (library != null) {
            return "the CPU kernel library did not load (" + library + ")";
        }
        return supported() ? null : "the CPU lacks AVX-512 (F, VL, DQ, BW) or FMA";
    }

    /** Whether the CPU runs the library's AVX-512 GEMM code. */
    private static native boolean supported();

    /**
     * {@code c = alpha op(a) op(b) + beta c}, row-major, on the calling thread; returns 0, or -1
     * where its per-thread packing buffers (about 3.2 MiB) could not be allocated.
     */
    static native int sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b,
                            int ldb, float beta, long c, int ldc);

    /** Floats that op(b), k x n, takes packed whole by {@link #packB}. */
    static native long packedFloats(int k, int n);

    /**
     * Packs columns [j0, j1) of op(b) (k x n; j0 a multiple of {@link #PANEL}) into
     * {@code packed} ({@link #packedFloats} floats): threads packing disjoint columns build one
     * copy that {@link #sgemmPacked} calls on every thread then read.
     */
    static native void packB(boolean transB, int k, int n, long b, int ldb, int j0, int j1, long packed);

    /** {@link #sgemm} with op(b) already packed whole by {@link #packB}. */
    static native int sgemmPacked(boolean transA, int m, int n, int k, float alpha, long a, int lda, long packed,
                                  float beta, long c, int ldc);

    /**
     * The columns of one packed panel of b (the micro-kernel's tile width, NR in sgemm.c). Java
     * constants, since the band arithmetic runs whatever the engine: NativeSgemmTest holds them
     * equal to the library's ({@link #panelColumns}, {@link #packBRows}).
     */
    static final int PANEL = 48;
    /** Rows of a below which the sgemm reads b in place, unpacked (JK_PACK_B_ROWS in sgemm.c). */
    static final int PACK_B_ROWS = 96;

    static native int panelColumns();

    static native int packBRows();
}
