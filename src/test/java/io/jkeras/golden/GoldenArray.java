package io.jkeras.golden;

import io.jkeras.NDArray;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.Arrays;

/** One float array of a golden file: its shape (empty for a scalar) and row-major values. */
public record GoldenArray(int[] shape, double[] values) {
    public GoldenArray {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + values.length);
        }
    }

    /** The values as float32: inputs were written so that this is exact. */
    public float[] floats() {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** The single value of a scalar (or one-element) array. */
    public double scalar() {
        if (values.length != 1) {
            throw new IllegalArgumentException("expected one value, got shape " + Arrays.toString(shape));
        }
        return values[0];
    }

    /** The shape without its first (batch) axis. */
    public int[] sampleShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    public NDArray toNDArray() {
        return NDArray.of(floats(), shape);
    }

    /** A device tensor holding the float32 values. */
    public Tensor toTensor(Backend backend) {
        return MathOps.constant(backend, floats(), shape);
    }
}
