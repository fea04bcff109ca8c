package io.jkeras.initializers;

/**
 * Produces the starting values of a weight on the host, from a seed: the same seed gives the
 * same weights on every device. Implementations must be pure functions of (shape, seed).
 */
@FunctionalInterface
public interface Initializer {
    float[] generate(int[] shape, long seed);
}
