package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.initializers.Identity;
import io.jkeras.initializers.Initializers;
import io.jkeras.initializers.Orthogonal;
import io.jkeras.initializers.RandomNormal;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.Subtract;
import io.jkeras.regularizers.Regularizers;
import java.util.List;
import java.util.Random;

/** Models and data shared by the saving tests, and bit-for-bit comparisons. */
final class SavingFixtures {
    private SavingFixtures() {
    }

    /**
     * Every layer type jkeras has, non-default options on each, two inputs, two outputs and a
     * Dense layer shared by two branches.
     */
    static Model everyLayer() {
        KerasTensor img = Input.of("img", 8, 8, 2);
        KerasTensor vec = Input.of("vec", 6);
        KerasTensor c1 = new Conv2D(4, 3).padding("same").activation("relu").kernelRegularizer(Regularizers.l2(0.01))
                .biasInitializer(Initializers.constant(0.05)).apply(img);
        KerasTensor bn = new BatchNormalization().momentum(0.9).epsilon(1e-2)
                .gammaInitializer(new RandomUniform(0.9, 1.1)).betaRegularizer(Regularizers.l1L2(0.001, 0.002))
                .apply(c1);
        KerasTensor act = new Activation("tanh").name("my_tanh").apply(bn);
        KerasTensor mp = new MaxPooling2D().apply(act);
        KerasTensor ap = new AveragePooling2D(2).strides(1).padding("same").apply(mp);
        KerasTensor c2 = new Conv2D(3, 2, 2).dilationRate(2).useBias(false).kernelInitializer("he_normal").apply(ap);
        KerasTensor gap = new GlobalAveragePooling2D().apply(c2);
        KerasTensor gmp = new GlobalMaxPooling2D().apply(c2);
        KerasTensor flat = new Flatten().apply(c2);
        KerasTensor toSix = new Dense(6).kernelInitializer(new Orthogonal(1.5)).activation("elu").apply(flat);
        Dense shared = new Dense(3).activation("sigmoid").name("shared")
                .kernelInitializer(new RandomNormal(0, 0.3, true));
        KerasTensor s1 = shared.apply(vec);
        KerasTensor s2 = shared.apply(toSix);
        KerasTensor add = new Add().apply(gap, gmp, s1);
        KerasTensor sub = new Subtract().apply(gap, s2);
        KerasTensor mul = new Multiply().apply(gap, gmp);
        KerasTensor avg = new Average().apply(s1, s2);
        KerasTensor max = new Maximum().apply(gmp, s2);
        KerasTensor min = new Minimum().apply(s1, gap);
        KerasTensor cat = new Concatenate().apply(add, sub, mul, avg, max, min);
        KerasTensor drop = new Dropout(0.3).apply(cat);
        KerasTensor rs = new Reshape(3, -1).apply(drop);
        KerasTensor cat2 = new Concatenate(1).apply(rs, rs);
        KerasTensor flat2 = new Flatten().apply(cat2);
        KerasTensor out1 = new Dense(2).activation("softmax").name("main")
                .kernelInitializer(new RandomNormal(0, 0.2, false)).biasRegularizer(Regularizers.l1(0.01)).apply(flat2);
        KerasTensor out2 = new Dense(3).name("aux").kernelInitializer(new Identity(0.5)).trainable(false).apply(s2);
        return new Model(List.of(img, vec), List.of(out1, out2), "every_layer");
    }

    static NDArray random(Random r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NDArray.of(v, shape);
    }

    static NDArray oneHot(Random r, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        return io.jkeras.Utils.toCategorical(labels, classes);
    }

    /** Same count, shapes and bits. */
    static void assertSameWeights(List<NDArray> expected, List<NDArray> actual) {
        assertEquals(expected.size(), actual.size(), "number of weights");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).shape(), actual.get(i).shape(), "shape of weight " + i);
            assertBits(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), "weight " + i);
        }
    }

    static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + " differs at " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    /** Each layer's config, as the file would hold it (arrays compare by content this way). */
    static String configs(Model m) {
        StringBuilder out = new StringBuilder();
        for (Layer l : m.layers()) {
            out.append(l.getClass().getSimpleName()).append(' ').append(Json.write(l.getConfig()));
        }
        return out.toString();
    }
}
