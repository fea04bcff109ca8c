package io.jkeras.regularizers;

import java.util.Locale;

/** Keras's regularizer helpers (default factor 0.01) and names. */
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
}
