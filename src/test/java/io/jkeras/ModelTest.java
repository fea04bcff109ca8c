package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.Add;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelTest {
    private final Random r = new Random(3);

    @BeforeEach
    void fresh() {
        Utils.clearSession();
        Utils.setRandomSeed(11);
    }

    private NDArray random(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return NDArray.of(a, shape);
    }

    /** Keras's test_model_methods model: dense_1 on input_a, dropout on input_b. */
    private Model twoInTwoOut() {
        KerasTensor a = Input.of("input_a", 3);
        KerasTensor b = Input.of("input_b", 3);
        KerasTensor outA = new Dense(4).name("dense_1").apply(a);
        KerasTensor outB = new Dropout(0.5).name("dropout").apply(b);
        return new Model(List.of(a, b), List.of(outA, outB));
    }

    @Test
    void layersFollowKerasOrderAndNamesAreKerasDefaults() {
        KerasTensor in = Input.of(4);
        KerasTensor h = new Dense(3).apply(in);
        KerasTensor o = new Dense(2).apply(h);
        try (Model m = new Model(in, o)) {
            assertEquals(List.of("input_1", "dense_1", "dense_2"), m.layers().stream().map(Layer::name).toList());
            assertEquals(List.of("input_1"), m.inputNames());
            assertEquals(List.of("dense_2"), m.outputNames());
        }
        try (Model m = twoInTwoOut()) {
            assertEquals(List.of("input_a", "input_b", "dense_1", "dropout"),
                    m.layers().stream().map(Layer::name).toList());
        }
    }

    @Test
    void multiInputMultiOutputByPositionAndByName() {
        try (Model m = twoInTwoOut()) {
            m.compile(new CompileOptions().optimizer("rmsprop").loss("mse").lossWeights(List.of(1.0, 0.5))
                    .metrics("mae"));
            assertEquals(List.of("loss", "dense_1_loss", "dropout_loss", "dense_1_mae", "dropout_mae"),
                    m.metricsNames());
            NDArray xa = random(10, 3);
            NDArray xb = random(10, 3);
            NDArray ya = random(10, 4);
            NDArray yb = random(10, 3);
            List<Double> byPos = m.testOnBatch(Data.of(xa, xb), Data.of(ya, yb), new OnBatchOptions());
            Map<String, NDArray> xs = new LinkedHashMap<>();
            xs.put("input_b", xb);
            xs.put("input_a", xa);
            xs.put("ignored_extra", xa);
            List<Double> byName = m.testOnBatch(Data.of(xs), Data.of(Map.of("dropout", yb, "dense_1", ya)),
                    new OnBatchOptions());
            assertEquals(byPos, byName);
            assertEquals(byPos.get(1) + 0.5 * byPos.get(2), byPos.get(0), 1e-5, "loss = weighted sum of output losses");
            History h = m.fit(Data.of(xa, xb), Data.of(ya, yb), new FitOptions().epochs(2).batchSize(4).verbose(0)
                    .validationSplit(0.2));
            assertEquals(List.of("loss", "dense_1_loss", "dropout_loss", "dense_1_mae", "dropout_mae", "val_loss",
                    "val_dense_1_loss", "val_dropout_loss", "val_dense_1_mae", "val_dropout_mae"),
                    List.copyOf(h.history().keySet()));
            List<NDArray> p = m.predictAll(Data.of(xa, xb), new PredictOptions().batchSize(3));
            assertArrayEquals(new int[] {10, 4}, p.get(0).shape());
            assertArrayEquals(xb.toFloatArray(), p.get(1).toFloatArray(), "dropout is the identity at inference");
        }
    }

    @Test
    void metricsPerOutputByMapAndPartialLoss() {
        try (Model m = twoInTwoOut()) {
            m.compile(new CompileOptions().optimizer("sgd").loss("mse").metrics(Map.of("dense_1", List.of("mae"))));
            assertEquals(List.of("loss", "dense_1_loss", "dropout_loss", "dense_1_mae"), m.metricsNames());
        }
        try (Model m = twoInTwoOut()) {
            m.compile(new CompileOptions().optimizer("sgd").loss(Map.of("dropout", "mse")).metrics("mae"));
            assertEquals(List.of("loss", "dropout_loss", "dropout_mae"), m.metricsNames());
            // only the output with a loss takes targets
            List<Double> r1 = m.trainOnBatch(Data.of(random(6, 3), random(6, 3)), Data.of(random(6, 3)),
                    new OnBatchOptions());
            assertEquals(3, r1.size());
        }
    }

    @Test
    void sharedLayerSharesWeightsAndFanOutWorks() {
        KerasTensor a = Input.of(5);
        KerasTensor b = Input.of(5);
        Dense shared = new Dense(4).activation("tanh");
        KerasTensor sa = shared.apply(a);
        KerasTensor sb = shared.apply(b);
        KerasTensor sum = new Add().apply(sa, sb);
        KerasTensor cat = new Concatenate().apply(sa, sum);
        KerasTensor out = new Dense(1).apply(cat);
        try (Model m = new Model(List.of(a, b), out)) {
            assertEquals(5 * 4 + 4 + 8 + 1, m.countParams());
            m.compile("adam", "mse");
            NDArray xa = random(16, 5);
            NDArray xb = random(16, 5);
            NDArray y = random(16, 1);
            float[] before = shared.getWeights().get(0).toFloatArray();
            m.fit(Data.of(xa, xb), Data.of(y), new FitOptions().epochs(1).batchSize(8).verbose(0));
            float[] after = shared.getWeights().get(0).toFloatArray();
            assertTrue(!java.util.Arrays.equals(before, after), "shared kernel trained");
            NDArray p = m.predictAll(Data.of(xa, xb)).get(0);
            assertArrayEquals(new int[] {16, 1}, p.shape());
        }
    }

    @Test
    void getLayerByNameIndexAndBoth() {
        KerasTensor in = Input.of(2);
        KerasTensor o = new Dense(1).name("out").apply(in);
        try (Model m = new Model(in, o)) {
            assertSame(m.layers().get(1), m.getLayer("out"));
            assertSame(m.layers().get(0), m.getLayer(0));
            assertSame(m.layers().get(1), m.getLayer(-1));
            assertSame(m.layers().get(0), m.getLayer("out", 0), "index wins over name");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.getLayer(5));
            assertEquals("Was asked to retrieve layer at index 5 but model only has 2 layers.", e.getMessage());
            assertEquals("No such layer: conv",
                    assertThrows(IllegalArgumentException.class, () -> m.getLayer("conv")).getMessage());
            assertEquals("Provide either a layer name or layer index.",
                    assertThrows(IllegalArgumentException.class, () -> m.getLayer(null, null)).getMessage());
        }
    }

    @Test
    void weightsRoundTripInKerasOrder() {
        KerasTensor in = Input.of(3);
        KerasTensor h = new Dense(2).apply(in);
        KerasTensor o = new Dense(1).useBias(false).apply(h);
        try (Model m = new Model(in, o)) {
            List<NDArray> w = m.getWeights();
            assertEquals(3, w.size());
            assertArrayEquals(new int[] {3, 2}, w.get(0).shape());
            assertArrayEquals(new int[] {2}, w.get(1).shape());
            assertArrayEquals(new int[] {2, 1}, w.get(2).shape());
            List<NDArray> mine = List.of(NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2),
                    NDArray.of(new float[] {0.5f, -0.5f}, 2), NDArray.of(new float[] {1, -1}, 2, 1));
            m.setWeights(mine);
            assertEquals(mine, m.getWeights());
            // y = (x W1 + b1) W2 for x = [1, 1, 1]: [9.5, 11.5] . [1, -1] = -2
            assertEquals(-2f, m.predict(NDArray.of(new float[] {1, 1, 1}, 1, 3)).get(0, 0), 1e-6);
            List<NDArray> bad = List.of(mine.get(0), mine.get(1), NDArray.of(new float[] {1, 2, 3}, 3, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setWeights(bad));
            assertTrue(e.getMessage().contains("(2, 1)") && e.getMessage().contains("(3, 1)"), e.getMessage());
            assertEquals(mine, m.getWeights(), "nothing was half-updated");
            assertThrows(IllegalArgumentException.class, () -> m.setWeights(List.of(mine.get(0))));
        }
    }

    @Test
    void sequentialBuildsAChainAndHidesItsInput() {
        Sequential s = new Sequential(Input.of(4), new Dense(8).activation("relu"));
        s.add(new Dense(2).activation("softmax"));
        try (s) {
            assertEquals(2, s.layers().size());
            assertEquals("dense_1", s.getLayer(0).name());
            s.compile("sgd", "categorical_crossentropy", "accuracy");
            List<Double> out = s.trainOnBatch(random(5, 4), Utils.toCategorical(new int[] {0, 1, 1, 0, 1}, 2));
            assertEquals(List.of("loss", "accuracy"), s.metricsNames());
            assertEquals(2, out.size());
            assertNotSame(null, s.summary());
        }
    }

    @Test
    void trainOnBatchReturnsPreUpdateLossAndResetsMetrics() {
        // Keras's test_loss_correctness: y = x + b with b learned by SGD 0.1 on MAE, loss [1.0, 0.9, ...]
        KerasTensor in = Input.of(1);
        KerasTensor out = new Dense(1).kernelInitializer("ones").apply(in);
        try (Model m = new Model(in, out)) {
            m.compile(new CompileOptions().optimizer(new io.jkeras.optimizers.SGD().learningRate(0.1)).loss("mse"));
            NDArray x = NDArray.of(new float[] {0, 1, 2}, 3, 1);
            NDArray y = NDArray.of(new float[] {0.5f, 1.5f, 2.5f}, 3, 1);
            double first = m.trainOnBatch(x, y).get(0);
            assertEquals(0.25, first, 1e-6, "loss before the update");
        }
    }

    @Test
    void targetTensorsReplaceFedTargets() {
        try (Model m = twoInTwoOut()) {
            NDArray xa = random(6, 3);
            NDArray xb = random(6, 3);
            NDArray ya = random(6, 4);
            NDArray yb = random(6, 3);
            m.compile(new CompileOptions().optimizer("sgd").loss("mse").targetTensors(Map.of("dense_1", ya)));
            List<Double> withTarget = m.testOnBatch(Data.of(xa, xb), Data.of(yb), new OnBatchOptions());
            m.compile(new CompileOptions().optimizer("sgd").loss("mse"));
            List<Double> fed = m.testOnBatch(Data.of(xa, xb), Data.of(ya, yb), new OnBatchOptions());
            assertEquals(fed, withTarget);
            m.compile(new CompileOptions().optimizer("sgd").loss("mse").targetTensors(List.of(ya, yb)));
            assertEquals(fed, m.testOnBatch(Data.of(xa, xb), null, new OnBatchOptions()), "no y needed at all");
            assertThrows(IllegalArgumentException.class, () -> m.compile(new CompileOptions().optimizer("sgd")
                    .loss("mse").targetTensors(ya)), "one array for two outputs");
            assertThrows(IllegalArgumentException.class, () -> m.compile(new CompileOptions().optimizer("sgd")
                    .loss("mse").targetTensors(Map.of("nope", ya))));
        }
    }
}
