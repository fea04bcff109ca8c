package io.jkeras.backend.cpu;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * oneDNN's {@code dnnl_sgemm} (from {@code org.bytedeco:dnnl}) as a GEMM engine of the CPU
 * backend, opt-in with {@code -Djkeras.cpu.gemm=dnnl} (see {@link GemmEngine}): called through
 * the CPU kernel library ({@code native/cpu/gemm.c}) single-threaded on the calling thread,
 * since {@link CpuBlas} splits GEMMs over the cores itself. The DNNL jars are optional
 * dependencies, loaded only when this engine is asked for.
 *
 * <p>Why: on the 2-core machine, one GEMM split in two bands ran at 231 against OpenBLAS's 165
 * GFLOP/s for W5's 512x4096x4096, 206 against 140 for W1's 128x512x784 and 157 against 87 for
 * W4's 32x512x784 (medians of 9 alternations); it is the GEMM TensorFlow and PyTorch use on x86
 * CPUs. Why not by default: with Java Flight Recorder sampling (its default profile), a process
 * that calls this DNNL build's {@code dnnl_sgemm} from Java threads aborts on a corrupted C heap
 * in about half of its runs, with JavaCPP 1.5.12 as with 1.5.13, through the JavaCPP binding as
 * through gemm.c, and never with OpenBLAS (measured: 5-6 runs each way); without JFR, and
 * under glibc's malloc checking, no run failed. A GEMM that can take the JVM down with a
 * profiler attached is not a default.
 */
final class NativeGemm {
    private static final String DNNL_CLASS = "org.bytedeco.dnnl.global.dnnl";

    private NativeGemm() {
    }

    /** Loaded once, on first use (the JVM initialises a holder class once, thread-safely). */
    private static final class Load {
        static final String UNAVAILABLE = load();
    }

    /** Loads and binds oneDNN on first call; why it cannot run here, or null where it can. */
    static String unavailableReason() {
        return Load.UNAVAILABLE;
    }

    private static String load() {
        String library = NativeKernels.unavailableReason();
        if (library != null) {
            return "the CPU kernel library did not load (" + library + ")";
        }
        try {
            loadQuietly();
        } catch (ClassNotFoundException | LinkageError e) {
            return "the DNNL preset (org.bytedeco:dnnl and its linux-x86_64 natives) did not load: " + e;
        }
        return bind();
    }

    /**
     * Loads the DNNL preset's libraries, keeping JavaCPP's line about the preset being built
     * for JavaCPP 1.5.12 off standard error (no DNNL preset exists for 1.5.13; the C API used
     * here is unaffected). Every other line passes through.
     */
    private static void loadQuietly() throws ClassNotFoundException {
        PrintStream err = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
        try {
            Class.forName(DNNL_CLASS, true, NativeGemm.class.getClassLoader());
        } finally {
            System.setErr(err);
            for (String line : held.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !(line.startsWith("Warning: Versions of org.bytedeco:javacpp:")
                        && line.endsWith("do not match."))) {
                    err.println(line);
                }
            }
        }
    }

    /** Finds dnnl_sgemm and omp_set_num_threads in the loaded libraries; null, or why not. */
    private static native String bind();

    /**
     * {@code c = alpha op(a) op(b) + beta c}, row-major, on the calling thread; returns
     * oneDNN's status (0 for success).
     */
    static native int sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b,
                            int ldb, float beta, long c, int ldc);
}
