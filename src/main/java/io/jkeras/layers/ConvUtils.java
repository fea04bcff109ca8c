package io.jkeras.layers;

import io.jkeras.KerasTensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Argument checks and shape arithmetic shared by the 2D convolution and pooling layers
 * (Keras's {@code conv_utils}).
 */
final class ConvUtils {
    private ConvUtils() {
    }

    /** One value for both spatial axes, or one per axis: Keras's {@code normalize_tuple(value, 2, name)}. */
    static int[] pair(String argument, int[] values) {
        if (values == null || (values.length != 1 && values.length != 2)) {
            throw new IllegalArgumentException("The `" + argument + "` argument must be a tuple of 2 integers (or one"
                    + " integer for both), got " + (values == null ? "null" : Arrays.toString(values)));
        }
        int[] out = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        for (int v : out) {
            if (v <= 0) {
                throw new IllegalArgumentException("The `" + argument + "` argument must be positive integers, got "
                        + Arrays.toString(values));
            }
        }
        return out;
    }

    /** "valid" or "same" (any case); returns true for "same". */
    static boolean samePadding(String padding) {
        String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same")) {
            throw new IllegalArgumentException("The `padding` argument must be one of \"valid\", \"same\", got "
                    + (padding == null ? "null" : "\"" + padding + "\""));
        }
        return p.equals("same");
    }

    /** Accepts only channels_last; channels_first gets its own message, since Keras accepts it. */
    static void checkDataFormat(String dataFormat) {
        if ("channels_last".equals(dataFormat)) {
            return;
        }
        if ("channels_first".equals(dataFormat)) {
            throw new IllegalArgumentException("dataFormat \"channels_first\" is not supported: jkeras runs 2D"
                    + " convolution and pooling channels_last only; give inputs as (batch, rows, cols, channels)");
        }
        throw new IllegalArgumentException("The `dataFormat` argument must be one of \"channels_first\","
                + " \"channels_last\", got " + (dataFormat == null ? "null" : "\"" + dataFormat + "\""));
    }

    /** The input shape of a layer that needs (batch, rows, cols, channels) with known channels. */
    static int[] imageShape(Layer layer, int[] shape) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("Input 0 of layer " + layer.name() + " is incompatible with the layer:"
                    + " expected ndim=4, found ndim=" + shape.length + " (shape " + KerasTensor.formatShape(shape)
                    + ")");
        }
        if (shape[3] < 0) {
            throw new IllegalArgumentException("The channel dimension of the inputs to layer " + layer.name()
                    + " should be defined, found None (shape " + KerasTensor.formatShape(shape) + ")");
        }
        return shape;
    }

    /**
     * Keras's {@code conv_output_length}: the output length along one axis, -1 when the input
     * length is unknown. Fails when a "valid" window does not fit the input.
     */
    static int outputLength(Layer layer, int[] inputShape, int length, int window, boolean same, int stride,
                            int dilation) {
        if (length < 0) {
            return -1;
        }
        int effective = (window - 1) * dilation + 1;
        int out = same ? (length + stride - 1) / stride : length >= effective ? (length - effective) / stride + 1 : 0;
        if (out <= 0) {
            throw new IllegalArgumentException("Layer " + layer.name() + ": a window of " + effective
                    + " does not fit an input of length " + length + " with padding \"valid\" (input shape "
                    + KerasTensor.formatShape(inputShape) + ")");
        }
        return out;
    }
}
