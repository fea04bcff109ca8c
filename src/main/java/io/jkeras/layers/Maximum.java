package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** The elementwise maximum of its inputs. */
public class Maximum extends Merge<Maximum> {
    @Override
    protected Tensor merge(Tensor acc, Tensor next) {
        return MathOps.maximum(acc, next);
    }
}
