package io.jkeras.golden;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One named case of a golden file: string attributes and float arrays, each under a key. */
public final class GoldenCase {
    private final String name;
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, GoldenArray> arrays = new LinkedHashMap<>();

    GoldenCase(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void putText(String key, String value) {
        if (texts.put(key, value) != null || arrays.containsKey(key)) {
            throw new IllegalArgumentException("case " + name + " has key " + key + " twice");
        }
    }

    void putArray(String key, GoldenArray value) {
        if (arrays.put(key, value) != null || texts.containsKey(key)) {
            throw new IllegalArgumentException("case " + name + " has key " + key + " twice");
        }
    }

    public boolean has(String key) {
        return texts.containsKey(key) || arrays.containsKey(key);
    }

    public String text(String key) {
        String v = texts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("case " + name + " has no text " + key + "; it has " + texts.keySet());
        }
        return v;
    }

    public String text(String key, String orElse) {
        return texts.getOrDefault(key, orElse);
    }

    /** The text's comma-separated parts. */
    public List<String> list(String key) {
        return List.of(text(key).split(","));
    }

    public int integer(String key) {
        return Integer.parseInt(text(key));
    }

    public double number(String key) {
        return Double.parseDouble(text(key));
    }

    public boolean flag(String key, boolean orElse) {
        String v = texts.get(key);
        if (v == null) {
            return orElse;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("case " + name + ": " + key + " must be true or false, got " + v);
        }
        return v.equals("true");
    }

    /** Text keys in file order. */
    public List<String> textKeys() {
        return List.copyOf(texts.keySet());
    }

    public GoldenArray array(String key) {
        GoldenArray a = arrays.get(key);
        if (a == null) {
            throw new IllegalArgumentException("case " + name + " has no tensor " + key + "; it has " + arrays.keySet());
        }
        return a;
    }

    /** The arrays {@code prefix0, prefix1, ...} up to the first missing index. */
    public List<GoldenArray> indexed(String prefix) {
        List<GoldenArray> out = new ArrayList<>();
        for (int i = 0; arrays.containsKey(prefix + i); i++) {
            out.add(arrays.get(prefix + i));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return name;
    }
}
