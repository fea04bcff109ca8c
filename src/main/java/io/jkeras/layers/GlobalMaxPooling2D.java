package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** The maximum of each channel over all rows and columns: (batch, rows, cols, channels) to (batch, channels). */
public class GlobalMaxPooling2D extends GlobalPooling2D<GlobalMaxPooling2D> {

    @Override
    protected Tensor pool(Tensor x) {
        return MathOps.max(x, SPATIAL_AXES, false);
    }
}
