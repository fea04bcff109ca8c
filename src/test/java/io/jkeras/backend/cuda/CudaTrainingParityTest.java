package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.CompileOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.Device;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole training steps on the GPU and on the CPU from the same seed: the same model is
 * built with each device current (weights are drawn on the host from the seed, so both
 * start equal), takes the same batches, and must end with the same losses and weights
 * within float32 tolerance. Dropout draws the same masks on both, so it is included.
 * Tagged gpu; skipped where CUDA is not usable (or run against the CPU itself with
 * {@code -Djkeras.parity.candidate=cpu}, to check the test).
 */
@Tag("gpu")
class CudaTrainingParityTest {
    private static final int STEPS = 3;

    @Test
    void mlpStepsMatch() {
        Random r = new Random(1);
        int batch = 64;
        float[] x = new float[batch * 20];
        float[] y = new float[batch * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            y[i * 3 + r.nextInt(3)] = 1f;
        }
        NDArray xs = NDArray.of(x, batch, 20);
        NDArray ys = NDArray.of(y, batch, 3);
        Supplier<Model> build = () -> {
            KerasTensor in = Input.of(20);
            KerasTensor h = new Dense(64).activation("relu").apply(in);
            h = new Dropout(0.3).apply(h);
            h = new Dense(32).activation("tanh").apply(h);
            KerasTensor out = new Dense(3).activation("softmax").apply(h);
            Model m = new Model(in, out);
            m.compile(new CompileOptions().optimizer(new SGD().learningRate(0.05).momentum(0.9).nesterov(true))
                    .loss("categorical_crossentropy").metrics("accuracy"));
            return m;
        };
        compare("MLP", build, xs, ys);
    }

    @Test
    void smallCnnStepsMatch() {
        Random r = new Random(2);
        int batch = 16;
        float[] x = new float[batch * 14 * 14];
        float[] y = new float[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(5);
        }
        NDArray xs = NDArray.of(x, batch, 14, 14, 1);
        NDArray ys = NDArray.of(y, batch);
        Supplier<Model> build = () -> {
            KerasTensor in = Input.of(14, 14, 1);
            KerasTensor h = new Conv2D(8, 3).padding("same").activation("relu").apply(in);
            h = new MaxPooling2D(2).apply(h);
            h = new Conv2D(16, 3).strides(2, 2).apply(h);
            h = new BatchNormalization().apply(h);
            h = new Flatten().apply(h);
            h = new Dropout(0.25).apply(h);
            KerasTensor out = new Dense(5).activation("softmax").apply(h);
            Model m = new Model(in, out);
            m.compile(new CompileOptions().optimizer(new Adam()).loss("sparse_categorical_crossentropy")
                    .metrics("accuracy"));
            return m;
        };
        compare("CNN", build, xs, ys);
    }

    /** Runs the same seeded program on both devices and compares what it saw. */
    private static void compare(String what, Supplier<Model> build, NDArray xs, NDArray ys) {
        Device candidate = Parity.candidate();
        Run cpu = run(Device.cpu(), build, xs, ys);
        Run gpu = run(candidate, build, xs, ys);
        for (int i = 0; i < cpu.initial.size(); i++) {
            Parity.assertAllClose(what + " initial weight " + i, cpu.initial.get(i), gpu.initial.get(i), 0, 0);
        }
        for (int s = 0; s < STEPS; s++) {
            List<Double> a = cpu.scores.get(s);
            List<Double> b = gpu.scores.get(s);
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                if (Math.abs(a.get(k) - b.get(k)) > 1e-4 + 1e-4 * Math.abs(a.get(k))) {
                    fail(what + " step " + s + ": score " + k + " is " + a.get(k) + " on the CPU, " + b.get(k)
                            + " on " + candidate);
                }
            }
        }
        for (int i = 0; i < cpu.trained.size(); i++) {
            Parity.assertAllClose(what + " weight " + i + " after " + STEPS + " steps", cpu.trained.get(i), gpu.trained.get(i),
                    1e-3, 1e-5);
        }
    }

    private record Run(List<float[]> initial, List<List<Double>> scores, List<float[]> trained) {
    }

    private static Run run(Device device, Supplier<Model> build, NDArray xs, NDArray ys) {
        Device saved = Device.current();
        Device.set(device);
        Utils.clearSession();
        Utils.setRandomSeed(1234);
        try (Model m = build.get()) {
            List<float[]> initial = weights(m);
            List<List<Double>> scores = new ArrayList<>();
            for (int s = 0; s < STEPS; s++) {
                scores.add(m.trainOnBatch(xs, ys));
            }
            return new Run(initial, scores, weights(m));
        } finally {
            Device.set(saved);
        }
    }

    private static List<float[]> weights(Model m) {
        List<float[]> out = new ArrayList<>();
        for (NDArray w : m.getWeights()) {
            out.add(w.toFloatArray());
        }
        return out;
    }
}
