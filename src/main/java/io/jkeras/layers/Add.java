package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** Adds its inputs. */
public class Add extends Merge<Add> {
    @Override
    protected Tensor merge(Tensor acc, Tensor next) {
        return MathOps.add(acc, next);
    }
}
