package io.jkeras;

import io.jkeras.layers.Functional;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A linear stack of layers: {@code new Sequential(Input.of(784), new Dense(10))}. Like Keras,
 * {@link #layers()} leaves out the input layer.
 */
public class Sequential extends Model {
    private final KerasTensor input;
    private KerasTensor output;

    public Sequential(KerasTensor input, Layer... layers) {
        this(input, Arrays.asList(layers), null);
    }

    /** A Sequential model with a name of its own (Keras's {@code name=}); null gives the default name. */
    public Sequential(KerasTensor input, List<Layer> layers, String name) {
        super(name != null ? name : LayerNames.unique("sequential"));
        if (input == null || !(input.layer() instanceof InputLayer)) {
            throw new IllegalArgumentException("A Sequential model starts from Input.of(...), got " + input);
        }
        this.input = input;
        this.output = input;
        for (Layer l : layers) {
            append(l);
        }
        rebuild();
    }

    /** Appends a layer on top of the stack. */
    public Sequential add(Layer layer) {
        append(layer);
        rebuild();
        return this;
    }

    private void append(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("The added layer must be a Layer, got null");
        }
        output = layer.apply(output);
    }

    private void rebuild() {
        setGraph(new Functional(List.of(input), List.of(output)));
    }

    @Override
    public List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        for (Layer l : super.layers()) {
            if (!(l instanceof InputLayer)) {
                out.add(l);
            }
        }
        return out;
    }
}
