package io.jkeras.backend;

/**
 * A counter-based generator: the n-th number of a stream is a pure function of (seed, n),
 * so any element can be drawn independently, in any order, on any device, and a kernel
 * can redraw a dropout mask in the backward pass instead of storing it. The mixing function
 * is SplitMix64's finaliser (Steele, Lea and Flood 2014); CUDA kernels use the same one.
 */
public final class CounterRng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private CounterRng() {
    }

    public static long bits(long seed, long counter) {
        long z = seed + (counter + 1) * GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A float uniform in [0, 1) with 24 random bits. */
    public static float uniform(long seed, long counter) {
        return (bits(seed, counter) >>> 40) * 0x1.0p-24f;
    }
}
