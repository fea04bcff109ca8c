package io.jkeras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryStats;
import io.jkeras.backend.TransferStats;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** After the second trainOnBatch of a shape, steps make no raw allocation and move only the batch up. */
class DeviceResidencyTest {

    @Test
    void steadyStateTrainOnBatchAllocatesNothingAndUploadsOnlyTheBatch() {
        Utils.setRandomSeed(5);
        Random r = new Random(2);
        float[] x = new float[64 * 20];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
        }
        NDArray xs = NDArray.of(x, 64, 20);
        NDArray ys = Utils.toCategorical(labels, 3);
        KerasTensor in = Input.of(20);
        KerasTensor h = new Dense(32).activation("relu").apply(in);
        h = new Dropout(0.3).apply(h);
        KerasTensor out = new Dense(3).activation("softmax").apply(h);
        var backend = Device.current().backend();
        try (Model m = new Model(in, out)) {
            m.compile("adam", "categorical_crossentropy", "accuracy");
            m.trainOnBatch(xs, ys);
            m.trainOnBatch(xs, ys);
            MemoryStats before = Device.current().memoryStats();
            TransferStats up = backend.transferStats();
            int steps = 50;
            for (int i = 0; i < steps; i++) {
                m.trainOnBatch(xs, ys);
            }
            MemoryStats after = Device.current().memoryStats();
            TransferStats up2 = backend.transferStats();
            assertEquals(before.rawAllocations(), after.rawAllocations(), "raw allocations in steady state");
            assertEquals(before.bytesInUse(), after.bytesInUse(), "nothing leaks between steps");
            long batchBytes = 4L * (xs.size() + ys.size());
            assertEquals(steps * batchBytes, up2.uploadBytes() - up.uploadBytes(), "only the batch goes up");
            assertEquals(steps * 2L, up2.uploads() - up.uploads(), "one upload per array");
            // trainOnBatch returns loss and accuracy: two scalars come down per metric read
            assertTrue(up2.downloadBytes() - up.downloadBytes() <= steps * 4L * 8, "only scalars come down");
        }
        assertTrue(Device.current().memoryStats().bytesInUse() < 1 << 20, "close() gave the model's memory back");
    }
}
