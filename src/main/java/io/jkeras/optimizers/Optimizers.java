package io.jkeras.optimizers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's optimizer names, resolved case-insensitively to instances with default settings,
 * and the built-in optimizers' saved form ({@code {"class_name": ..., "config": {...}}}).
 */
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

    /**
     * The class name and {@link Optimizer#getConfig() config} of a built-in optimizer. Other
     * classes, subclasses of the built-in ones included, cannot be rebuilt from a file and fail.
     */
    public static Map<String, Object> serialize(Optimizer o) {
        Class<?> c = o.getClass();
        if (c != SGD.class && c != RMSprop.class && c != Adagrad.class && c != Adadelta.class && c != Adam.class
                && c != Adamax.class && c != Nadam.class) {
            throw new IllegalArgumentException("The optimizer " + o + " (" + c.getName() + ") cannot be saved: only"
                    + " the built-in SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax and Nadam can be described in a"
                    + " model file");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", c.getSimpleName());
        out.put("config", o.getConfig());
        return out;
    }

    /** A new optimizer with the settings {@link #serialize} described (and fresh state). */
    public static Optimizer deserialize(Map<String, ?> saved) {
        if (!(saved.get("class_name") instanceof String name) || !(saved.get("config") instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException("A saved optimizer needs a \"class_name\" string and a \"config\""
                    + " object, got " + saved);
        }
        Optimizer o = switch (name) {
            case "SGD" -> new SGD().momentum(number(c, "momentum")).nesterov(bool(c, "nesterov"));
            case "RMSprop" -> new RMSprop().rho(number(c, "rho")).epsilon(number(c, "epsilon"));
            case "Adagrad" -> new Adagrad().epsilon(number(c, "epsilon"));
            case "Adadelta" -> new Adadelta().rho(number(c, "rho")).epsilon(number(c, "epsilon"));
            case "Adam" -> new Adam().beta1(number(c, "beta_1")).beta2(number(c, "beta_2"))
                    .epsilon(number(c, "epsilon")).amsgrad(bool(c, "amsgrad"));
            case "Adamax" -> new Adamax().beta1(number(c, "beta_1")).beta2(number(c, "beta_2"))
                    .epsilon(number(c, "epsilon"));
            case "Nadam" -> new Nadam().beta1(number(c, "beta_1")).beta2(number(c, "beta_2"))
                    .epsilon(number(c, "epsilon")).scheduleDecay(number(c, "schedule_decay"));
            default -> throw new IllegalArgumentException("Unknown optimizer class \"" + name + "\" in " + saved);
        };
        o.setLearningRate(number(c, "learning_rate"));
        o.setDecay(number(c, "decay"));
        o.setClipnorm(c.get("clipnorm") == null ? null : number(c, "clipnorm"));
        o.setClipvalue(c.get("clipvalue") == null ? null : number(c, "clipvalue"));
        return o;
    }

    private static double number(Map<?, ?> c, String key) {
        if (!(c.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("A saved optimizer config needs a number \"" + key + "\", got " + c);
        }
        return n.doubleValue();
    }

    private static boolean bool(Map<?, ?> c, String key) {
        if (!(c.get(key) instanceof Boolean b)) {
            throw new IllegalArgumentException("A saved optimizer config needs true or false for \"" + key
                    + "\", got " + c);
        }
        return b;
    }
}
