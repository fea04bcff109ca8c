package io.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Uniform draws in [minval, maxval) (Keras defaults -0.05, 0.05). */
public final class RandomUniform implements Initializer {
    private final double minval;
    private final double maxval;

    public RandomUniform(double minval, double maxval) {
        if (maxval < minval) {
            throw new IllegalArgumentException("maxval must be >= minval, got minval=" + minval + ", maxval=" + maxval);
        }
        this.minval = minval;
        this.maxval = maxval;
    }

    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("minval", minval);
        c.put("maxval", maxval);
        return c;
    }

    @Override
    public float[] generate(int[] shape, long seed) {
        return Sampling.uniform(shape, seed, minval, maxval);
    }
}
