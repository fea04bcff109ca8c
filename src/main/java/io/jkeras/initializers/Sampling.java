package io.jkeras.initializers;

import java.util.SplittableRandom;

/** The random draws initializers share. */
final class Sampling {
    private Sampling() {
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static float[] uniform(int[] shape, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[size(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return out;
    }

    static float[] normal(int[] shape, long seed, double mean, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[size(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + std * gaussian(r));
        }
        return out;
    }

    /** Normal draws redrawn until within two standard deviations (TensorFlow's truncated_normal). */
    static float[] truncatedNormal(int[] shape, long seed, double mean, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[size(shape)];
        for (int i = 0; i < out.length; i++) {
            double g;
            do {
                g = gaussian(r);
            } while (Math.abs(g) > 2.0);
            out[i] = (float) (mean + std * g);
        }
        return out;
    }

    /** Box-Muller. */
    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
