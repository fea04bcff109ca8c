package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** Multiplies its inputs elementwise. */
public class Multiply extends Merge<Multiply> {
    @Override
    protected Tensor merge(Tensor acc, Tensor next) {
        return MathOps.mul(acc, next);
    }
}
