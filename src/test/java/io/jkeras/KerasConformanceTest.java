package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Tensor;
import io.jkeras.initializers.Constant;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Dense;
import io.jkeras.metrics.BinaryAccuracy;
import io.jkeras.metrics.MeanSquaredError;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Variable;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keras's own conformance cases (/work/shared/reference/keras-semantics.md section 11 and the
 * worked examples of section 4), with the numbers Keras asserts.
 */
class KerasConformanceTest {

    @BeforeEach
    void fresh() {
        Utils.clearSession();
        Utils.setRandomSeed(1);
    }

    private static NDArray col(float... v) {
        return NDArray.of(v, v.length, 1);
    }

    /** Worked examples A and B: two outputs y = 3x with fixed weights, named output_1 and output_2. */
    private static Model threeX() {
        KerasTensor x = Input.of(1);
        KerasTensor o1 = new Dense(1).kernelInitializer(new Constant(3)).useBias(false).trainable(false)
                .name("output_1").apply(x);
        KerasTensor o2 = new Dense(1).kernelInitializer(new Constant(3)).useBias(false).trainable(false)
                .name("output_2").apply(x);
        Model m = new Model(List.of(x), List.of(o1, o2));
        m.compile(new CompileOptions().optimizer("rmsprop").loss("mse")
                .metrics(new MeanSquaredError("mean_squared_error"))
                .weightedMetrics(new MeanSquaredError("mean_squared_error_2")));
        return m;
    }

    @Test
    void workedExampleA() {
        try (Model m = threeX()) {
            assertEquals(List.of("loss", "output_1_loss", "output_2_loss", "output_1_mean_squared_error",
                    "output_1_mean_squared_error_2", "output_2_mean_squared_error", "output_2_mean_squared_error_2"),
                    m.metricsNames());
            NDArray x = col(1, 2, 3, 4);
            Data y = Data.of(col(2, 4, 6, 8), col(1, 2, 3, 4));
            History h = m.fit(Data.of(x), y, new FitOptions().batchSize(2).shuffle(false).verbose(0));
            assertValues(List.of(37.5, 7.5, 30.0, 7.5, 7.5, 30.0, 30.0), h, m.metricsNames());
            assertClose(List.of(37.5, 7.5, 30.0, 7.5, 7.5, 30.0, 30.0),
                    m.evaluate(Data.of(x), y, new EvaluateOptions().batchSize(2).verbose(0)));

            Data sw = Data.of(NDArray.of(new float[] {2, 3, 4, 5}, 4), NDArray.of(new float[] {3.5f, 2.5f, 1.5f, 0.5f}, 4));
            List<Double> weighted = List.of(67.5, 32.5, 35.0, 7.5, 130.0 / 14, 30.0, 17.5);
            History hw = m.fit(Data.of(x), y, new FitOptions().batchSize(2).shuffle(false).verbose(0).sampleWeight(sw));
            assertValues(weighted, hw, m.metricsNames());
            assertClose(weighted, m.evaluate(Data.of(x), y, new EvaluateOptions().batchSize(2).sampleWeight(sw).verbose(0)));
            assertClose(weighted, m.trainOnBatch(Data.of(x), y, new OnBatchOptions().sampleWeight(sw)));
            // the same numbers with class weights looked up by target value
            Map<String, Map<Integer, Double>> cw = Map.of(
                    "output_1", Map.of(2, 2.0, 4, 3.0, 6, 4.0, 8, 5.0),
                    "output_2", Map.of(1, 3.5, 2, 2.5, 3, 1.5, 4, 0.5));
            assertValues(weighted, m.fit(Data.of(x), y, new FitOptions().batchSize(2).shuffle(false).verbose(0)
                    .classWeight(cw)), m.metricsNames());
            // weights on output_2 only
            Data sw2 = Data.of(Map.of("output_2", NDArray.of(new float[] {3.5f, 2.5f, 1.5f, 0.5f}, 4)));
            assertEquals(42.5, m.evaluate(Data.of(x), y, new EvaluateOptions().batchSize(2).sampleWeight(sw2)
                    .verbose(0)).get(0), 1e-4);
        }
    }

    @Test
    void workedExampleBUnevenLastBatch() {
        try (Model m = threeX()) {
            m.compile(new CompileOptions().optimizer("rmsprop").loss("mse"));
            NDArray x = col(1, 2, 3, 4, 5);
            Data y = Data.of(col(2, 4, 6, 8, 10), col(1, 2, 3, 4, 5));
            Data sw = Data.of(NDArray.of(new float[] {2, 3, 4, 5, 6}, 5), NDArray.of(new float[] {3.5f, 2.5f, 1.5f, 0.5f, 3}, 5));
            List<Double> expected = List.of(144.0, 56.0, 88.0);
            History h = m.fit(Data.of(x), y, new FitOptions().batchSize(2).shuffle(false).verbose(0).sampleWeight(sw));
            assertValues(expected, h, m.metricsNames());
            assertClose(expected, m.evaluate(Data.of(x), y, new EvaluateOptions().batchSize(2).sampleWeight(sw).verbose(0)));
            assertClose(expected, m.trainOnBatch(Data.of(x), y, new OnBatchOptions().sampleWeight(sw)));
        }
    }

    private static void assertValues(List<Double> expected, History h, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            List<Double> v = h.history().get(names.get(i));
            assertEquals(expected.get(i), v.get(v.size() - 1), 1e-4 * Math.max(1, Math.abs(expected.get(i))), names.get(i));
        }
    }

    private static void assertClose(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-4 * Math.max(1, Math.abs(expected.get(i))), "value " + i);
        }
    }

    /** Keras 2.15's CorrectnessTest.test_loss_correctness (holds for Keras 2.3's RMSprop too). */
    @Test
    void lossCorrectnessWithRmsprop() {
        KerasTensor in = Input.of(4);
        KerasTensor h = new Dense(3).activation("relu").kernelInitializer("ones").apply(in);
        KerasTensor out = new Dense(2).activation("softmax").kernelInitializer("ones").apply(h);
        float[] ones = new float[400];
        java.util.Arrays.fill(ones, 1f);
        NDArray x = NDArray.of(ones, 100, 4);
        NDArray y = NDArray.zeros(100);
        try (Model m = new Model(in, out)) {
            m.compile(new CompileOptions().optimizer(new RMSprop().learningRate(0.001))
                    .loss("sparse_categorical_crossentropy"));
            History hist = m.fit(x, y, new FitOptions().batchSize(10).epochs(1).verbose(0).shuffle(false));
            assertEquals(0.5836, hist.history().get("loss").get(0), 5e-5);
        }
        // clipvalue 0 zeroes every gradient (Keras 2.15's meaning): the loss stays log 2
        Utils.clearSession();
        KerasTensor in2 = Input.of(4);
        KerasTensor h2 = new Dense(3).activation("relu").kernelInitializer("ones").apply(in2);
        KerasTensor out2 = new Dense(2).activation("softmax").kernelInitializer("ones").apply(h2);
        try (Model m = new Model(in2, out2)) {
            m.compile(new CompileOptions().optimizer(new RMSprop().learningRate(0.001).clipvalue(0.0))
                    .loss("sparse_categorical_crossentropy"));
            History hist = m.fit(x, y, new FitOptions().batchSize(10).epochs(3).verbose(0));
            for (double l : hist.history().get("loss")) {
                assertEquals(0.6931, l, 1e-4);
            }
        }
    }

    /** Keras's Bias layer from test_training.py::test_loss_correctness: a user-written layer. */
    static final class Bias extends BaseLayer<Bias> {
        private Variable bias;

        @Override
        protected void build(List<int[]> inputShapes) {
            bias = addWeight("bias", new int[] {1}, io.jkeras.initializers.Initializers.zeros(), null, true);
        }

        @Override
        public int[] computeOutputShape(List<int[]> inputShapes) {
            return inputShapes.get(0).clone();
        }

        @Override
        public Tensor call(List<Tensor> inputs, boolean training) {
            return MathOps.add(inputs.get(0), bias.value());
        }
    }

    @Test
    void reportedLossIsBeforeTheUpdate() {
        KerasTensor in = Input.of(1);
        try (Model m = new Model(in, new Bias().apply(in))) {
            m.compile(new CompileOptions().optimizer(new SGD().learningRate(0.1)).loss("mae"));
            History h = m.fit(col(0, 1, 2), col(0.5f, 2, 3.5f), new FitOptions().batchSize(3).epochs(5).verbose(0));
            List<Double> loss = h.history().get("loss");
            double[] expected = {1.0, 0.9, 0.8, 0.7, 0.6};
            for (int i = 0; i < 5; i++) {
                assertEquals(expected[i], loss.get(i), 1e-5);
            }
        }
    }

    /** test_sample_weights: the effective weight is sample weight times class weight. */
    @Test
    void sampleAndClassWeightsMultiply() {
        KerasTensor in = Input.of(2);
        try (Model m = new Model(in, new Dense(3).activation("softmax").apply(in))) {
            m.compile("sgd", "sparse_categorical_crossentropy");
            NDArray x = NDArray.of(new float[] {1, 0, 0, 1, 1, 1, -1, 0, 0, -1}, 5, 2);
            NDArray y = NDArray.of(new float[] {0, 1, 0, 0, 2}, 5);
            NDArray sw = NDArray.of(new float[] {0.5f, 1, 1, 0, 2}, 5);
            Map<Integer, Double> cw = Map.of(0, 0.5, 1, 1.0, 2, 1.5);
            float[] p = m.predictOnBatch(x).toFloatArray();
            double[] effective = {0.25, 1, 0.5, 0, 3};
            double expected = 0;
            for (int i = 0; i < 5; i++) {
                expected += effective[i] * -Math.log(p[i * 3 + (int) y.get(i)]);
            }
            double loss = m.trainOnBatch(Data.of(x), Data.of(y), new OnBatchOptions().sampleWeight(sw).classWeight(cw))
                    .get(0);
            assertEquals(expected / 5, loss, 1e-5);
            // test_class_weight_wrong_classes: a class in the data without a weight fails before any epoch
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(x, y,
                    new FitOptions().epochs(0).verbose(0).classWeight(Map.of(0, 1.0, 1, 1.0))));
            assertTrue(e.getMessage().contains("The classes [2] exist in the data but not in `class_weight`"),
                    e.getMessage());
        }
    }

    @Test
    void temporalSampleWeights() {
        KerasTensor in = Input.of(3, 2);
        try (Model m = new Model(in, new Dense(1).kernelInitializer("ones").useBias(false).apply(in))) {
            m.compile(new CompileOptions().optimizer("sgd").loss("mse").sampleWeightMode("temporal"));
            NDArray x = NDArray.of(new float[] {1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2}, 2, 3, 2);
            NDArray y = NDArray.zeros(2, 3, 1);
            NDArray w = NDArray.of(new float[] {1, 0, 2, 0, 1, 0}, 2, 3);
            // predictions are row sums: [1, 1, 2], [2, 2, 4]; squared errors [1, 1, 4], [4, 4, 16]
            double loss = m.testOnBatch(Data.of(x), Data.of(y), new OnBatchOptions().sampleWeight(w)).get(0);
            assertEquals((1 * 1 + 0 * 1 + 2 * 4 + 0 * 4 + 1 * 4 + 0 * 16) / 6.0, loss, 1e-6);
            assertThrows(IllegalArgumentException.class, () -> m.testOnBatch(Data.of(x), Data.of(y),
                    new OnBatchOptions().sampleWeight(NDArray.zeros(2))), "temporal mode needs 2D weights");
        }
        KerasTensor flat = Input.of(3);
        try (Model m = new Model(flat, new Dense(2).apply(flat))) {
            m.compile(new CompileOptions().optimizer("sgd").loss("mse").sampleWeightMode("temporal"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.testOnBatch(NDArray.zeros(4, 3), NDArray.zeros(4, 2)));
            assertTrue(e.getMessage().contains("at least 3D"), e.getMessage());
            m.compile("sgd", "mse");
            e = assertThrows(IllegalArgumentException.class, () -> m.testOnBatch(Data.of(NDArray.zeros(4, 3)),
                    Data.of(NDArray.zeros(4, 2)), new OnBatchOptions().sampleWeight(NDArray.zeros(4, 2))));
            assertTrue(e.getMessage().contains("sample_weight_mode=\"temporal\""), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.compile(new CompileOptions().optimizer("sgd")
                    .loss("mse").sampleWeightMode("temporl")));
        }
    }

    @Test
    void initialEpochAndLossWeightErrors() {
        KerasTensor a = Input.of("input_a", 3);
        KerasTensor b = Input.of("input_b", 3);
        KerasTensor oa = new Dense(4).name("dense_1").apply(a);
        KerasTensor ob = new Dense(3).name("dropout").apply(b);
        try (Model m = new Model(List.of(a, b), List.of(oa, ob))) {
            m.compile(new CompileOptions().optimizer("rmsprop").loss("mse").lossWeights(List.of(1.0, 0.5)));
            Data x = Data.of(NDArray.zeros(10, 3), NDArray.zeros(10, 3));
            Data y = Data.of(NDArray.zeros(10, 4), NDArray.zeros(10, 3));
            History h = m.fit(x, y, new FitOptions().initialEpoch(2).epochs(5).batchSize(4).verbose(0));
            assertEquals(List.of(2, 3, 4), h.epoch());
            assertEquals(List.of(), m.fit(x, y, new FitOptions().initialEpoch(5).epochs(5).verbose(0)).epoch());
            assertThrows(IllegalArgumentException.class, () -> m.compile(new CompileOptions().optimizer("rmsprop")
                    .loss("mse").lossWeights(Map.of("lstm", 0.5))));
            assertThrows(IllegalArgumentException.class, () -> m.compile(new CompileOptions().optimizer("rmsprop")
                    .loss("mse").lossWeights(List.of(0.5))));
            assertThrows(IllegalArgumentException.class, () -> m.compile(new CompileOptions().optimizer("rmsprop")
                    .loss("mse").sampleWeightMode(Map.of("lstm", "temporal"))));
            assertThrows(IllegalArgumentException.class, () -> m.compile(new CompileOptions().optimizer("rmsprop")
                    .loss("mse").sampleWeightMode(List.of("temporal"))));
            m.compile(new CompileOptions().optimizer("rmsprop").loss("mse").sampleWeightMode(List.of("temporal", "temporal")));
            assertThrows(IllegalArgumentException.class, () -> m.trainOnBatch(x, y, new OnBatchOptions()),
                    "temporal on 2D targets");
        }
    }

    /** Keras 2.15's test_metric_state_reset_between_fit_and_evaluate. */
    @Test
    void metricStateIsResetBetweenFitAndEvaluate() {
        KerasTensor in = Input.of(4);
        BinaryAccuracy acc = new BinaryAccuracy();
        try (Model m = new Model(in, new Dense(1).activation("sigmoid").apply(in))) {
            m.compile(new CompileOptions().optimizer("sgd").loss("binary_crossentropy").metrics(acc));
            m.fit(NDArray.zeros(100, 4), NDArray.zeros(100, 1), new FitOptions().batchSize(5).epochs(2).verbose(0));
            assertEquals(100.0, acc.totals()[1]);
            m.evaluate(NDArray.zeros(10, 4), NDArray.zeros(10, 1), new EvaluateOptions().verbose(0));
            assertEquals(10.0, acc.totals()[1]);
            List<Double> first = m.testOnBatch(NDArray.zeros(3, 4), NDArray.zeros(3, 1));
            List<Double> ev = m.evaluate(NDArray.zeros(3, 4), NDArray.zeros(3, 1), new EvaluateOptions().verbose(0));
            assertEquals(first, m.testOnBatch(NDArray.zeros(3, 4), NDArray.zeros(3, 1)));
            assertEquals(ev, m.evaluate(NDArray.zeros(3, 4), NDArray.zeros(3, 1), new EvaluateOptions().verbose(0)));
        }
    }
}
