package io.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Normal draws (Keras defaults mean 0, stddev 0.05); truncated at two deviations when asked. */
public final class RandomNormal implements Initializer {
    private final double mean;
    private final double stddev;
    private final boolean truncated;

    public RandomNormal(double mean, double stddev, boolean truncated) {
        if (stddev < 0) {
            throw new IllegalArgumentException("stddev must be >= 0, got " + stddev);
        }
        this.mean = mean;
        this.stddev = stddev;
        this.truncated = truncated;
    }

    /** Keras's config: mean and stddev (whether it is truncated is the class name, see {@link Initializers#serialize}). */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mean", mean);
        c.put("stddev", stddev);
        return c;
    }

    public boolean truncated() {
        return truncated;
    }

    @Override
    public float[] generate(int[] shape, long seed) {
        return truncated ? Sampling.truncatedNormal(shape, seed, mean, stddev) : Sampling.normal(shape, seed, mean, stddev);
    }
}
