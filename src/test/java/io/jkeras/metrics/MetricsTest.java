package io.jkeras.metrics;

import static io.jkeras.losses.Arrays2.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.losses.Loss;
import io.jkeras.losses.LossFunctions;
import io.jkeras.losses.Losses;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stateful metrics: weighted accumulation, reset, copies, and name resolution. */
class MetricsTest {
    private static final int[] ONE_UNIT = {-1, 1};
    private static final int[] THREE_UNITS = {-1, 3};
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    @Test
    void weightedAccumulationAcrossBatchesAndReset() {
        try (BinaryAccuracy acc = new BinaryAccuracy()) {
            assertTrue(Double.isNaN(acc.result()), "nothing seen: 0 / 0");
            // per-sample values [1, 0, 1] then [0, 1]
            acc.updateState(t(new float[] {1, 0, 1}, 3, 1), t(new float[] {0.8f, 0.6f, 0.7f}, 3, 1), t(new float[] {1, 2, 3}, 3));
            assertEquals(4.0 / 6, acc.result(), 1e-6);
            acc.updateState(t(new float[] {1, 0}, 2, 1), t(new float[] {0.2f, 0.1f}, 2, 1), t(new float[] {0.5f, 4}, 2, 1));
            assertEquals((4 + 4) / 10.5, acc.result(), 1e-6);
            assertArrayEquals(new double[] {8, 10.5}, acc.totals(), 1e-6);
            acc.resetState();
            assertTrue(Double.isNaN(acc.result()), "reset: 0 / 0");
            // unweighted: every value counts once
            acc.updateState(t(new float[] {1, 0, 1, 1}, 4, 1), t(new float[] {0.8f, 0.6f, 0.7f, 0.9f}, 4, 1), null);
            assertEquals(0.75, acc.result(), 1e-6);
            acc.updateState(t(new float[] {1, 1}, 2, 1), t(new float[] {0.8f, 0.6f}, 2, 1), t(new float[] {0, 0}, 2));
            assertEquals(0.75, acc.result(), 1e-6, "zero weights add nothing");
        }
    }

    @Test
    void allZeroWeightsGiveNaN() {
        try (Mean m = new Mean()) {
            m.update(t(new float[] {1, 2}, 2), t(new float[] {0, 0}, 2));
            assertTrue(Double.isNaN(m.result()));
        }
    }

    /** Keras-semantics 4.4's metrics, accumulated over batches of 2: plain 7.5, weighted 130/14 and 140/8. */
    @Test
    void workedExampleAMetrics() {
        float[] pred = {3, 6, 9, 12};
        float[] y1 = {2, 4, 6, 8};
        float[] y2 = {1, 2, 3, 4};
        float[] sw1 = {2, 3, 4, 5};
        float[] sw2 = {3.5f, 2.5f, 1.5f, 0.5f};
        try (MeanSquaredError plain = new MeanSquaredError(); MeanSquaredError weighted1 = new MeanSquaredError("mean_squared_error_2");
             Metric weighted2 = weighted1.copy("mean_squared_error_2")) {
            for (int start = 0; start < 4; start += 2) {
                Tensor p = t(new float[] {pred[start], pred[start + 1]}, 2, 1);
                Tensor t1 = t(new float[] {y1[start], y1[start + 1]}, 2, 1);
                Tensor t2 = t(new float[] {y2[start], y2[start + 1]}, 2, 1);
                plain.updateState(t1, p, null);
                weighted1.updateState(t1, p, t(new float[] {sw1[start], sw1[start + 1]}, 2));
                weighted2.updateState(t2, p, t(new float[] {sw2[start], sw2[start + 1]}, 2));
            }
            assertEquals(7.5, plain.result(), 1e-5);
            assertEquals(130.0 / 14, weighted1.result(), 1e-5);
            assertEquals(17.5, weighted2.result(), 1e-5);
        }
    }

    @Test
    void copiesAreFreshWithTheSameConfiguration() {
        try (BinaryAccuracy acc = new BinaryAccuracy().threshold(0.7f)) {
            acc.updateState(t(new float[] {1}, 1, 1), t(new float[] {0.8f}, 1, 1), null);
            BinaryAccuracy copy = acc.copy("out_acc");
            assertEquals("out_acc", copy.name());
            assertEquals(0.7f, copy.threshold());
            assertTrue(Double.isNaN(copy.result()), "a copy starts empty");
            copy.updateState(t(new float[] {0}, 1, 1), t(new float[] {0.6f}, 1, 1), null);
            assertEquals(1.0, copy.result(), "0.6 is below the copied threshold");
            assertEquals(1.0, acc.result());
            copy.close();
        }
        assertEquals(3, new TopKCategoricalAccuracy().k(3).copy("x").k());
        assertEquals(2, new SparseTopKCategoricalAccuracy().k(2).copy("x").k());
        CategoricalCrossentropy cce = new CategoricalCrossentropy().fromLogits(true).labelSmoothing(0.1f).copy("x");
        assertTrue(cce.fromLogits());
        assertEquals(0.1f, cce.labelSmoothing());
        assertTrue(new BinaryCrossentropy().fromLogits(true).copy("x").fromLogits());
        assertTrue(new SparseCategoricalCrossentropy().fromLogits(true).copy("x").fromLogits());
        Metric wrapped = Metrics.get("mae", ONE_UNIT, null);
        Metric wrappedCopy = wrapped.copy("out_mae");
        assertInstanceOf(MeanMetricWrapper.class, wrappedCopy);
        assertNotSame(wrapped, wrappedCopy);
        wrappedCopy.updateState(t(new float[] {1, 2}, 2, 1), t(new float[] {2, 4}, 2, 1), null);
        assertEquals(1.5, wrappedCopy.result(), 1e-6);
        assertTrue(Double.isNaN(wrapped.result()));
        assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy().k(0));
    }

    @Test
    void classesHaveKerasNames() {
        Map<Metric, String> names = Map.ofEntries(
                Map.entry(new Mean(), "mean"), Map.entry(new Accuracy(), "accuracy"),
                Map.entry(new BinaryAccuracy(), "binary_accuracy"), Map.entry(new CategoricalAccuracy(), "categorical_accuracy"),
                Map.entry(new SparseCategoricalAccuracy(), "sparse_categorical_accuracy"),
                Map.entry(new TopKCategoricalAccuracy(), "top_k_categorical_accuracy"),
                Map.entry(new SparseTopKCategoricalAccuracy(), "sparse_top_k_categorical_accuracy"),
                Map.entry(new MeanSquaredError(), "mean_squared_error"), Map.entry(new MeanAbsoluteError(), "mean_absolute_error"),
                Map.entry(new MeanAbsolutePercentageError(), "mean_absolute_percentage_error"),
                Map.entry(new MeanSquaredLogarithmicError(), "mean_squared_logarithmic_error"),
                Map.entry(new RootMeanSquaredError(), "root_mean_squared_error"),
                Map.entry(new Hinge(), "hinge"), Map.entry(new SquaredHinge(), "squared_hinge"),
                Map.entry(new CategoricalHinge(), "categorical_hinge"), Map.entry(new LogCoshError(), "logcosh"),
                Map.entry(new Poisson(), "poisson"), Map.entry(new KLDivergence(), "kullback_leibler_divergence"),
                Map.entry(new CosineSimilarity(), "cosine_similarity"),
                Map.entry(new BinaryCrossentropy(), "binary_crossentropy"),
                Map.entry(new CategoricalCrossentropy(), "categorical_crossentropy"),
                Map.entry(new SparseCategoricalCrossentropy(), "sparse_categorical_crossentropy"));
        for (Map.Entry<Metric, String> e : names.entrySet()) {
            assertEquals(e.getValue(), e.getKey().name());
            assertEquals(e.getValue(), e.getKey().copy(e.getValue()).name());
            assertEquals(e.getKey().getClass(), e.getKey().copy("x").getClass(), "copy keeps the class");
        }
    }

    @Test
    void classValues() {
        Tensor yt = t(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor yp = t(new float[] {2, 2, 1, 4}, 2, 2);
        try (RootMeanSquaredError rmse = new RootMeanSquaredError()) {
            rmse.updateState(yt, yp, t(new float[] {1, 3}, 2));
            // squared errors [[1, 0], [4, 0]]; (B) weights count for each element of their row
            assertEquals(Math.sqrt((1 + 0 + 3 * 4) / 8.0), rmse.result(), 1e-6);
        }
        try (CosineSimilarity cos = new CosineSimilarity()) {
            cos.updateState(t(new float[] {1, 0, 0, 1}, 2, 2), t(new float[] {2, 0, 0, -3}, 2, 2), null);
            assertEquals(0.0, cos.result(), 1e-6);
        }
        try (CategoricalCrossentropy ce = new CategoricalCrossentropy().fromLogits(true)) {
            Tensor z = t(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
            Tensor oneHot = t(new float[] {0, 0, 1, 1, 0, 0}, 2, 3);
            ce.updateState(oneHot, z, null);
            float[] v = LossFunctions.categoricalCrossentropy(oneHot, z, true, 0f).toFloatArray();
            assertEquals((v[0] + v[1]) / 2, ce.result(), 1e-6);
        }
    }

    @Test
    void metricsAlignATrailingOne() {
        // (B, T) targets against a (B, T, 1) output: per-sample means over T, no (B, T, T) broadcast
        Tensor yt = t(new float[] {0, 0, 1, 1}, 2, 2);
        Tensor yp = t(new float[] {1, 3, 1, 2}, 2, 2, 1);
        try (Metric mse = Metrics.get("mse", new int[] {-1, 2, 1}, null)) {
            mse.updateState(yt, yp, null);
            assertEquals((5 + 0.5) / 2, mse.result(), 1e-6);
        }
    }

    /** Accuracy of the resolved metric on two data sets that tell binary, sparse and categorical apart. */
    private static double[] accuracyOnOneUnit(Metric m) {
        double[] out = new double[2];
        float[][] preds = {{0.9f, 0.2f, 0.4f, 0.6f}, {0.9f, 0.2f, 0.6f, 0.4f}};
        for (int i = 0; i < 2; i++) {
            m.resetState();
            m.updateState(t(new float[] {1, 0, 1, 0}, 4, 1), t(preds[i], 4, 1), null);
            out[i] = m.result();
        }
        return out;
    }

    @Test
    void accuracyResolution() {
        // one unit: binary whatever the loss (binary gives 0.5 / 1.0, sparse 0.5 / 0.5, categorical 1.0 / 1.0)
        for (Loss loss : new Loss[] {null, Losses.get("mse"), Losses.get("sparse_categorical_crossentropy"),
                new io.jkeras.losses.SparseCategoricalCrossentropy(), Losses.get("categorical_crossentropy")}) {
            assertArrayEquals(new double[] {0.5, 1.0}, accuracyOnOneUnit(Metrics.get("accuracy", ONE_UNIT, loss)), 1e-6,
                    "one unit with " + loss);
        }
        Tensor multiHot = t(new float[] {1, 0, 1, 0, 1, 0}, 2, 3);
        Tensor probs = t(new float[] {0.8f, 0.6f, 0.7f, 0.1f, 0.9f, 0.2f}, 2, 3);
        // three units with binary cross-entropy: binary (5/6; categorical would be 1)
        for (Loss loss : new Loss[] {Losses.get("binary_crossentropy"), new io.jkeras.losses.BinaryCrossentropy()}) {
            Metric m = Metrics.get("acc", THREE_UNITS, loss);
            m.updateState(multiHot, probs, null);
            assertEquals(5.0 / 6, m.result(), 1e-6, "binary with " + loss);
        }
        // three units with sparse cross-entropy: sparse (0.5; categorical would be 0)
        Tensor labels = t(new float[] {2, 0}, 2, 1);
        Tensor probs2 = t(new float[] {0.1f, 0.2f, 0.7f, 0.2f, 0.5f, 0.3f}, 2, 3);
        for (Loss loss : new Loss[] {Losses.get("sparse_categorical_crossentropy"), new io.jkeras.losses.SparseCategoricalCrossentropy()}) {
            Metric m = Metrics.get("accuracy", THREE_UNITS, loss);
            m.updateState(labels, probs2, null);
            assertEquals(0.5, m.result(), 1e-6, "sparse with " + loss);
        }
        // otherwise categorical (0.5; binary would be 2/3, sparse rejects one-hot targets)
        Tensor oneHot = t(new float[] {0, 0, 1, 1, 0, 0}, 2, 3);
        for (Loss loss : new Loss[] {null, Losses.get("categorical_crossentropy"), Losses.get("mse")}) {
            Metric m = Metrics.get("accuracy", THREE_UNITS, loss);
            m.updateState(oneHot, probs2, null);
            assertEquals(0.5, m.result(), 1e-6, "categorical with " + loss);
        }
    }

    @Test
    void crossentropyResolution() {
        Tensor yt1 = t(new float[] {1, 0, 1, 0}, 4, 1);
        Tensor yp1 = t(new float[] {0.9f, 0.2f, 0.4f, 0.6f}, 4, 1);
        Metric binary = Metrics.get("ce", ONE_UNIT, Losses.get("sparse_categorical_crossentropy"));
        binary.updateState(yt1, yp1, null);
        assertEquals(mean(LossFunctions.binaryCrossentropy(yt1, yp1)), binary.result(), 1e-6);
        Tensor labels = t(new float[] {2, 0}, 2, 1);
        Tensor probs = t(new float[] {0.1f, 0.2f, 0.7f, 0.2f, 0.5f, 0.3f}, 2, 3);
        Metric sparse = Metrics.get("crossentropy", THREE_UNITS, new io.jkeras.losses.SparseCategoricalCrossentropy());
        sparse.updateState(labels, probs, null);
        assertEquals(mean(LossFunctions.sparseCategoricalCrossentropy(labels, probs)), sparse.result(), 1e-6);
        Tensor oneHot = t(new float[] {0, 0, 1, 1, 0, 0}, 2, 3);
        Metric categorical = Metrics.get("ce", THREE_UNITS, null);
        categorical.updateState(oneHot, probs, null);
        assertEquals(mean(LossFunctions.categoricalCrossentropy(oneHot, probs)), categorical.result(), 1e-6);
        Metric viaBce = Metrics.get("crossentropy", THREE_UNITS, Losses.get("binary_crossentropy"));
        viaBce.updateState(oneHot, probs, null);
        assertEquals(mean(LossFunctions.binaryCrossentropy(oneHot, probs)), viaBce.result(), 1e-6);
    }

    private static double mean(Tensor t) {
        double s = 0;
        for (float v : t.toFloatArray()) {
            s += v;
        }
        return s / t.size();
    }

    @Test
    void everyNameKeepsWhatTheUserTyped() {
        for (String name : List.of("accuracy", "acc", "crossentropy", "ce")) {
            assertEquals(name, Metrics.get(name, THREE_UNITS, null).name());
        }
        Tensor yt = t(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);
        Tensor yp = t(new float[] {0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f}, 2, 3);
        for (String name : Metrics.names()) {
            Metric m = Metrics.get(name, THREE_UNITS, null);
            assertEquals(name, m.name());
            Tensor target = name.startsWith("sparse") ? t(new float[] {1, 0}, 2, 1) : yt;
            m.updateState(target, yp, null);
            assertTrue(Double.isFinite(m.result()), name + " gives " + m.result());
        }
        Map<String, Double> expected = Map.of(
                "mse", mean(LossFunctions.meanSquaredError(yt, yp)),
                "MAPE", mean(LossFunctions.meanAbsolutePercentageError(yt, yp)),
                "kullback_leibler_divergence", mean(LossFunctions.kullbackLeiblerDivergence(yt, yp)),
                "logcosh", mean(LossFunctions.logcosh(yt, yp)),
                "cosine", mean(LossFunctions.cosineSimilarity(yt, yp)),
                "top_k_categorical_accuracy", 1.0,
                "categorical_accuracy", 1.0,
                "binary_accuracy", 5.0 / 6);
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            Metric m = Metrics.get(e.getKey(), THREE_UNITS, null);
            m.updateState(yt, yp, null);
            assertEquals(e.getValue(), m.result(), 1e-6 * Math.max(1, Math.abs(e.getValue())), e.getKey());
        }
        assertTrue(Metrics.get("cosine_similarity", THREE_UNITS, null) instanceof MeanMetricWrapper);
    }

    @Test
    void unknownNames() {
        // Keras 2.3's metrics module has no kld alias and no huber metric
        for (String name : List.of("kld", "KLD", "huber_loss", "Accuracy", "foo")) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Metrics.get(name, THREE_UNITS, null));
            assertEquals("Unknown metric function:" + name, ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Metrics.get(null, THREE_UNITS, null));
    }
}
