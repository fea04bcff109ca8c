package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** {@code inputs[0] - inputs[1]}: exactly two inputs. */
public class Subtract extends Merge<Subtract> {
    @Override
    protected int maxInputs() {
        return 2;
    }

    @Override
    protected Tensor merge(Tensor acc, Tensor next) {
        return MathOps.sub(acc, next);
    }
}
