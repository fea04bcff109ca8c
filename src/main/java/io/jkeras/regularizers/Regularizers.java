package io.jkeras.regularizers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Keras's regularizer helpers (default factor 0.01), names, and the saved form of {@link L1L2}. */
public final class Regularizers {
    private Regularizers() {
    }

    public static Regularizer l1(double l) {
        return new L1L2(l, 0);
    }

    public static Regularizer l2(double l) {
        return new L1L2(0, l);
    }

    public static Regularizer l1L2(double l1, double l2) {
        return new L1L2(l1, l2);
    }

    public static Regularizer l1() {
        return l1(0.01);
    }

    public static Regularizer l2() {
        return l2(0.01);
    }

    public static Regularizer get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("regularizer must be a name or a Regularizer, got null");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "l1" -> l1();
            case "l2" -> l2();
            case "l1_l2" -> l1L2(0.01, 0.01);
            default -> throw new IllegalArgumentException("Unknown regularizer: " + name);
        };
    }

    /**
     * The saved form of a regularizer: null for none, {@code {"class_name": "L1L2", "config":
     * {"l1": ..., "l2": ...}}} for an {@link L1L2}; any other class cannot be described and fails.
     */
    public static Map<String, Object> serialize(Regularizer r) {
        if (r == null) {
            return null;
        }
        if (!(r instanceof L1L2 l)) {
            throw new IllegalArgumentException("the regularizer of class " + r.getClass().getName() + " cannot be"
                    + " saved: only L1L2 (and the names l1, l2, l1_l2) can be described in a model file");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("l1", (float) l.l1());
        config.put("l2", (float) l.l2());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", "L1L2");
        out.put("config", config);
        return out;
    }

    /** The regularizer {@link #serialize} described (null stays null). */
    public static Regularizer deserialize(Map<String, ?> saved) {
        if (saved == null) {
            return null;
        }
        if (!"L1L2".equals(saved.get("class_name")) || !(saved.get("config") instanceof Map<?, ?> c)
                || !(c.get("l1") instanceof Number l1) || !(c.get("l2") instanceof Number l2)) {
            throw new IllegalArgumentException("A saved regularizer must be {\"class_name\": \"L1L2\", \"config\":"
                    + " {\"l1\": number, \"l2\": number}}, got " + saved);
        }
        return new L1L2(l1.doubleValue(), l2.doubleValue());
    }
}
