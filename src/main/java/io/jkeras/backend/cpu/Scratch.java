package io.jkeras.backend.cpu;

/**
 * Per-thread heap arrays the kernels compute in (see {@link OffHeap} for why). They grow
 * to the largest request seen and are never shrunk, so steady-state kernels allocate nothing.
 */
final class Scratch {
    /** Floats per chunk of an elementwise kernel: 4 arrays of it stay in a 48 KiB L1. */
    static final int CHUNK = 2048;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][] arrays = new float[6][];

    static Scratch get() {
        return LOCAL.get();
    }

    /** Scratch array number {@code slot} (0-5) with room for at least {@code n} floats. */
    float[] array(int slot, int n) {
        float[] a = arrays[slot];
        if (a == null || a.length < n) {
            a = new float[Math.max(n, CHUNK)];
            arrays[slot] = a;
        }
        return a;
    }
}
