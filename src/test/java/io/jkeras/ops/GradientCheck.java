package io.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The shared checker for gradient rules: the op's output is contracted with fixed random
 * weights to a scalar, and the tape's gradient with respect to each input is compared with
 * central differences of that scalar.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    public static Backend cpu() {
        return Device.cpu().backend();
    }

    /** Random values in [lo, hi). */
    public static float[] uniform(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }

    /**
     * Checks {@code f} at {@code inputs} (host values and shapes) with step {@code eps}; fails
     * when |analytic - numeric| > atol + rtol * |numeric| for any element.
     */
    public static void check(String name, Function<List<Tensor>, Tensor> f, List<float[]> values, List<int[]> shapes,
                             float eps, float rtol, float atol) {
        Backend be = cpu();
        Random r = new Random(7);
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> inputs = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                inputs.add(MathOps.constant(be, values.get(i), shapes.get(i)));
            }
            float[] weights;
            float[] analytic[];
            try (Tape tape = Tape.start()) {
                inputs.forEach(tape::watch);
                Tensor y = f.apply(inputs);
                weights = uniform(r, y.size(), -1f, 1f);
                Tensor w = MathOps.constant(be, weights, y.shape());
                Tensor loss = MathOps.sum(MathOps.mul(y, w));
                Tensor[] grads = tape.gradient(loss, null, inputs);
                analytic = new float[grads.length][];
                for (int i = 0; i < grads.length; i++) {
                    analytic[i] = grads[i] == null ? new float[values.get(i).length] : grads[i].toFloatArray();
                }
            }
            for (int i = 0; i < values.size(); i++) {
                float[] v = values.get(i).clone();
                for (int j = 0; j < v.length; j++) {
                    float orig = v[j];
                    v[j] = orig + eps;
                    double plus = contract(f, be, values, shapes, i, v, weights);
                    v[j] = orig - eps;
                    double minus = contract(f, be, values, shapes, i, v, weights);
                    v[j] = orig;
                    double numeric = (plus - minus) / (2 * eps);
                    double err = Math.abs(analytic[i][j] - numeric);
                    if (err > atol + rtol * Math.abs(numeric)) {
                        fail(name + ": gradient of input " + i + " element " + j + " is " + analytic[i][j]
                                + ", numerically " + numeric + " (input " + Arrays.toString(shapes.get(i)) + ")");
                    }
                }
            }
        }
    }

    private static double contract(Function<List<Tensor>, Tensor> f, Backend be, List<float[]> values,
                                   List<int[]> shapes, int replaced, float[] replacement, float[] weights) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> inputs = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                inputs.add(MathOps.constant(be, i == replaced ? replacement : values.get(i), shapes.get(i)));
            }
            float[] y = f.apply(inputs).toFloatArray();
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += (double) y[k] * weights[k];
            }
            return s;
        }
    }

    public static void check(String name, Function<List<Tensor>, Tensor> f, List<float[]> values, List<int[]> shapes) {
        check(name, f, values, shapes, 1e-2f, 2e-2f, 2e-3f);
    }

    static void assertClose(float[] expected, float[] actual, float tol) {
        assertTrue(expected.length == actual.length, "lengths " + expected.length + " vs " + actual.length);
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            if (Math.abs(e - actual[i]) > tol * Math.max(1f, Math.abs(e))) {
                fail("element " + i + ": expected " + e + " but was " + actual[i]);
            }
        }
    }
}
