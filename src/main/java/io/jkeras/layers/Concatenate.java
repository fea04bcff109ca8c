package io.jkeras.layers;

import io.jkeras.KerasTensor;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.List;
import java.util.Map;

/** Joins its inputs along {@code axis} (default -1); all other dimensions must match. */
public class Concatenate extends BaseLayer<Concatenate> {
    private final int axis;

    public Concatenate() {
        this(-1);
    }

    public Concatenate(int axis) {
        this.axis = axis;
    }

    public int axis() {
        return axis;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

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
        int[] first = inputShapes.get(0);
        int rank = first.length;
        int ax = axis < 0 ? axis + rank : axis;
        if (ax <= 0 || ax >= rank) {
            throw new IllegalArgumentException("Concatenate axis " + axis + " is out of range for inputs of shape "
                    + KerasTensor.formatShape(first) + " (the batch axis cannot be joined)");
        }
        int[] out = first.clone();
        out[ax] = 0;
        for (int[] s : inputShapes) {
            boolean ok = s.length == rank;
            for (int d = 1; ok && d < rank; d++) {
                ok = d == ax || s[d] == first[d];
            }
            if (!ok) {
                StringBuilder got = new StringBuilder();
                for (int[] t : inputShapes) {
                    got.append(got.length() > 0 ? ", " : "").append(KerasTensor.formatShape(t));
                }
                throw new IllegalArgumentException("A Concatenate layer requires inputs with matching shapes except for"
                        + " the concat axis " + axis + ". Got inputs shapes: [" + got + "]");
            }
            out[ax] = out[ax] < 0 || s[ax] < 0 ? -1 : out[ax] + s[ax];
        }
        return out;
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return MathOps.concat(inputs, axis);
    }
}
