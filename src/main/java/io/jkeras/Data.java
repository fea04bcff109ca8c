package io.jkeras;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Keras accepts as x, y or sample weights: one array, a list of arrays by position,
 * or a map of arrays by input/output name.
 */
public final class Data {
    private final List<NDArray> list;
    private final Map<String, NDArray> map;

    private Data(List<NDArray> list, Map<String, NDArray> map) {
        this.list = list;
        this.map = map;
    }

    public static Data of(NDArray array) {
        Objects.requireNonNull(array, "array");
        return new Data(List.of(array), null);
    }

    public static Data of(NDArray... arrays) {
        return of(List.of(arrays));
    }

    /** Arrays by position; entries may be null where an output takes no data. */
    public static Data of(List<NDArray> arrays) {
        return new Data(Collections.unmodifiableList(new ArrayList<>(arrays)), null);
    }

    public static Data of(Map<String, NDArray> arrays) {
        return new Data(null, Collections.unmodifiableMap(new LinkedHashMap<>(arrays)));
    }

    public boolean isMap() {
        return map != null;
    }

    /** The arrays by position (not for a map). */
    public List<NDArray> list() {
        if (list == null) {
            throw new IllegalStateException("this Data holds arrays by name");
        }
        return list;
    }

    /** The arrays by name (only for a map). */
    public Map<String, NDArray> map() {
        if (map == null) {
            throw new IllegalStateException("this Data holds arrays by position");
        }
        return map;
    }

    /** Number of arrays held. */
    public int count() {
        return map != null ? map.size() : list.size();
    }

    @Override
    public String toString() {
        return map != null ? "Data" + map : "Data" + list;
    }
}
