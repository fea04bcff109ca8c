package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** The elementwise minimum of its inputs. */
public class Minimum extends Merge<Minimum> {
    @Override
    protected Tensor merge(Tensor acc, Tensor next) {
        return MathOps.minimum(acc, next);
    }
}
