package io.jkeras.callbacks;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The logs given to callbacks, in insertion order. A value may be lazy: loss and metric
 * values stay on the device and are copied to the host only when a callback reads them, so
 * a silent fit with no callbacks reading batch logs moves no data back per batch.
 */
public final class Logs extends AbstractMap<String, Double> {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Adds a value computed on first read. */
    public Logs lazy(String key, DoubleSupplier supplier) {
        values.put(key, supplier);
        return this;
    }

    @Override
    public Double put(String key, Double value) {
        Object old = values.put(key, value);
        return old == null ? null : resolve(key, old);
    }

    @Override
    public Double get(Object key) {
        Object v = values.get(key);
        return v == null ? null : resolve((String) key, v);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public Double remove(Object key) {
        Object v = values.remove(key);
        return v == null ? null : (v instanceof Double d ? d : ((DoubleSupplier) v).getAsDouble());
    }

    private Double resolve(String key, Object v) {
        if (v instanceof Double d) {
            return d;
        }
        double d = ((DoubleSupplier) v).getAsDouble();
        values.put(key, d);
        return d;
    }

    /** A copy with every value resolved. */
    public Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : values.keySet()) {
            out.put(k, get(k));
        }
        return out;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Double>> iterator() {
                Iterator<String> keys = new java.util.ArrayList<>(values.keySet()).iterator();
                return new Iterator<>() {
                    private String last;

                    @Override
                    public boolean hasNext() {
                        return keys.hasNext();
                    }

                    @Override
                    public Entry<String, Double> next() {
                        last = keys.next();
                        return new SimpleEntry<>(last, get(last));
                    }

                    @Override
                    public void remove() {
                        values.remove(last);
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }
}
