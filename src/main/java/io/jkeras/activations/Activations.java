package io.jkeras.activations;

import io.jkeras.backend.UnaryOp;
import io.jkeras.ops.NnOps;
import java.util.List;
import java.util.Locale;

/** Keras 2's activation names, resolved in one place. */
public final class Activations {
    /** Every accepted name, for error messages. */
    public static final List<String> NAMES = List.of("relu", "sigmoid", "tanh", "softmax", "linear", "elu", "selu",
            "softplus", "softsign", "hard_sigmoid", "exponential", "swish", "gelu");

    private Activations() {
    }

    /** The named activation; null or "linear" is the identity (returns null: nothing to apply). */
    public static ActivationFunction get(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "linear" -> null;
            case "relu" -> new ElementwiseActivation(UnaryOp.RELU, 0f);
            case "sigmoid" -> new ElementwiseActivation(UnaryOp.SIGMOID, 0f);
            case "tanh" -> new ElementwiseActivation(UnaryOp.TANH, 0f);
            case "softmax" -> NnOps::softmax;
            case "elu" -> new ElementwiseActivation(UnaryOp.ELU, 1f);
            case "selu" -> new ElementwiseActivation(UnaryOp.SELU, 0f);
            case "softplus" -> new ElementwiseActivation(UnaryOp.SOFTPLUS, 0f);
            case "softsign" -> new ElementwiseActivation(UnaryOp.SOFTSIGN, 0f);
            case "hard_sigmoid" -> new ElementwiseActivation(UnaryOp.HARD_SIGMOID, 0f);
            case "exponential" -> new ElementwiseActivation(UnaryOp.EXP, 0f);
            case "swish", "silu" -> new ElementwiseActivation(UnaryOp.SWISH, 0f);
            case "gelu" -> new ElementwiseActivation(UnaryOp.GELU, 0f);
            default -> throw new IllegalArgumentException("Unknown activation function: \"" + name
                    + "\"; expected one of " + NAMES);
        };
    }
}
