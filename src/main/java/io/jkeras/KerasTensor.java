package io.jkeras;

import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A symbolic tensor of the functional API: a shape (the batch axis unknown, -1) and the
 * layer application that produces it. It holds no data; a {@link Model} built from such
 * tensors computes them on the device.
 */
public final class KerasTensor {
    private final int[] shape;
    private final Node node;

    /** Made by {@link Layer#apply}; users get KerasTensors from {@link Input} and layers. */
    public KerasTensor(int[] shape, Node node) {
        this.shape = shape.clone();
        this.node = node;
    }

    /** The full shape, batch axis first as -1 (Keras's None). */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape without the batch axis. */
    public int[] sampleShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    public int rank() {
        return shape.length;
    }

    public Node node() {
        return node;
    }

    public Layer layer() {
        return node.layer();
    }

    /** The producing layer's name (what Keras names outputs after). */
    public String name() {
        return node.layer().name();
    }

    /** The shape as Keras prints it, e.g. {@code (None, 28, 28, 1)}. */
    public static String formatShape(int[] shape) {
        StringJoiner j = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (int d : shape) {
            j.add(d < 0 ? "None" : Integer.toString(d));
        }
        return j.toString();
    }

    @Override
    public String toString() {
        return "KerasTensor(shape=" + formatShape(shape) + ", name=" + name() + ")";
    }
}
