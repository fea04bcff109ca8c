package io.jkeras.layers;

import io.jkeras.backend.PoolMode;

/**
 * Average pooling over 2D windows (default 2x2, strides the pool size). With "same" padding
 * each window averages only the input cells it covers, as TensorFlow does.
 */
public class AveragePooling2D extends Pooling2D<AveragePooling2D> {

    /** {@code AveragePooling2D()}: 2x2 windows. */
    public AveragePooling2D() {
        this(2, 2);
    }

    /** One window size for both axes, or (rows, cols). */
    public AveragePooling2D(int... poolSize) {
        super(PoolMode.AVERAGE, poolSize);
    }
}
