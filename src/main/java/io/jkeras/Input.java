package io.jkeras;

import io.jkeras.layers.InputLayer;

/** Keras's {@code Input(shape)}: the symbolic tensor a functional model starts from. */
public final class Input {
    private Input() {
    }

    /** {@code Input(shape=sampleShape)}; the shape excludes the batch axis. */
    public static KerasTensor of(int... sampleShape) {
        return new InputLayer(null, sampleShape).output();
    }

    /** A named input, e.g. {@code Input.of("img", 28, 28, 1)}. */
    public static KerasTensor of(String name, int... sampleShape) {
        return new InputLayer(name, sampleShape).output();
    }
}
