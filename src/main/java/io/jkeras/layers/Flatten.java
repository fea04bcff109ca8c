package io.jkeras.layers;

import io.jkeras.KerasTensor;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.List;

/** Flattens all but the batch axis: (batch, d1, d2, ...) to (batch, d1 * d2 * ...). */
public class Flatten extends BaseLayer<Flatten> {

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        int n = 1;
        for (int i = 1; i < s.length; i++) {
            if (s[i] < 0) {
                throw new IllegalArgumentException("The shape of the input to Flatten layer " + name()
                        + " is not fully defined: " + KerasTensor.formatShape(s));
            }
            n *= s[i];
        }
        return new int[] {s[0], n};
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        return MathOps.reshape(x, x.dim(0), -1);
    }
}
