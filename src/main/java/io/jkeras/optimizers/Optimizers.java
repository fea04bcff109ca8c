package io.jkeras.optimizers;

import java.util.Locale;

/** Keras's optimizer names, resolved case-insensitively to instances with default settings. */
public final class Optimizers {
    private Optimizers() {
    }

    public static Optimizer get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("optimizer must be a name or an Optimizer, got null");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD();
            case "rmsprop" -> new RMSprop();
            case "adagrad" -> new Adagrad();
            case "adadelta" -> new Adadelta();
            case "adam" -> new Adam();
            case "adamax" -> new Adamax();
            case "nadam" -> new Nadam();
            default -> throw new IllegalArgumentException("Unknown optimizer: " + name);
        };
    }
}
