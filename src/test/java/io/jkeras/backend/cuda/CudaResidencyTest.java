package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryStats;
import io.jkeras.backend.TransferStats;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The residency rule: once a model has taken two steps, further steps of the same
 * shapes make no raw device allocation and upload nothing but the batch (its inputs and
 * targets, one copy each). Checked on the CUDA backend (tag gpu, skipped without a usable
 * GPU) and, as the same program on the other backend, on the CPU, which keeps the test
 * itself honest where there is no GPU.
 */
class CudaResidencyTest {
    private static final int STEPS = 5;

    @Test
    @Tag("gpu")
    void cudaStepsStayOnTheDevice() {
        String why = CudaBackend.unavailableReason(0);
        assumeTrue(why == null, "CUDA is not usable here: " + why);
        checkResidency(Device.cuda(0));
    }

    @Test
    void cpuStepsFollowTheSameRule() {
        checkResidency(Device.cpu());
    }

    private static void checkResidency(Device device) {
        Device saved = Device.current();
        Device.set(device);
        try {
            Utils.setRandomSeed(11);
            Random r = new Random(5);
            int batch = 32;
            KerasTensor in = Input.of(12, 12, 1);
            KerasTensor h = new Conv2D(8, 3).padding("same").activation("relu").apply(in);
            h = new MaxPooling2D(2).apply(h);
            h = new BatchNormalization().apply(h);
            h = new Flatten().apply(h);
            h = new Dropout(0.2).apply(h);
            h = new Dense(16).activation("relu").apply(h);
            KerasTensor out = new Dense(4).activation("softmax").apply(h);
            try (Model m = new Model(in, out)) {
                m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
                float[] x = new float[batch * 144];
                float[] y = new float[batch];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                for (int i = 0; i < batch; i++) {
                    y[i] = r.nextInt(4);
                }
                NDArray xs = NDArray.of(x, batch, 12, 12, 1);
                NDArray ys = NDArray.of(y, batch);
                m.trainOnBatch(xs, ys);
                m.trainOnBatch(xs, ys);
                Backend be = device.backend();
                MemoryStats memBefore = be.pool().stats();
                TransferStats before = be.transferStats();
                for (int i = 0; i < STEPS; i++) {
                    m.trainOnBatch(xs, ys);
                }
                MemoryStats memAfter = be.pool().stats();
                TransferStats after = be.transferStats();
                assertEquals(memBefore.rawAllocations(), memAfter.rawAllocations(), "raw allocations in steady steps");
                assertEquals(memBefore.bytesInUse(), memAfter.bytesInUse(), "bytes in use after steady steps");
                assertEquals(2L * STEPS, after.uploads() - before.uploads(), "uploads: inputs and targets per step");
                assertEquals(4L * STEPS * (x.length + y.length), after.uploadBytes() - before.uploadBytes(),
                        "bytes uploaded: the batch only");
            }
        } finally {
            Device.set(saved);
        }
    }
}
