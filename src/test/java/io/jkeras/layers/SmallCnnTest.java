package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.History;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryStats;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallCnnTest {

    @Test
    void smallCnnLearnsWhereTheBrightBarIs() {
        Utils.setRandomSeed(2);
        Random r = new Random(4);
        int n = 96, h = 10, w = 10;
        float[] x = new float[n * h * w];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            // noise, plus a bright vertical bar in the left (class 0) or right (class 1) half
            labels[i] = i % 2;
            int col = labels[i] == 0 ? r.nextInt(4) : 6 + r.nextInt(4);
            for (int p = 0; p < h * w; p++) {
                x[i * h * w + p] = 0.3f * r.nextFloat() + (p % w == col ? 1f : 0f);
            }
        }
        KerasTensor in = Input.of(h, w, 1);
        KerasTensor t = new Conv2D(6, 3).padding("same").apply(in);
        t = new BatchNormalization().momentum(0.9).apply(t);
        t = new Activation("relu").apply(t);
        t = new MaxPooling2D().apply(t);
        t = new Conv2D(8, 3).strides(2).activation("relu").apply(t);
        t = new AveragePooling2D(2).strides(1).padding("same").apply(t);
        KerasTensor a = new GlobalAveragePooling2D().apply(t);
        KerasTensor b = new GlobalMaxPooling2D().apply(t);
        KerasTensor out = new Dense(2).activation("softmax").apply(new Concatenate().apply(a, b));
        try (Model m = new Model(in, out)) {
            assertArrayEquals(new int[] {-1, 2}, out.shape());
            assertEquals(60 + 24 + 440 + 34, m.countParams());
            m.compile("adam", "categorical_crossentropy", "accuracy");
            NDArray xs = NDArray.of(x, n, h, w, 1);
            NDArray ys = Utils.toCategorical(labels, 2);
            History hist = m.fit(xs, ys, new FitOptions().epochs(15).batchSize(16).verbose(0));
            List<Double> loss = hist.history().get("loss");
            assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss " + loss);
            List<Double> ev = m.evaluate(xs, ys, new EvaluateOptions().verbose(0));
            assertTrue(ev.get(1) > 0.85, "accuracy " + ev);
            // steady-state training steps take all their memory from the pool's cache
            NDArray bx = xs.slice(0, 16);
            NDArray by = ys.slice(0, 16);
            m.trainOnBatch(bx, by);
            MemoryStats before = Device.current().memoryStats();
            for (int i = 0; i < 5; i++) {
                m.trainOnBatch(bx, by);
            }
            MemoryStats after = Device.current().memoryStats();
            assertEquals(before.rawAllocations(), after.rawAllocations());
            assertEquals(before.bytesInUse(), after.bytesInUse());
        }
    }
}
