package io.jkeras.bench;

import java.util.Random;

/** The protocol's synthetic data: standard normal inputs, uniform integer labels. */
final class Synthetic {
    private Synthetic() {
    }

    static float[] normal(int count, Random r) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static int[] labels(int count, int classes, Random r) {
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = r.nextInt(classes);
        }
        return y;
    }
}
