package io.jkeras.golden;

import io.jkeras.CompileOptions;
import io.jkeras.Model;
import io.jkeras.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Optimizers against Keras 2.3's update rules run in PyTorch (golden/optimizers.txt): the
 * probe model takes a few train_on_batch steps on one batch; each step's reported loss, the
 * final weights and the distance the weights moved must match.
 */
class GoldenOptimizersTest {
    /** The displacement is a difference of nearby float32 weights: a looser relative bound. */
    private static final double DISPLACEMENT_RTOL = 1e-3;
    private static final double DISPLACEMENT_ATOL = 1e-7;

    @TestFactory
    Stream<DynamicTest> optimizers() {
        return GoldenFile.read("optimizers.txt").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(GoldenCase c) {
        try (Model m = GoldenModels.model(c)) {
            m.compile(new CompileOptions().optimizer(GoldenModels.optimizer(c)).loss("mse"));
            NDArray x = c.array("x").toNDArray();
            NDArray y = c.array("y").toNDArray();
            GoldenArray expectedLosses = c.array("step_losses");
            List<Double> losses = new ArrayList<>();
            for (int i = 0; i < expectedLosses.values().length; i++) {
                losses.add(m.trainOnBatch(x, y).get(0));
            }
            GoldenAssert.assertClose(c + " step losses", expectedLosses, losses);
            GoldenModels.assertFinalWeights(c, m);
            // the weights moved by little: compare the move itself, so that a small error in an
            // update rule is not hidden by the size of the weights
            List<NDArray> actual = m.getWeights();
            for (int i = 0; i < actual.size(); i++) {
                double[] start = c.array("w" + i).values();
                double[] end = c.array("final_w" + i).values();
                float[] got = actual.get(i).toFloatArray();
                double[] want = new double[start.length];
                double[] moved = new double[start.length];
                for (int j = 0; j < start.length; j++) {
                    want[j] = end[j] - start[j];
                    moved[j] = (double) got[j] - start[j];
                }
                GoldenAssert.assertClose(c + " displacement of weight " + i, want, moved, DISPLACEMENT_RTOL,
                        DISPLACEMENT_ATOL);
            }
        }
    }
}
