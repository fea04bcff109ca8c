package io.jkeras.training;

import io.jkeras.NDArray;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch on the device: inputs, targets and weights (null entries where an output has no
 * targets or no weights). Made inside the step's tensor scope, so it is freed with the step.
 */
record DeviceBatch(List<Tensor> x, List<Tensor> y, List<Tensor> w, int size) {

    /** Uploads rows {@code order[from..to)} (or {@code [from, to)} when order is null). */
    static DeviceBatch upload(ArrayData data, int[] order, int from, int to, Backend backend, Staging staging) {
        return new DeviceBatch(uploadAll(data.x(), order, from, to, backend, staging, 0),
                uploadAll(data.y(), order, from, to, backend, staging, data.x().size()),
                uploadAll(data.weights(), order, from, to, backend, staging, data.x().size() + data.y().size()),
                to - from);
    }

    static List<Tensor> uploadAll(List<NDArray> arrays, int[] order, int from, int to, Backend backend,
                                  Staging staging, int slot0) {
        List<Tensor> out = new ArrayList<>(arrays.size());
        for (int i = 0; i < arrays.size(); i++) {
            NDArray a = arrays.get(i);
            if (a == null) {
                out.add(null);
                continue;
            }
            int[] shape = a.shape();
            shape[0] = to - from;
            Tensor t = backend.allocate(shape);
            if (order == null) {
                a.copyRowsTo(from, to, t);
            } else {
                a.gatherRowsTo(order, from, to, staging.get(slot0 + i, (to - from) * a.rowSize()), t);
            }
            out.add(t);
        }
        return out;
    }

    /** Host arrays reused for gathering shuffled rows, one per array. */
    static final class Staging {
        private final List<float[]> arrays = new ArrayList<>();

        float[] get(int slot, int size) {
            while (arrays.size() <= slot) {
                arrays.add(new float[0]);
            }
            if (arrays.get(slot).length < size) {
                arrays.set(slot, new float[size]);
            }
            return arrays.get(slot);
        }
    }
}
