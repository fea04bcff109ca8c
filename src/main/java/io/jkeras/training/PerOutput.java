package io.jkeras.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Spreads compile's metric arguments over the outputs, with Keras 2.3's rules and messages. */
final class PerOutput {
    private PerOutput() {
    }

    /**
     * Keras's {@code collect_per_output_metric_info}: a flat list applies to every output; a
     * list holding lists has one entry per output; a map goes by output name.
     */
    static List<List<Object>> metrics(Object given, List<String> outputNames, String argument) {
        int n = outputNames.size();
        List<List<Object>> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(new ArrayList<>());
        }
        if (given == null) {
            return out;
        }
        if (given instanceof List<?> list) {
            boolean nested = list.stream().anyMatch(e -> e instanceof List<?>);
            if (!nested) {
                for (List<Object> o : out) {
                    o.addAll(list);
                }
                return out;
            }
            if (list.size() != n) {
                throw new IllegalArgumentException("When passing a list of lists as `" + argument + "`, it should have"
                        + " one entry per model output. The model has " + n + " outputs, but you passed "
                        + argument + "=" + list);
            }
            for (int k = 0; k < n; k++) {
                Object e = list.get(k);
                if (e instanceof List<?> inner) {
                    out.get(k).addAll(inner);
                } else if (e != null) {
                    out.get(k).add(e);
                }
            }
            return out;
        }
        if (given instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                int k = outputNames.indexOf(e.getKey());
                if (k < 0) {
                    throw new IllegalArgumentException("Unknown entries in " + argument + " dictionary: ["
                            + e.getKey() + "]. Only expected following keys: " + outputNames);
                }
                if (e.getValue() instanceof List<?> inner) {
                    out.get(k).addAll(inner);
                } else if (e.getValue() != null) {
                    out.get(k).add(e.getValue());
                }
            }
            return out;
        }
        throw new IllegalArgumentException("Type of `" + argument + "` argument not understood. Expected a list or"
                + " dictionary, found: " + given);
    }
}
