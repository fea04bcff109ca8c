package io.jkeras;

import io.jkeras.layers.LayerNames;
import io.jkeras.ops.RandomSeeds;

/** Keras's utilities: one-hot labels, the global seed, and resetting default names. */
public final class Utils {
    private Utils() {
    }

    /** {@code keras.utils.to_categorical}: an (n, numClasses) array of one-hot rows. */
    public static NDArray toCategorical(int[] labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        float[] out = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("label " + c + " at index " + i + " is outside [0, " + numClasses + ")");
            }
            out[i * numClasses + c] = 1f;
        }
        return NDArray.wrap(out, labels.length, numClasses);
    }

    /** Seeds every random choice made afterwards (initial weights, dropout masks, shuffling). */
    public static void setRandomSeed(long seed) {
        RandomSeeds.setSeed(seed);
    }

    /** Keras's {@code clear_session}: default layer names start again from {@code _1}. */
    public static void clearSession() {
        LayerNames.reset();
    }
}
