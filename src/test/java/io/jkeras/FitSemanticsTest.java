package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.callbacks.Callback;
import io.jkeras.initializers.Constant;
import io.jkeras.layers.Dense;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remaining fit/compile behaviours of the Keras training-semantics issue, one test each. */
class FitSemanticsTest {

    @BeforeEach
    void fresh() {
        Utils.clearSession();
        Utils.setRandomSeed(12);
    }

    @Test
    void metricsAsAListMixingNamesAndLists() {
        KerasTensor a = Input.of(3);
        KerasTensor o1 = new Dense(2).activation("softmax").name("out_a").apply(a);
        KerasTensor o2 = new Dense(2).activation("softmax").name("out_b").apply(a);
        try (Model m = new Model(List.of(a), List.of(o1, o2))) {
            m.compile(new CompileOptions().optimizer("sgd").loss("categorical_crossentropy")
                    .metrics(List.of("accuracy", List.of("accuracy", "mse"))));
            assertEquals(List.of("loss", "out_a_loss", "out_b_loss", "out_a_accuracy", "out_b_accuracy", "out_b_mse"),
                    m.metricsNames());
        }
    }

    /** y = 1 * x with a fixed kernel: per-sample squared errors are known exactly. */
    private static Model identity() {
        KerasTensor in = Input.of(1);
        Model m = new Model(in, new Dense(1).kernelInitializer(new Constant(1)).useBias(false).trainable(false)
                .apply(in));
        m.compile("sgd", "mse");
        return m;
    }

    @Test
    void validationDataCarriesItsOwnWeights() {
        try (Model m = identity()) {
            NDArray xv = NDArray.of(new float[] {1, 2}, 2, 1);
            NDArray yv = NDArray.of(new float[] {0, 0}, 2, 1);
            NDArray wv = NDArray.of(new float[] {1, 0}, 2);
            History h = m.fit(xv, yv, new FitOptions().verbose(0).validationData(xv, yv, wv));
            assertEquals((1 * 1 + 0 * 4) / 2.0, h.history().get("val_loss").get(0), 1e-6);
            assertEquals((1 + 4) / 2.0, h.history().get("loss").get(0), 1e-6);
        }
    }

    @Test
    void shuffleBatchMovesWholeBatches() {
        try (Model m = identity()) {
            float[] v = new float[10];
            for (int i = 0; i < 10; i++) {
                v[i] = i;
            }
            NDArray x = NDArray.of(v, 10, 1);
            List<Double> batchLosses = new ArrayList<>();
            Callback c = new Callback() {
                @Override
                public void onBatchEnd(int batch, Map<String, Double> logs) {
                    batchLosses.add(logs.get("loss"));
                }
            };
            m.fit(x, NDArray.zeros(10, 1), new FitOptions().batchSize(3).shuffleBatch().epochs(4).verbose(0)
                    .callbacks(c));
            // blocks {0,1,2}, {3,4,5}, {6,7,8} move as wholes, the partial block {9} stays last
            List<Double> blocks = List.of(5 / 3.0, 50 / 3.0, 149 / 3.0);
            List<Double> seenOrders = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                for (int b = 0; b < 3; b++) {
                    double l = batchLosses.get(e * 4 + b);
                    assertTrue(blocks.stream().anyMatch(k -> Math.abs(k - l) < 1e-4), "batch loss " + l);
                    seenOrders.add(l);
                }
                assertEquals(81.0, batchLosses.get(e * 4 + 3), 1e-4);
            }
            java.util.Set<List<Double>> orders = new java.util.HashSet<>();
            for (int e = 0; e < 4; e++) {
                orders.add(seenOrders.subList(e * 3, e * 3 + 3));
            }
            assertTrue(orders.size() > 1, "the block order changes between epochs: " + seenOrders);
        }
    }

    @Test
    void onBatchMetricsAccumulateWithoutReset() {
        KerasTensor in = Input.of(1);
        try (Model m = new Model(in, new Dense(1).kernelInitializer(new Constant(1)).useBias(false).trainable(false)
                .apply(in))) {
            m.compile(new CompileOptions().optimizer("sgd").loss("mse").metrics("mae"));
            NDArray x1 = NDArray.of(new float[] {1, 1}, 2, 1);
            NDArray x2 = NDArray.of(new float[] {3, 3}, 2, 1);
            NDArray y = NDArray.zeros(2, 1);
            OnBatchOptions keep = new OnBatchOptions().resetMetrics(false);
            assertEquals(1.0, m.testOnBatch(Data.of(x1), Data.of(y), keep).get(1), 1e-6);
            List<Double> second = m.testOnBatch(Data.of(x2), Data.of(y), keep);
            assertEquals(9.0, second.get(0), 1e-6, "the loss is this batch's (Keras 2.3)");
            assertEquals(2.0, second.get(1), 1e-6, "mae accumulates over both batches");
            // Keras resets after the step, so the first resetting call still reports what had
            // accumulated (1 + 3 + 3) / 3, and only later calls describe one batch
            assertEquals(7.0 / 3, m.testOnBatch(x2, y).get(1), 1e-6);
            assertEquals(3.0, m.testOnBatch(x2, y).get(1), 1e-6);
        }
    }
}
