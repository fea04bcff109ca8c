package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The entry point of a functional graph: holds the input's shape, computes nothing. */
public final class InputLayer extends Layer {
    private final int[] shape;
    private final io.jkeras.KerasTensor output;

    /** {@code sampleShape} excludes the batch axis. */
    public InputLayer(String name, int[] sampleShape) {
        for (int d : sampleShape) {
            if (d <= 0 && d != -1) {
                throw new IllegalArgumentException("Input shape dimensions must be positive (or -1 for unknown), got "
                        + java.util.Arrays.toString(sampleShape));
            }
        }
        if (name != null) {
            setName(name);
        }
        this.shape = new int[sampleShape.length + 1];
        this.shape[0] = -1;
        System.arraycopy(sampleShape, 0, this.shape, 1, sampleShape.length);
        this.output = sourceNode(this.shape);
    }

    /** The symbolic tensor this input feeds. */
    public io.jkeras.KerasTensor output() {
        return output;
    }

    @Override
    protected String defaultNamePrefix() {
        return "input";
    }

    /** The full shape, batch axis -1. */
    public int[] shape() {
        return shape.clone();
    }

    /** Keras's config: the name and {@code batch_input_shape}, unknown dimensions as null. */
    @Override
    public Map<String, Object> getConfig() {
        List<Integer> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(d < 0 ? null : d);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("batch_input_shape", dims);
        return c;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        return shape.clone();
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return inputs.get(0);
    }
}
