package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.KerasTensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Numerical gradient check of a whole layer: the gradients of {@code sum(call(inputs) * R)}
 * (R fixed and random) with respect to every input and every trainable weight, from the tape,
 * against central differences. Weights are perturbed in place through their Variables.
 */
final class LayerGradientCheck {
    private LayerGradientCheck() {
    }

    /** Applies {@code layer} to symbolic inputs of {@code shapes} (batch included) so it builds. */
    static void build(Layer layer, int[]... shapes) {
        List<KerasTensor> in = new ArrayList<>();
        for (int[] s : shapes) {
            in.add(new InputLayer(null, Arrays.copyOfRange(s, 1, s.length)).output());
        }
        layer.apply(in);
    }

    static void check(Layer layer, boolean training, float eps, float rtol, float atol, float[][] inputs,
                      int[]... shapes) {
        Backend be = Device.current().backend();
        Random r = new Random(17);
        List<Variable> weights = layer.trainableWeights();
        float[] upstream;
        float[][] analyticIn = new float[inputs.length][];
        float[][] analyticW = new float[weights.size()][];
        try (TensorScope scope = TensorScope.open(); Tape tape = Tape.start()) {
            List<Tensor> xs = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                Tensor t = MathOps.constant(be, inputs[i], shapes[i]);
                tape.watch(t);
                xs.add(t);
            }
            List<Tensor> sources = new ArrayList<>(xs);
            for (Variable v : weights) {
                tape.watch(v.value());
                sources.add(v.value());
            }
            Tensor y = layer.call(xs, training);
            upstream = new float[y.size()];
            for (int i = 0; i < upstream.length; i++) {
                upstream[i] = r.nextFloat() * 2 - 1;
            }
            Tensor loss = MathOps.sum(MathOps.mul(y, MathOps.constant(be, upstream, y.shape())));
            Tensor[] g = tape.gradient(loss, null, sources);
            for (int i = 0; i < inputs.length; i++) {
                analyticIn[i] = g[i] == null ? new float[inputs[i].length] : g[i].toFloatArray();
            }
            for (int w = 0; w < weights.size(); w++) {
                Tensor gw = g[inputs.length + w];
                analyticW[w] = gw == null ? new float[weights.get(w).size()] : gw.toFloatArray();
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            float[] v = inputs[i].clone();
            for (int j = 0; j < v.length; j++) {
                float orig = v[j];
                v[j] = orig + eps;
                double plus = contract(layer, training, be, inputs, shapes, i, v, upstream);
                v[j] = orig - eps;
                double minus = contract(layer, training, be, inputs, shapes, i, v, upstream);
                v[j] = orig;
                compare(layer, "input " + i, j, analyticIn[i][j], (plus - minus) / (2 * eps), rtol, atol);
            }
        }
        for (int w = 0; w < weights.size(); w++) {
            Variable var = weights.get(w);
            float[] v = var.read();
            for (int j = 0; j < v.length; j++) {
                float orig = v[j];
                v[j] = orig + eps;
                var.assign(v);
                double plus = contract(layer, training, be, inputs, shapes, -1, null, upstream);
                v[j] = orig - eps;
                var.assign(v);
                double minus = contract(layer, training, be, inputs, shapes, -1, null, upstream);
                v[j] = orig;
                var.assign(v);
                compare(layer, "weight " + var.name(), j, analyticW[w][j], (plus - minus) / (2 * eps), rtol, atol);
            }
        }
    }

    private static void compare(Layer layer, String what, int j, double analytic, double numeric, float rtol, float atol) {
        if (Math.abs(analytic - numeric) > atol + rtol * Math.abs(numeric)) {
            fail(layer + ": gradient of " + what + " element " + j + " is " + analytic + ", numerically " + numeric);
        }
    }

    private static double contract(Layer layer, boolean training, Backend be, float[][] inputs, int[][] shapes,
                                   int replaced, float[] replacement, float[] upstream) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> xs = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                xs.add(MathOps.constant(be, i == replaced ? replacement : inputs[i], shapes[i]));
            }
            float[] y = layer.call(xs, training).toFloatArray();
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += (double) y[k] * upstream[k];
            }
            return s;
        }
    }

    static float[] random(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }
}
