package io.jkeras.activations;

import io.jkeras.ops.MathOps;
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
            case "relu" -> NnOps::relu;
            case "sigmoid" -> NnOps::sigmoid;
            case "tanh" -> NnOps::tanh;
            case "softmax" -> NnOps::softmax;
            case "elu" -> x -> NnOps.elu(x, 1f);
            case "selu" -> NnOps::selu;
            case "softplus" -> NnOps::softplus;
            case "softsign" -> NnOps::softsign;
            case "hard_sigmoid" -> NnOps::hardSigmoid;
            case "exponential" -> MathOps::exp;
            case "swish", "silu" -> NnOps::swish;
            case "gelu" -> NnOps::gelu;
            default -> throw new IllegalArgumentException("Unknown activation function: \"" + name
                    + "\"; expected one of " + NAMES);
        };
    }
}
