package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import java.util.List;
import java.util.Map;

/**
 * {@code output = activation(dot(input, kernel) + bias)}; on inputs of rank above 2 it acts on
 * the last axis.
 *
 * <p>Input shape: (batch, ..., inputDim). Output shape: (batch, ..., units).
 */
public class Dense extends KernelLayer<Dense> {
    private final int units;

    public Dense(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be a positive integer, got " + units);
        }
        this.units = units;
    }

    public int units() {
        return units;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        addKernelConfig(c);
        return c;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = singleShape(inputShapes, 2);
        if (s[s.length - 1] < 0) {
            throw new IllegalArgumentException("The last dimension of the inputs to Dense layer " + name()
                    + " should be defined, found None");
        }
        int[] out = s.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        buildKernelAndBias(new int[] {s[s.length - 1], units}, units);
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return activateLinear(inputs.get(0));
    }
}
