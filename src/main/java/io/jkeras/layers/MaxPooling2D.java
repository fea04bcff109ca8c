package io.jkeras.layers;

import io.jkeras.backend.PoolMode;

/**
 * Max pooling over 2D windows (default 2x2, strides the pool size). With "same" padding the
 * padded cells never win. The gradient goes to the first maximum of each window.
 */
public class MaxPooling2D extends Pooling2D<MaxPooling2D> {

    /** {@code MaxPooling2D()}: 2x2 windows. */
    public MaxPooling2D() {
        this(2, 2);
    }

    /** One window size for both axes, or (rows, cols). */
    public MaxPooling2D(int... poolSize) {
        super(PoolMode.MAX, poolSize);
    }
}
