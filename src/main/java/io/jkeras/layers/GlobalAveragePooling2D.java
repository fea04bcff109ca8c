package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** The mean of each channel over all rows and columns: (batch, rows, cols, channels) to (batch, channels). */
public class GlobalAveragePooling2D extends GlobalPooling2D<GlobalAveragePooling2D> {

    @Override
    protected Tensor pool(Tensor x) {
        return MathOps.mean(x, SPATIAL_AXES, false);
    }
}
