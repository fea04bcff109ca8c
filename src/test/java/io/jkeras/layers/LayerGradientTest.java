package io.jkeras.layers;

import static io.jkeras.layers.LayerGradientCheck.build;
import static io.jkeras.layers.LayerGradientCheck.check;
import static io.jkeras.layers.LayerGradientCheck.random;

import io.jkeras.activations.Activations;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every layer's gradient rules, checked numerically through the layer itself (inputs and weights). */
class LayerGradientTest {
    private final Random r = new Random(9);

    /** Fixed weights (the seed) and inputs keep pre-activations away from the kinks of relu and friends. */
    @org.junit.jupiter.api.BeforeEach
    void seed() {
        io.jkeras.Utils.setRandomSeed(2024);
    }

    static java.util.List<String> activations() {
        return Activations.NAMES;
    }

    @ParameterizedTest
    @MethodSource("activations")
    void denseWithEachActivation(String activation) {
        Dense d = new Dense(3).activation(activation);
        build(d, new int[] {-1, 4});
        float[] x = random(r, 8, -1.5f, 1.5f);
        // keep kinked activations (relu, hard_sigmoid, elu, selu) away from their kinks
        check(d, true, 1e-2f, 3e-2f, 3e-3f, new float[][] {x}, new int[] {2, 4});
    }

    @ParameterizedTest
    @MethodSource("activations")
    void activationLayer(String activation) {
        Activation a = new Activation(activation);
        build(a, new int[] {-1, 5});
        float[] x = random(r, 10, -2f, 2f);
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) < 0.05f || Math.abs(Math.abs(x[i]) - 2.5f) < 0.05f) {
                x[i] += 0.2f;
            }
        }
        check(a, true, 1e-2f, 2e-2f, 2e-3f, new float[][] {x}, new int[] {2, 5});
    }

    @Test
    void denseOnRank3Input() {
        Dense d = new Dense(2).activation("tanh");
        build(d, new int[] {-1, 3, 4});
        check(d, true, 1e-2f, 2e-2f, 2e-3f, new float[][] {random(r, 24, -1, 1)}, new int[] {2, 3, 4});
    }

    @Test
    void dropoutAtInference() {
        Dropout d = new Dropout(0.4).seed(123);
        build(d, new int[] {-1, 30});
        float[] x = random(r, 60, -1, 1);
        // in training each call draws a new mask, so central differences would compare different
        // masks; the dropout op's gradient under one fixed mask is checked in MathOpsTest
        check(d, false, 1e-2f, 1e-3f, 1e-4f, new float[][] {x}, new int[] {2, 30});
    }

    @Test
    void flattenAndReshape() {
        Flatten f = new Flatten();
        build(f, new int[] {-1, 2, 3});
        check(f, true, 1e-2f, 1e-3f, 1e-4f, new float[][] {random(r, 12, -1, 1)}, new int[] {2, 2, 3});
        Reshape rs = new Reshape(3, -1);
        build(rs, new int[] {-1, 6});
        check(rs, true, 1e-2f, 1e-3f, 1e-4f, new float[][] {random(r, 12, -1, 1)}, new int[] {2, 6});
    }

    @Test
    void mergeLayers() {
        int[] s = {2, 3};
        Layer[] layers = {new Add(), new Subtract(), new Multiply(), new Average(), new Concatenate()};
        for (Layer l : layers) {
            build(l, new int[] {-1, 3}, new int[] {-1, 3});
            check(l, true, 1e-2f, 2e-2f, 2e-3f, new float[][] {random(r, 6, -1, 1), random(r, 6, -1, 1)}, s, s);
        }
        // maximum/minimum: operands far apart so no pair is within the step of a tie
        float[] a = {-0.9f, 0.5f, 0.1f, 0.8f, -0.3f, 0.2f};
        float[] b = {-0.2f, -0.4f, 0.7f, 0.1f, -0.8f, 0.9f};
        for (Layer l : new Layer[] {new Maximum(), new Minimum()}) {
            build(l, new int[] {-1, 3}, new int[] {-1, 3});
            check(l, true, 1e-2f, 2e-2f, 2e-3f, new float[][] {a, b}, s, s);
        }
        Add three = new Add();
        build(three, new int[] {-1, 3}, new int[] {-1, 3}, new int[] {-1, 3});
        check(three, true, 1e-2f, 2e-2f, 2e-3f,
                new float[][] {random(r, 6, -1, 1), random(r, 6, -1, 1), random(r, 6, -1, 1)}, s, s, s);
    }

    @Test
    void convolutionLayers() {
        Conv2D valid = new Conv2D(3, 2, 3).activation("tanh");
        build(valid, new int[] {-1, 5, 4, 2});
        check(valid, true, 1e-2f, 3e-2f, 3e-3f, new float[][] {random(r, 80, -1, 1)}, new int[] {2, 5, 4, 2});
        Conv2D same = new Conv2D(2, 3).strides(2).padding("same");
        build(same, new int[] {-1, 5, 5, 1});
        check(same, true, 1e-2f, 3e-2f, 3e-3f, new float[][] {random(r, 25, -1, 1)}, new int[] {1, 5, 5, 1});
    }

    @Test
    void poolingLayers() {
        // a permutation of well-separated values: no two cells of a window within the step of each other
        float[] x = new float[2 * 4 * 4 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 37) % x.length) * 0.05f - 1f;
        }
        int[] shape = {2, 4, 4, 3};
        Layer[] layers = {new MaxPooling2D(2), new AveragePooling2D(3).strides(2).padding("same"),
            new GlobalAveragePooling2D(), new GlobalMaxPooling2D()};
        for (Layer l : layers) {
            build(l, new int[] {-1, 4, 4, 3});
            check(l, true, 1e-2f, 2e-2f, 2e-3f, new float[][] {x}, shape);
        }
    }

    @Test
    void batchNormalizationInTrainingAndInference() {
        BatchNormalization bn = new BatchNormalization();
        build(bn, new int[] {-1, 3, 2});
        float[] x = random(r, 4 * 3 * 2, -2, 2);
        check(bn, true, 1e-2f, 3e-2f, 3e-3f, new float[][] {x}, new int[] {4, 3, 2});
        check(bn, false, 1e-2f, 3e-2f, 3e-3f, new float[][] {x}, new int[] {4, 3, 2});
    }
}
