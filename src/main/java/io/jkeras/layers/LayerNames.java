package io.jkeras.layers;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Default layer names as Keras 2.3 gives them: the class name in snake_case plus a counter
 * per prefix starting at 1 ({@code dense_1}, {@code dense_2}, {@code conv2d_1}).
 */
public final class LayerNames {
    private static final Pattern CAMEL_1 = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern CAMEL_2 = Pattern.compile("([a-z])([A-Z])");
    private static final Map<String, Integer> COUNTERS = new HashMap<>();

    private LayerNames() {
    }

    public static synchronized String unique(String prefix) {
        int n = COUNTERS.merge(prefix, 1, Integer::sum);
        return prefix + "_" + n;
    }

    /** Forgets every counter (Keras's clear_session). */
    public static synchronized void reset() {
        COUNTERS.clear();
    }

    /** Keras's to_snake_case: {@code MaxPooling2D -> max_pooling2d}. */
    public static String snakeCase(String name) {
        String s = CAMEL_1.matcher(name).replaceAll("$1_$2");
        return CAMEL_2.matcher(s).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
