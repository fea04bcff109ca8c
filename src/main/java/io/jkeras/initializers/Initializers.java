package io.jkeras.initializers;

import java.util.Locale;

/** Keras's initializer names, resolved in one place. */
public final class Initializers {
    private Initializers() {
    }

    public static Initializer get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("initializer must be a name or an Initializer, got null");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "glorot_uniform" -> glorotUniform();
            case "glorot_normal" -> glorotNormal();
            case "he_uniform" -> new VarianceScaling(2.0, "fan_in", "uniform");
            case "he_normal" -> new VarianceScaling(2.0, "fan_in", "normal");
            case "lecun_uniform" -> new VarianceScaling(1.0, "fan_in", "uniform");
            case "lecun_normal" -> new VarianceScaling(1.0, "fan_in", "normal");
            case "zeros", "zero" -> zeros();
            case "ones", "one" -> ones();
            case "constant" -> new Constant(0.0);
            case "random_normal", "normal" -> new RandomNormal(0.0, 0.05, false);
            case "random_uniform", "uniform" -> new RandomUniform(-0.05, 0.05);
            case "truncated_normal" -> new RandomNormal(0.0, 0.05, true);
            case "orthogonal" -> new Orthogonal(1.0);
            case "identity" -> new Identity(1.0);
            default -> throw new IllegalArgumentException("Unknown initializer: " + name);
        };
    }

    public static Initializer glorotUniform() {
        return new VarianceScaling(1.0, "fan_avg", "uniform");
    }

    public static Initializer glorotNormal() {
        return new VarianceScaling(1.0, "fan_avg", "normal");
    }

    public static Initializer zeros() {
        return new Constant(0.0);
    }

    public static Initializer ones() {
        return new Constant(1.0);
    }

    public static Initializer constant(double value) {
        return new Constant(value);
    }
}
