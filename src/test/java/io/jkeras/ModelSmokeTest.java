package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryStats;
import io.jkeras.layers.Dense;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelSmokeTest {
    @Test
    void mlpLearnsAndStopsAllocating() {
        Utils.setRandomSeed(1);
        Random r = new Random(0);
        int n = 256;
        float[] x = new float[n * 8];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) r.nextGaussian();
                s += x[i * 8 + j] * (j % 2 == 0 ? 1 : -1);
            }
            labels[i] = s > 0 ? 1 : 0;
        }
        KerasTensor in = Input.of(8);
        KerasTensor h = new Dense(16).activation("relu").apply(in);
        KerasTensor out = new Dense(2).activation("softmax").apply(h);
        try (Model m = new Model(in, out)) {
            m.compile("adam", "categorical_crossentropy", "accuracy");
            NDArray xs = NDArray.of(x, n, 8);
            NDArray ys = Utils.toCategorical(labels, 2);
            History hist = m.fit(xs, ys, new FitOptions().epochs(30).batchSize(32).verbose(0));
            List<Double> loss = hist.history().get("loss");
            assertTrue(loss.get(loss.size() - 1) < loss.get(0) * 0.5, "loss " + loss);
            List<Double> ev = m.evaluate(xs, ys, new EvaluateOptions().verbose(0));
            assertTrue(ev.get(1) > 0.9, "accuracy " + ev);
            NDArray batchX = xs.slice(0, 32);
            NDArray batchY = ys.slice(0, 32);
            m.trainOnBatch(batchX, batchY);
            m.trainOnBatch(batchX, batchY);
            MemoryStats before = Device.current().memoryStats();
            for (int i = 0; i < 20; i++) {
                m.trainOnBatch(batchX, batchY);
            }
            MemoryStats after = Device.current().memoryStats();
            assertEquals(before.rawAllocations(), after.rawAllocations());
            assertEquals(before.bytesInUse(), after.bytesInUse());
            System.out.println(m.summary());
        }
    }
}
