package io.jkeras.losses;

import static io.jkeras.losses.Arrays2.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.metrics.Mean;
import io.jkeras.ops.MathOps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loss objects: reductions with sample weights, Keras's worked examples, names and options. */
class LossTest {
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static float value(Loss loss, Tensor yTrue, Tensor yPred, Tensor w) {
        return loss.apply(yTrue, yPred, w).item();
    }

    @Test
    void reductionsWithSampleWeights() {
        // per-sample mse: [1, 4, 0.25]
        Tensor yt = t(new float[] {0, 0, 1, 1, 2, 2}, 3, 2);
        Tensor yp = t(new float[] {1, -1, 3, -1, 2.5f, 1.5f}, 3, 2);
        Tensor w = t(new float[] {2, 0.5f, 4}, 3);
        double weightedSum = 2 * 1 + 0.5 * 4 + 4 * 0.25;
        assertEquals(5.25 / 3, value(new MeanSquaredError(), yt, yp, null), 1e-6);
        assertEquals(weightedSum / 3, value(new MeanSquaredError(), yt, yp, w), 1e-6, "sum(w * l) / size(l), not / sum(w)");
        assertEquals(weightedSum, value(new MeanSquaredError().reduction(Loss.Reduction.SUM), yt, yp, w), 1e-6);
        assertEquals(weightedSum / 3, value(new MeanSquaredError().reduction(Loss.Reduction.NONE), yt, yp, w), 1e-6);
        // (B, 1) weights lose their trailing axis
        assertEquals(weightedSum / 3, value(new MeanSquaredError(), yt, yp, t(new float[] {2, 0.5f, 4}, 3, 1)), 1e-6);
        // zero weights shrink the loss rather than being left out
        assertEquals(4.0 / 3, value(new MeanSquaredError(), yt, yp, t(new float[] {0, 1, 0}, 3)), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().reduction(null));
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().apply(yt, yp, t(new float[] {1, 1, 1, 1, 1, 1}, 3, 2, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().apply(yt, yp, t(new float[] {1, 1}, 2)));
        // (B, 2) weights would stretch (B) values to (B, 2)
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().apply(t(new float[3], 3, 1), t(new float[3], 3, 1), t(new float[6], 3, 2)));
    }

    @Test
    void temporalWeights() {
        // (B, T, C) = (2, 2, 1): per-step values are the squared errors
        Tensor yt = t(new float[] {0, 0, 0, 0}, 2, 2, 1);
        Tensor yp = t(new float[] {1, 2, 3, 4}, 2, 2, 1);
        Tensor w = t(new float[] {1, 0, 0.5f, 2}, 2, 2);
        assertEquals((1 + 0 + 4.5 + 32) / 4, value(new MeanSquaredError(), yt, yp, w), 1e-6);
        // per-sample weights on per-step values
        assertEquals((1 + 4 + 2 * (9 + 16)) / 4.0, value(new MeanSquaredError(), yt, yp, t(new float[] {1, 2}, 2)), 1e-6);
    }

    @Test
    void huberWeightsBroadcastOverItsElements() {
        // elementwise values [[0.5, 1.5], [0.125, 0]]
        Tensor yt = t(new float[] {0, 0, 0, 0}, 2, 2);
        Tensor yp = t(new float[] {1, -2, 0.5f, 0}, 2, 2);
        Tensor w = t(new float[] {2, 4}, 2);
        assertEquals((2 * (0.5 + 1.5) + 4 * 0.125) / 4, value(new Huber(), yt, yp, w), 1e-6);
        assertEquals(2 * (0.5 + 1.5) + 4 * 0.125, value(new Huber().reduction(Loss.Reduction.SUM), yt, yp, w), 1e-6);
        // delta 0.5: 0.5 * 0.25 + 0.5 * (|d| - 0.5)
        assertEquals((0.375 + 0.875 + 0.125 + 0) / 4, value(new Huber().delta(0.5f), yt, yp, null), 1e-6);
        // (B) weights on (B, T, C) values get two trailing axes
        Tensor yt3 = t(new float[8], 2, 2, 2);
        Tensor yp3 = t(new float[] {1, 1, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f}, 2, 2, 2);
        assertEquals((4 * 0.5 * 3 + 4 * 0.125) / 8, value(new Huber(), yt3, yp3, t(new float[] {3, 1}, 2)), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new Huber().delta(0f));
    }

    /** Keras-semantics 4.4: y_pred = 3x for x = [1, 2, 3, 4], mse, with and without weights. */
    @Test
    void workedExampleA() {
        Tensor yPred = t(new float[] {3, 6, 9, 12}, 4, 1);
        Tensor y1 = t(new float[] {2, 4, 6, 8}, 4, 1);
        Tensor y2 = t(new float[] {1, 2, 3, 4}, 4, 1);
        Loss mse = Losses.get("mse");
        float l1 = value(mse, y1, yPred, null);
        float l2 = value(mse, y2, yPred, null);
        assertEquals(7.5, l1, 1e-5);
        assertEquals(30, l2, 1e-5);
        assertEquals(37.5, l1 + l2, 1e-5);
        float w1 = value(mse, y1, yPred, t(new float[] {2, 3, 4, 5}, 4));
        float w2 = value(mse, y2, yPred, t(new float[] {3.5f, 2.5f, 1.5f, 0.5f}, 4));
        assertEquals(32.5, w1, 1e-5);
        assertEquals(35, w2, 1e-5);
        assertEquals(67.5, w1 + w2, 1e-5);
        // weights on output 2 only
        assertEquals(42.5, l1 + w2, 1e-5);
    }

    /**
     * Keras-semantics 4.5: five samples in batches of 2, 2, 1; the epoch's loss is the
     * batch-size-weighted mean of the batch losses: [144, 56, 88], with reduction sum [198, 82, 116].
     */
    @Test
    void workedExampleB() {
        float[] x = {1, 2, 3, 4, 5};
        float[] sw1 = {2, 3, 4, 5, 6};
        float[] sw2 = {3.5f, 2.5f, 1.5f, 0.5f, 3};
        for (Loss.Reduction red : List.of(Loss.Reduction.SUM_OVER_BATCH_SIZE, Loss.Reduction.SUM)) {
            Loss mse = new MeanSquaredError().reduction(red);
            try (Mean total = new Mean("loss"); Mean out1 = new Mean("output_1_loss"); Mean out2 = new Mean("output_2_loss")) {
                for (int start = 0; start < 5; start += 2) {
                    int n = Math.min(2, 5 - start);
                    float[] pred = new float[n];
                    float[] t1 = new float[n];
                    float[] t2 = new float[n];
                    float[] w1 = new float[n];
                    float[] w2 = new float[n];
                    for (int i = 0; i < n; i++) {
                        pred[i] = 3 * x[start + i];
                        t1[i] = 2 * x[start + i];
                        t2[i] = x[start + i];
                        w1[i] = sw1[start + i];
                        w2[i] = sw2[start + i];
                    }
                    Tensor yPred = t(pred, n, 1);
                    Tensor l1 = mse.apply(t(t1, n, 1), yPred, t(w1, n));
                    Tensor l2 = mse.apply(t(t2, n, 1), yPred, t(w2, n));
                    Tensor batch = MathOps.scalar(yPred.backend(), n);
                    out1.update(l1, batch);
                    out2.update(l2, batch);
                    total.update(MathOps.add(l1, l2), batch);
                }
                double[] expected = red == Loss.Reduction.SUM ? new double[] {198, 82, 116} : new double[] {144, 56, 88};
                assertEquals(expected[0], total.result(), 1e-4, red.name());
                assertEquals(expected[1], out1.result(), 1e-4, red.name());
                assertEquals(expected[2], out2.result(), 1e-4, red.name());
            }
        }
    }

    @Test
    void namesResolveToKerasFunctionNames() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("mse", "mean_squared_error"), Map.entry("MSE", "mean_squared_error"),
                Map.entry("mean_squared_error", "mean_squared_error"),
                Map.entry("mae", "mean_absolute_error"), Map.entry("MAE", "mean_absolute_error"),
                Map.entry("mean_absolute_error", "mean_absolute_error"),
                Map.entry("mape", "mean_absolute_percentage_error"), Map.entry("MAPE", "mean_absolute_percentage_error"),
                Map.entry("mean_absolute_percentage_error", "mean_absolute_percentage_error"),
                Map.entry("msle", "mean_squared_logarithmic_error"), Map.entry("MSLE", "mean_squared_logarithmic_error"),
                Map.entry("mean_squared_logarithmic_error", "mean_squared_logarithmic_error"),
                Map.entry("squared_hinge", "squared_hinge"), Map.entry("hinge", "hinge"),
                Map.entry("categorical_hinge", "categorical_hinge"), Map.entry("logcosh", "logcosh"),
                Map.entry("huber_loss", "huber_loss"),
                Map.entry("categorical_crossentropy", "categorical_crossentropy"),
                Map.entry("sparse_categorical_crossentropy", "sparse_categorical_crossentropy"),
                Map.entry("binary_crossentropy", "binary_crossentropy"),
                Map.entry("kld", "kullback_leibler_divergence"), Map.entry("KLD", "kullback_leibler_divergence"),
                Map.entry("kullback_leibler_divergence", "kullback_leibler_divergence"),
                Map.entry("poisson", "poisson"),
                Map.entry("cosine", "cosine_proximity"), Map.entry("cosine_similarity", "cosine_proximity"),
                Map.entry("cosine_proximity", "cosine_proximity"));
        assertEquals(expected.keySet(), Losses.names());
        int[] out = {-1, 5};
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Loss loss = Losses.get(e.getKey());
            assertEquals(e.getValue(), loss.name(), e.getKey());
            assertEquals(Loss.Reduction.SUM_OVER_BATCH_SIZE, loss.reduction());
            int[] target = e.getValue().equals("sparse_categorical_crossentropy") ? new int[] {-1, 1} : out;
            assertArrayEquals(target, loss.targetShape(out), e.getKey());
        }
        assertTrue(Losses.get("mse") != Losses.get("mse"), "each call gives a fresh loss");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Losses.get("mean_squared"));
        assertEquals("Unknown loss function:mean_squared", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.get("Mse"));
        assertThrows(IllegalArgumentException.class, () -> Losses.get(null));
    }

    @Test
    void classesHaveKerasNamesAndTargetShapes() {
        Map<Loss, String> classes = Map.ofEntries(
                Map.entry(new MeanSquaredError(), "mean_squared_error"),
                Map.entry(new MeanAbsoluteError(), "mean_absolute_error"),
                Map.entry(new MeanAbsolutePercentageError(), "mean_absolute_percentage_error"),
                Map.entry(new MeanSquaredLogarithmicError(), "mean_squared_logarithmic_error"),
                Map.entry(new Hinge(), "hinge"), Map.entry(new SquaredHinge(), "squared_hinge"),
                Map.entry(new CategoricalHinge(), "categorical_hinge"), Map.entry(new LogCosh(), "logcosh"),
                Map.entry(new Huber(), "huber_loss"), Map.entry(new CategoricalCrossentropy(), "categorical_crossentropy"),
                Map.entry(new SparseCategoricalCrossentropy(), "sparse_categorical_crossentropy"),
                Map.entry(new BinaryCrossentropy(), "binary_crossentropy"),
                Map.entry(new KLDivergence(), "kullback_leibler_divergence"), Map.entry(new Poisson(), "poisson"),
                Map.entry(new CosineSimilarity(), "cosine_similarity"));
        int[] out = {-1, 7, 3};
        for (Map.Entry<Loss, String> e : classes.entrySet()) {
            assertEquals(e.getValue(), e.getKey().name());
            int[] target = e.getKey() instanceof SparseCategoricalCrossentropy ? new int[] {-1, 7, 1} : out;
            assertArrayEquals(target, e.getKey().targetShape(out), e.getValue());
        }
        assertEquals("my_loss", new Poisson("my_loss").name());
        assertNull(new LossFunctionWrapper("custom", LossFunctions::poisson).targetShape(out), "custom functions are not checked");
    }

    @Test
    void classesMatchTheirFunctions() {
        Tensor yt = t(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);
        Tensor yp = t(new float[] {0.2f, 0.7f, 0.1f, 0.5f, 0.3f, 0.2f}, 2, 3);
        Tensor z = t(new float[] {-1, 2, 0.5f, 1, 0, -2}, 2, 3);
        assertEquals(LossFunctions.meanSquaredError(yt, yp).toFloatArray()[1], new MeanSquaredError().call(yt, yp).toFloatArray()[1]);
        assertArrayEquals(LossFunctions.categoricalCrossentropy(yt, z, true, 0.1f).toFloatArray(),
                new CategoricalCrossentropy().fromLogits(true).labelSmoothing(0.1f).call(yt, z).toFloatArray());
        assertArrayEquals(LossFunctions.binaryCrossentropy(yt, z, true, 0.3f).toFloatArray(),
                new BinaryCrossentropy().labelSmoothing(0.3f).fromLogits(true).call(yt, z).toFloatArray());
        Tensor labels = t(new float[] {1, 0}, 2, 1);
        assertArrayEquals(LossFunctions.sparseCategoricalCrossentropy(labels, z, true).toFloatArray(),
                new SparseCategoricalCrossentropy().fromLogits(true).call(labels, z).toFloatArray());
        assertArrayEquals(LossFunctions.cosineProximity(yt, yp).toFloatArray(), new CosineSimilarity().call(yt, yp).toFloatArray());
        // fluent options keep the subclass type after reduction(...)
        CategoricalCrossentropy cce = new CategoricalCrossentropy().reduction(Loss.Reduction.SUM).fromLogits(true);
        assertEquals(Loss.Reduction.SUM, cce.reduction());
        assertThrows(IllegalArgumentException.class, () -> new BinaryCrossentropy().labelSmoothing(1.5f));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossentropy().labelSmoothing(-0.1f));
    }

    @Test
    void crossentropyKindsAreRecognised() {
        assertTrue(Losses.isSparseCategorical(Losses.get("sparse_categorical_crossentropy")));
        assertTrue(Losses.isSparseCategorical(new SparseCategoricalCrossentropy("renamed")));
        assertTrue(Losses.isBinaryCrossentropy(Losses.get("binary_crossentropy")));
        assertTrue(Losses.isBinaryCrossentropy(new BinaryCrossentropy().fromLogits(true)));
        assertTrue(Losses.isCategoricalCrossentropy(Losses.get("categorical_crossentropy")));
        assertTrue(Losses.isCategoricalCrossentropy(new CategoricalCrossentropy()));
        assertFalse(Losses.isBinaryCrossentropy(Losses.get("mse")));
        assertFalse(Losses.isBinaryCrossentropy(null));
        // a user function is not Keras's, whatever its name (Keras compares the function itself)
        assertFalse(Losses.isBinaryCrossentropy(new LossFunctionWrapper("binary_crossentropy",
                (a, b) -> LossFunctions.binaryCrossentropy(a, b))));
        assertFalse(Losses.isSparseCategorical(Losses.get("categorical_crossentropy")));
    }

    @Test
    void wrapperAlignsATrailingOne() {
        // (B) targets against a (B, 1) output: per-sample values, not a (B, B) broadcast
        Tensor v = Losses.get("mse").call(t(new float[] {1, 2, 3}, 3), t(new float[] {2, 2, 5}, 3, 1));
        assertArrayEquals(new int[] {}, v.shape());
        assertEquals(5.0 / 3, v.item(), 1e-6);
    }
}
