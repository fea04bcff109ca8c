package io.jkeras.initializers;

import java.util.Arrays;
import java.util.Map;

/** Keras's Identity(gain): gain times the identity matrix (2D weights only). */
public final class Identity implements Initializer {
    private final double gain;

    public Identity(double gain) {
        this.gain = gain;
    }

    public Map<String, Object> getConfig() {
        return Map.of("gain", gain);
    }

    @Override
    public float[] generate(int[] shape, long seed) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("The Identity initializer needs a 2D shape, got " + Arrays.toString(shape));
        }
        float[] out = new float[shape[0] * shape[1]];
        for (int i = 0; i < Math.min(shape[0], shape[1]); i++) {
            out[i * shape[1] + i] = (float) gain;
        }
        return out;
    }
}
