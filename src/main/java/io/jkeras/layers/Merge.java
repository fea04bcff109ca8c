package io.jkeras.layers;

import io.jkeras.KerasTensor;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.List;

/**
 * The elementwise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum): two or
 * more inputs whose non-batch shapes broadcast together, folded pairwise by {@link #merge}.
 */
public abstract class Merge<L extends Merge<L>> extends BaseLayer<L> {

    @Override
    protected int minInputs() {
        return 2;
    }

    @Override
    protected int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] out = inputShapes.get(0).clone();
        for (int i = 1; i < inputShapes.size(); i++) {
            int[] s = inputShapes.get(i);
            int rank = Math.max(out.length, s.length);
            int[] merged = new int[rank];
            for (int d = 0; d < rank; d++) {
                int a = d - (rank - out.length) >= 0 ? out[d - (rank - out.length)] : 1;
                int b = d - (rank - s.length) >= 0 ? s[d - (rank - s.length)] : 1;
                if (d == 0) {
                    merged[d] = -1;
                } else if (a == b || b == 1) {
                    merged[d] = a;
                } else if (a == 1) {
                    merged[d] = b;
                } else {
                    throw new IllegalArgumentException("Operands could not be broadcast together with shapes "
                            + KerasTensor.formatShape(inputShapes.get(0)) + " " + KerasTensor.formatShape(s)
                            + " in layer " + name());
                }
            }
            out = merged;
        }
        return out;
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor acc = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            Tensor next = merge(acc, inputs.get(i));
            if (acc != inputs.get(0)) {
                MathOps.dispose(acc);
            }
            acc = next;
        }
        return finish(acc, inputs.size());
    }

    /** Combines the running result with the next input. */
    protected abstract Tensor merge(Tensor acc, Tensor next);

    /** Post-processing of the folded result (Average divides). */
    protected Tensor finish(Tensor acc, int count) {
        return acc;
    }
}
