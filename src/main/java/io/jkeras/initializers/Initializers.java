package io.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's initializer names, resolved in one place, and the built-in initializers' saved form
 * ({@code {"class_name": ..., "config": {...}}}, as Keras serialises them).
 */
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

    /**
     * The saved form of a built-in initializer. An initializer of another class (a lambda, a
     * user's class) cannot be described and fails here, so a model that uses one is refused
     * when it is saved rather than when it is loaded.
     */
    public static Map<String, Object> serialize(Initializer init) {
        if (init instanceof VarianceScaling v) {
            return describe("VarianceScaling", v.getConfig());
        } else if (init instanceof Constant c) {
            return describe("Constant", c.getConfig());
        } else if (init instanceof RandomNormal n) {
            return describe(n.truncated() ? "TruncatedNormal" : "RandomNormal", n.getConfig());
        } else if (init instanceof RandomUniform u) {
            return describe("RandomUniform", u.getConfig());
        } else if (init instanceof Orthogonal o) {
            return describe("Orthogonal", o.getConfig());
        } else if (init instanceof Identity i) {
            return describe("Identity", i.getConfig());
        }
        throw new IllegalArgumentException("the initializer of class " + (init == null ? "null"
                : init.getClass().getName()) + " cannot be saved: only the built-in initializers (VarianceScaling,"
                + " Constant, RandomNormal, RandomUniform, Orthogonal, Identity, and the names Initializers.get"
                + " knows) can be described in a model file");
    }

    /** The initializer {@link #serialize} described. */
    public static Initializer deserialize(Map<String, ?> saved) {
        Object name = saved.get("class_name");
        Object config = saved.get("config");
        if (!(name instanceof String) || !(config instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException("A saved initializer needs a \"class_name\" string and a \"config\""
                    + " object, got " + saved);
        }
        return switch ((String) name) {
            case "VarianceScaling" -> new VarianceScaling(number(c, "scale"), string(c, "mode"),
                    string(c, "distribution"));
            case "Constant" -> new Constant(number(c, "value"));
            case "RandomNormal" -> new RandomNormal(number(c, "mean"), number(c, "stddev"), false);
            case "TruncatedNormal" -> new RandomNormal(number(c, "mean"), number(c, "stddev"), true);
            case "RandomUniform" -> new RandomUniform(number(c, "minval"), number(c, "maxval"));
            case "Orthogonal" -> new Orthogonal(number(c, "gain"));
            case "Identity" -> new Identity(number(c, "gain"));
            default -> throw new IllegalArgumentException("Unknown initializer class \"" + name + "\" in " + saved);
        };
    }

    private static Map<String, Object> describe(String className, Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", className);
        out.put("config", config);
        return out;
    }

    private static double number(Map<?, ?> c, String key) {
        if (!(c.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("A saved initializer config needs a number \"" + key + "\", got " + c);
        }
        return n.doubleValue();
    }

    private static String string(Map<?, ?> c, String key) {
        if (!(c.get(key) instanceof String s)) {
            throw new IllegalArgumentException("A saved initializer config needs a string \"" + key + "\", got " + c);
        }
        return s;
    }
}
