package io.jkeras.backend.cpu;

import java.util.Locale;

/**
 * The library that runs the CPU backend's GEMMs, chosen with {@code -Djkeras.cpu.gemm}:
 * {@code auto} (the default: jkeras's own sgemm where the CPU has AVX-512 and the kernel
 * library loaded, else OpenBLAS), {@code jkeras}, {@code openblas} or {@code dnnl} (oneDNN,
 * opt-in: see {@link NativeGemm}). A named engine that cannot run is an error when the backend
 * starts, never a silent fallback. The engines sum in different orders, so results differ within
 * float32 rounding, as between any two BLAS builds.
 */
enum GemmEngine {
    JKERAS("jkeras", "jkeras's AVX-512 sgemm (native/cpu/sgemm.c)"),
    OPENBLAS("openblas", "OpenBLAS"),
    DNNL("dnnl", "oneDNN (dnnl_sgemm)");

    static final String PROPERTY = "jkeras.cpu.gemm";

    private static volatile GemmEngine current;

    final String value;
    final String title;

    GemmEngine(String value, String title) {
        this.value = value;
        this.title = title;
    }

    /** Why this engine cannot run here, or null where it can. */
    String unavailableReason() {
        return switch (this) {
            case JKERAS -> NativeSgemm.unavailableReason();
            case OPENBLAS -> null;
            case DNNL -> NativeGemm.unavailableReason();
        };
    }

    /** The engine GEMMs go to: the property's, on first use. */
    static GemmEngine current() {
        GemmEngine engine = current;
        if (engine == null) {
            synchronized (GemmEngine.class) {
                if (current == null) {
                    current = chosen();
                }
                engine = current;
            }
        }
        return engine;
    }

    /**
     * Sends GEMMs to {@code engine} (for tests and benchmarks comparing engines).
     *
     * @throws IllegalStateException where it cannot run here
     */
    static void use(GemmEngine engine) {
        String why = engine.unavailableReason();
        if (why != null) {
            throw new IllegalStateException(engine.title + " cannot run GEMMs here: " + why);
        }
        synchronized (GemmEngine.class) {
            current = engine;
        }
    }

    /**
     * The engine the property names, or the best that runs here for {@code auto}.
     *
     * @throws IllegalArgumentException for a value other than auto, jkeras, openblas or dnnl
     * @throws IllegalStateException where the named engine cannot run here
     */
    static GemmEngine chosen() {
        String value = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return JKERAS.unavailableReason() == null ? JKERAS : OPENBLAS;
        }
        for (GemmEngine engine : values()) {
            if (engine.value.equals(value)) {
                String why = engine.unavailableReason();
                if (why != null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=" + value + ", but " + engine.title
                            + " cannot run here: " + why);
                }
                return engine;
            }
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, jkeras, openblas or dnnl; got \""
                + System.getProperty(PROPERTY) + "\"");
    }

    /** What runs the GEMMs, and for auto why jkeras's own does not where it does not. */
    static String describe() {
        GemmEngine engine = current();
        String why = JKERAS.unavailableReason();
        return "GEMM in " + engine.title + (engine == OPENBLAS && why != null ? " (jkeras's sgemm not used: " + why + ")"
                : "");
    }
}
