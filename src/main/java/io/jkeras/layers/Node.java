package io.jkeras.layers;

import io.jkeras.KerasTensor;
import java.util.List;

/** One application of a layer in the graph: the tensors it read and the tensor it made. */
public final class Node {
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private KerasTensor output;

    Node(Layer layer, List<KerasTensor> inputs) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
    }

    void output(KerasTensor t) {
        this.output = t;
    }

    public Layer layer() {
        return layer;
    }

    public List<KerasTensor> inputs() {
        return inputs;
    }

    public KerasTensor output() {
        return output;
    }
}
