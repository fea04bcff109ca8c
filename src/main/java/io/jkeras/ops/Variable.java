package io.jkeras.ops;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import java.util.Arrays;

/**
 * A named tensor that lives on the device across steps: a layer's weight, an optimizer's
 * slot, a metric's accumulator. Its value is replaced in place, never reallocated, so the
 * memory pool sees no traffic from it after creation.
 */
public final class Variable implements AutoCloseable {
    private final String name;
    private final Tensor value;
    private boolean trainable;

    public Variable(String name, Backend backend, float[] initial, int[] shape, boolean trainable) {
        this.name = name;
        this.value = TensorScope.outside(() -> MathOps.constant(backend, initial, shape));
        this.trainable = trainable;
    }

    /** A variable of zeros. */
    public static Variable zeros(String name, Backend backend, int[] shape) {
        return new Variable(name, backend, new float[size(shape)], shape, false);
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public int[] shape() {
        return value.shape();
    }

    public int size() {
        return value.size();
    }

    public boolean trainable() {
        return trainable;
    }

    public void trainable(boolean t) {
        this.trainable = t;
    }

    public float[] read() {
        return value.toFloatArray();
    }

    /** Replaces the value with host data of the same shape. */
    public void assign(float[] data) {
        if (data.length != value.size()) {
            throw new IllegalArgumentException("Variable " + name + " has shape " + Arrays.toString(value.shape())
                    + " (" + value.size() + " values), got " + data.length + " values");
        }
        value.backend().upload(data, 0, value);
    }

    /** Replaces the value with a device tensor of the same size. */
    public void assign(Tensor t) {
        value.backend().copy(t, value);
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "Variable[" + name + ", " + Arrays.toString(value.shape()) + "]";
    }
}
