package io.jkeras.saving;

import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.regularizers.Regularizers;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A saved configuration read back from a file, as a {@link LayerRegistry} factory receives it:
 * the map {@code getConfig()} returned, with typed getters whose errors name the owner (for
 * example "layer dense_1 (Dense)"), the key, and what the file holds instead.
 */
public final class Config {
    private final String owner;
    private final Map<String, Object> values;

    public Config(String owner, Map<String, Object> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(values);
    }

    /** What this configuration belongs to, for messages. */
    public String owner() {
        return owner;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value (String, Boolean, Long, Double, List, Map or null). */
    public Object get(String key) {
        return require(key);
    }

    public String string(String key) {
        Object v = require(key);
        if (!(v instanceof String s)) {
            throw wrong(key, "a string", v);
        }
        return s;
    }

    /** A string or null (an activation that is {@code null}, an unset option). */
    public String optString(String key) {
        return require(key) == null ? null : string(key);
    }

    public boolean bool(String key) {
        Object v = require(key);
        if (!(v instanceof Boolean b)) {
            throw wrong(key, "true or false", v);
        }
        return b;
    }

    public double number(String key) {
        Object v = require(key);
        if (!(v instanceof Number n)) {
            throw wrong(key, "a number", v);
        }
        return n.doubleValue();
    }

    /** A number or null (an unset clipnorm). */
    public Double optNumber(String key) {
        return require(key) == null ? null : number(key);
    }

    public long longValue(String key) {
        Object v = require(key);
        if (!(v instanceof Long l)) {
            throw wrong(key, "an integer", v);
        }
        return l;
    }

    public int integer(String key) {
        long l = longValue(key);
        if (l != (int) l) {
            throw wrong(key, "a 32-bit integer", l);
        }
        return (int) l;
    }

    /** A list of integers, such as a shape; null entries (Keras's None) read as -1. */
    public int[] ints(String key) {
        Object v = require(key);
        if (!(v instanceof List<?> list)) {
            throw wrong(key, "a list of integers", v);
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object x = list.get(i);
            if (x == null) {
                out[i] = -1;
            } else if (x instanceof Long l && l == (int) (long) l) {
                out[i] = (int) (long) l;
            } else {
                throw wrong(key, "a list of integers", v);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object v = require(key);
        if (!(v instanceof Map<?, ?>)) {
            throw wrong(key, "an object", v);
        }
        return (Map<String, Object>) v;
    }

    /** An initializer saved by {@link Initializers#serialize}. */
    public Initializer initializer(String key) {
        try {
            return Initializers.deserialize(map(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + key + ": " + e.getMessage(), e);
        }
    }

    /** A regularizer saved by {@link Regularizers#serialize}, or null. */
    public Regularizer regularizer(String key) {
        if (require(key) == null) {
            return null;
        }
        try {
            return Regularizers.deserialize(map(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + key + ": " + e.getMessage(), e);
        }
    }

    private Object require(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("The saved config of " + owner + " has no \"" + key + "\"; it has "
                    + values.keySet());
        }
        return values.get(key);
    }

    private IllegalArgumentException wrong(String key, String expected, Object got) {
        return new IllegalArgumentException("The saved config of " + owner + " has \"" + key + "\" = " + got
                + ", expected " + expected);
    }
}
