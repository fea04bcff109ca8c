package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Variable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
    private final Random r = new Random(11);

    private float[] data(int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }

    @Test
    void weightsInKerasOrder() {
        KerasTensor in = Input.of(5, 5, 3);
        BatchNormalization bn = new BatchNormalization().name("bn");
        assertArrayEquals(new int[] {-1, 5, 5, 3}, bn.apply(in).shape());
        List<Variable> w = bn.weights();
        assertEquals(List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"),
                w.stream().map(Variable::name).toList());
        for (Variable v : w) {
            assertArrayEquals(new int[] {3}, v.shape());
        }
        assertEquals(2, bn.trainableWeights().size());
        assertEquals(2, bn.nonTrainableWeights().size());
        assertEquals(12, bn.countParams());
        assertArrayEquals(new float[] {1, 1, 1}, w.get(0).read());
        assertArrayEquals(new float[] {0, 0, 0}, w.get(1).read());
        assertArrayEquals(new float[] {0, 0, 0}, w.get(2).read());
        assertArrayEquals(new float[] {1, 1, 1}, w.get(3).read());

        BatchNormalization frozen = new BatchNormalization().trainable(false);
        frozen.apply(Input.of(4));
        assertEquals(0, frozen.trainableWeights().size());
        assertTrue(frozen.weights().get(0).name().endsWith("/gamma"));
        assertTrue(frozen.weights().get(3).name().endsWith("/moving_variance"));

        BatchNormalization bare = new BatchNormalization().scale(false).center(false);
        bare.apply(Input.of(4));
        assertEquals(2, bare.weights().size());
        assertEquals(0, bare.trainableWeights().size());

        BatchNormalization channels = new BatchNormalization().axis(1);
        channels.apply(Input.of(6, 2, 2));
        assertArrayEquals(new int[] {6}, channels.weights().get(0).shape());
    }

    @Test
    void trainingUsesBatchStatisticsAndMovesTheAveragesAsKeras23() {
        int n = 6, c = 3;
        float[] x = data(n * 2 * c, -2, 4);
        KerasTensor in = Input.of(2, c);
        BatchNormalization bn = new BatchNormalization().momentum(0.9).epsilon(0.01);
        bn.apply(in);
        float[] gamma = {1.5f, 0.5f, 2f};
        float[] beta = {0.1f, -0.2f, 0.3f};
        float[] mm0 = {0.5f, -0.5f, 1f};
        float[] mv0 = {2f, 1f, 0.5f};
        bn.setWeights(List.of(NDArray.of(gamma, c), NDArray.of(beta, c), NDArray.of(mm0, c), NDArray.of(mv0, c)));
        int rows = n * 2;
        float[] y;
        try (TensorScope s = TensorScope.open()) {
            Tensor xt = MathOps.constant(Device.current().backend(), x, n, 2, c);
            y = bn.call(List.of(xt), true).toFloatArray();
        }
        float[] mm = bn.movingMean().read();
        float[] mv = bn.movingVariance().read();
        for (int ch = 0; ch < c; ch++) {
            double mean = 0;
            for (int i = 0; i < rows; i++) {
                mean += x[i * c + ch];
            }
            mean /= rows;
            double var = 0;
            for (int i = 0; i < rows; i++) {
                var += (x[i * c + ch] - mean) * (x[i * c + ch] - mean);
            }
            var /= rows;
            for (int i = 0; i < rows; i++) {
                double e = (x[i * c + ch] - mean) / Math.sqrt(var + 0.01) * gamma[ch] + beta[ch];
                assertEquals(e, y[i * c + ch], 1e-4, "output " + i + ", channel " + ch);
            }
            double unbiased = var * rows / (rows - (1 + 0.01));
            assertEquals(mm0[ch] * 0.9 + mean * 0.1, mm[ch], 1e-5, "moving mean " + ch);
            assertEquals(mv0[ch] * 0.9 + unbiased * 0.1, mv[ch], 1e-5, "moving variance " + ch);
        }
        // inference mode: the moving statistics, and nothing moves
        try (TensorScope s = TensorScope.open()) {
            Tensor xt = MathOps.constant(Device.current().backend(), x, n, 2, c);
            float[] yi = bn.call(List.of(xt), false).toFloatArray();
            for (int i = 0; i < rows; i++) {
                for (int ch = 0; ch < c; ch++) {
                    double e = (x[i * c + ch] - mm[ch]) / Math.sqrt(mv[ch] + 0.01) * gamma[ch] + beta[ch];
                    assertEquals(e, yi[i * c + ch], 1e-4, "inference output " + i + ", channel " + ch);
                }
            }
        }
        assertArrayEquals(mm, bn.movingMean().read());
        assertArrayEquals(mv, bn.movingVariance().read());
    }

    @Test
    void anotherAxisMatchesTheLastAxisOfTheTransposedInput() {
        int n = 4, c = 3;
        float[] x = data(n * c * 2 * 2, -1, 3);
        BatchNormalization first = new BatchNormalization().axis(1);
        first.apply(Input.of(c, 2, 2));
        BatchNormalization last = new BatchNormalization();
        last.apply(Input.of(2, 2, c));
        List<NDArray> params = List.of(NDArray.of(new float[] {1, 2, 3}, c), NDArray.of(new float[] {0, 1, -1}, c),
                NDArray.of(new float[] {0.2f, 0.1f, 0f}, c), NDArray.of(new float[] {1.5f, 1f, 2f}, c));
        first.setWeights(params);
        last.setWeights(params);
        for (boolean training : new boolean[] {true, false}) {
            try (TensorScope s = TensorScope.open()) {
                Tensor xt = MathOps.constant(Device.current().backend(), x, n, c, 2, 2);
                Tensor yFirst = first.call(List.of(xt), training);
                Tensor xl = MathOps.transpose(xt, 0, 2, 3, 1);
                Tensor yLast = MathOps.transpose(last.call(List.of(xl), training), 0, 3, 1, 2);
                assertArrayEquals(yLast.toFloatArray(), yFirst.toFloatArray(), 1e-5f);
            }
        }
        assertArrayEquals(last.movingVariance().read(), first.movingVariance().read(), 1e-6f);
    }

    @Test
    void fitMovesTheStatisticsAndEvaluateDoesNot() {
        KerasTensor in = Input.of(4);
        BatchNormalization bn = new BatchNormalization();
        KerasTensor out = new Dense(1).apply(bn.apply(in));
        try (Model m = new Model(in, out)) {
            m.compile("sgd", "mse");
            NDArray x = NDArray.of(data(32 * 4, 3, 5), 32, 4);
            NDArray y = NDArray.of(data(32, 0, 1), 32, 1);
            m.evaluate(x, y, new io.jkeras.EvaluateOptions().verbose(0));
            assertArrayEquals(new float[4], bn.movingMean().read());
            m.fit(x, y, new io.jkeras.FitOptions().epochs(1).batchSize(8).verbose(0));
            for (float v : bn.movingMean().read()) {
                // four updates of 1% towards a mean near 4
                assertTrue(v > 0.1 && v < 0.2, "moving mean " + v);
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().axis(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().momentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().epsilon(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNormalization().axis(3).apply(Input.of(4, 4)));
        assertTrue(e.getMessage().contains("axis 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().apply(Input.of(4, -1)));
    }
}
