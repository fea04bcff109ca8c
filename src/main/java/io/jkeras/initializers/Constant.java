package io.jkeras.initializers;

import java.util.Arrays;
import java.util.Map;

/** Every value the same: Keras's Zeros, Ones and Constant(value). */
public final class Constant implements Initializer {
    private final float value;

    public Constant(double value) {
        this.value = (float) value;
    }

    public Map<String, Object> getConfig() {
        return Map.of("value", value);
    }

    @Override
    public float[] generate(int[] shape, long seed) {
        float[] out = new float[Sampling.size(shape)];
        Arrays.fill(out, value);
        return out;
    }
}
