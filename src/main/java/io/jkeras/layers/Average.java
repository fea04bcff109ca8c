package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** The elementwise mean of its inputs. */
public class Average extends Merge<Average> {
    @Override
    protected Tensor merge(Tensor acc, Tensor next) {
        return MathOps.add(acc, next);
    }

    @Override
    protected Tensor finish(Tensor acc, int count) {
        Tensor mean = MathOps.mul(acc, 1f / count);
        MathOps.dispose(acc);
        return mean;
    }
}
