package io.jkeras.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.TensorScope;
import io.jkeras.layers.Dense;
import io.jkeras.ops.GradientCheck;
import io.jkeras.ops.MathOps;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegularizersTest {
    private static final int[] SHAPE = {3, 4};

    /** Values kept away from 0, where |w| has its kink. */
    private static float[] weights() {
        float[] w = GradientCheck.uniform(new Random(3), 12, 0.2f, 1.5f);
        for (int i = 0; i < w.length; i += 2) {
            w[i] = -w[i];
        }
        return w;
    }

    private static double penalty(Regularizer r, float[] w) {
        try (TensorScope scope = TensorScope.open()) {
            return r.penalty(MathOps.constant(GradientCheck.cpu(), w, SHAPE)).item();
        }
    }

    private static double hostPenalty(double l1, double l2, float[] w) {
        double a = 0;
        double q = 0;
        for (float x : w) {
            a += Math.abs(x);
            q += (double) x * x;
        }
        return l1 * a + l2 * q;
    }

    @Test
    void penalties() {
        float[] w = weights();
        assertEquals(hostPenalty(0.01, 0, w), penalty(Regularizers.l1(), w), 1e-7);
        assertEquals(hostPenalty(0, 0.01, w), penalty(Regularizers.l2(), w), 1e-7);
        assertEquals(hostPenalty(0.3, 0, w), penalty(Regularizers.l1(0.3), w), 1e-6);
        assertEquals(hostPenalty(0, 0.2, w), penalty(Regularizers.l2(0.2), w), 1e-6);
        assertEquals(hostPenalty(0.3, 0.2, w), penalty(Regularizers.l1L2(0.3, 0.2), w), 1e-6);
        assertEquals(0, penalty(Regularizers.l1L2(0, 0), w));
    }

    @Test
    void gradients() {
        float[] w = weights();
        for (Regularizer r : List.of(Regularizers.l1(0.3), Regularizers.l2(0.2), Regularizers.l1L2(0.3, 0.2))) {
            GradientCheck.check(r.toString(), in -> r.penalty(in.get(0)), List.of(w), List.of(SHAPE));
        }
    }

    @Test
    void namesAndArguments() {
        L1L2 l1 = assertInstanceOf(L1L2.class, Regularizers.get("l1"));
        assertEquals(0.01, l1.l1(), 1e-9);
        assertEquals(0, l1.l2());
        L1L2 l2 = assertInstanceOf(L1L2.class, Regularizers.get("L2"));
        assertEquals(0, l2.l1());
        assertEquals(0.01, l2.l2(), 1e-9);
        L1L2 both = assertInstanceOf(L1L2.class, Regularizers.get("l1_l2"));
        assertEquals(0.01, both.l1(), 1e-9);
        assertEquals(0.01, both.l2(), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
        assertEquals("Unknown regularizer: l3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizers.get(null));
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(-1));
        assertTrue(neg.getMessage().contains("l2") && neg.getMessage().contains("-1"), neg.getMessage());
    }

    /**
     * A Dense kernel regularizer adds its penalty (at the weights before the update) to the
     * loss trainOnBatch reports, and its gradient to the update: with plain SGD the two
     * kernels differ by exactly {@code lr * (l1 sign(W) + 2 l2 W)} after one step.
     */
    @Test
    void denseKernelPenaltyJoinsTheTrainingLossAndItsGradient() {
        double l1 = 0.01;
        double l2 = 0.02;
        double lr = 0.1;
        Random r = new Random(5);
        float[] x = GradientCheck.uniform(r, 8 * 4, -1, 1);
        float[] y = GradientCheck.uniform(r, 8 * 2, -1, 1);
        NDArray xs = NDArray.of(x, 8, 4);
        NDArray ys = NDArray.of(y, 8, 2);
        try (Model plain = build(null, lr); Model regularized = build(Regularizers.l1L2(l1, l2), lr)) {
            regularized.setWeights(plain.getWeights());
            float[] kernel = plain.getWeights().get(0).toFloatArray();
            double penalty = hostPenalty(l1, l2, kernel);
            assertTrue(penalty > 0.01, "penalty " + penalty + " is large enough to see");

            double test = regularized.testOnBatch(xs, ys).get(0);
            assertEquals(plain.testOnBatch(xs, ys).get(0) + penalty, test, 1e-5);
            double base = plain.trainOnBatch(xs, ys).get(0);
            double withPenalty = regularized.trainOnBatch(xs, ys).get(0);
            assertEquals(base + penalty, withPenalty, 1e-5);

            float[] a = plain.getWeights().get(0).toFloatArray();
            float[] b = regularized.getWeights().get(0).toFloatArray();
            for (int i = 0; i < kernel.length; i++) {
                double expected = -lr * (l1 * Math.signum(kernel[i]) + 2 * l2 * kernel[i]);
                assertEquals(expected, b[i] - a[i], 2e-6, "kernel element " + i);
            }
            // the unregularized bias and second layer move identically
            assertEquals(plain.getWeights().get(1).toFloatArray()[0], regularized.getWeights().get(1).toFloatArray()[0],
                    1e-6);
        }
    }

    private static Model build(Regularizer kernelRegularizer, double lr) {
        Utils.setRandomSeed(7);
        KerasTensor in = Input.of(4);
        Dense hidden = new Dense(3).activation("tanh");
        if (kernelRegularizer != null) {
            hidden.kernelRegularizer(kernelRegularizer);
        }
        KerasTensor out = new Dense(2).apply(hidden.apply(in));
        Model m = new Model(in, out);
        m.compile(new SGD().learningRate(lr), "mse");
        return m;
    }
}
