package io.jkeras.layers;

import io.jkeras.KerasTensor;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reshapes each sample to {@code targetShape} (without the batch axis; one entry may be -1). */
public class Reshape extends BaseLayer<Reshape> {
    private final int[] targetShape;

    public Reshape(int... targetShape) {
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw new IllegalArgumentException("targetShape entries must be positive or -1, got "
                        + Arrays.toString(targetShape));
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Can only specify one unknown dimension in targetShape, got "
                    + Arrays.toString(targetShape));
        }
        this.targetShape = targetShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("target_shape", ConfigValues.list(targetShape));
        return c;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        long in = 1;
        for (int i = 1; i < s.length; i++) {
            in *= s[i];
        }
        int[] out = new int[targetShape.length + 1];
        out[0] = s[0];
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            out[i + 1] = targetShape[i];
            if (targetShape[i] == -1) {
                unknownAt = i + 1;
            } else {
                known *= targetShape[i];
            }
        }
        if (unknownAt > 0 && known > 0 && in % known == 0) {
            out[unknownAt] = (int) (in / known);
            known *= out[unknownAt];
        }
        if (known != in) {
            throw new IllegalArgumentException("Total size of new array must be unchanged: cannot reshape input of shape "
                    + KerasTensor.formatShape(s) + " to " + Arrays.toString(targetShape));
        }
        return out;
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        int[] shape = new int[targetShape.length + 1];
        shape[0] = x.dim(0);
        System.arraycopy(targetShape, 0, shape, 1, targetShape.length);
        return MathOps.reshape(x, shape);
    }
}
