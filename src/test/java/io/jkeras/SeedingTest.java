package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Utils.setRandomSeed makes initial weights, dropout masks and shuffling repeatable. */
class SeedingTest {

    private static Model build() {
        KerasTensor in = Input.of(6);
        KerasTensor h = new Dense(16).activation("relu").kernelInitializer("he_normal").apply(in);
        h = new Dropout(0.3).apply(h);
        h = new Dense(8).activation("tanh").biasInitializer("random_uniform").apply(h);
        KerasTensor out = new Dense(1).apply(h);
        return new Model(in, out);
    }

    private static List<float[]> weights(Model m) {
        return m.getWeights().stream().map(NDArray::toFloatArray).toList();
    }

    private static void assertSameWeights(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "weight " + i);
        }
    }

    private static boolean anyDifferent(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void sameSeedSameInitialWeights() {
        Utils.setRandomSeed(42);
        List<float[]> first;
        try (Model m = build()) {
            first = weights(m);
        }
        Utils.setRandomSeed(42);
        try (Model m = build()) {
            assertSameWeights(first, weights(m));
        }
        Utils.setRandomSeed(43);
        try (Model m = build()) {
            assertTrue(anyDifferent(first, weights(m)), "another seed gives other weights");
        }
    }

    /** Seeds, builds, and fits with dropout and shuffling; the trained weights. */
    private static List<float[]> trainedWeights(long buildSeed, long fitSeed) {
        Random r = new Random(0);
        int n = 64;
        float[] x = new float[n * 6];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = (float) r.nextGaussian();
            }
            y[i] = x[i * 6] - 0.5f * x[i * 6 + 3];
        }
        Utils.setRandomSeed(buildSeed);
        try (Model m = build()) {
            m.compile("adam", "mse");
            if (fitSeed != buildSeed) {
                Utils.setRandomSeed(fitSeed);
            }
            m.fit(NDArray.of(x, n, 6), NDArray.of(y, n, 1), new FitOptions().epochs(3).batchSize(16).shuffle(true)
                    .verbose(0));
            return weights(m);
        }
    }

    @Test
    void sameSeedSameTrainedWeightsWithDropoutAndShuffling() {
        List<float[]> first = trainedWeights(7, 7);
        assertSameWeights(first, trainedWeights(7, 7));
        // same initial weights and dropout seeds, but another shuffling order
        assertTrue(anyDifferent(first, trainedWeights(7, 8)), "the fit's shuffling follows the seed");
    }
}
