package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of a peer's standard output, read as the peer protocol (bench/peers/README.md)
 * defines it: the header, a figure, a failed workload, or anything else (kept as text).
 */
sealed interface ProtocolLine {
    /** The first line: the peer's name, version, threads and whatever explains its figures. */
    record Header(Map<String, Object> fields) implements ProtocolLine {
        String peer() {
            return String.valueOf(fields.get("peer"));
        }

        String version() {
            Object v = fields.get("version");
            return v == null ? "unknown version" : String.valueOf(v);
        }
    }

    record Result(Figure figure) implements ProtocolLine {
    }

    record Failure(String workload, String message) implements ProtocolLine {
    }

    /** Not a protocol object (a stray print, a malformed line), with why. */
    record Other(String text, String why) implements ProtocolLine {
    }

    Set<String> FIGURE_KEYS = Set.of("workload", "unit", "median", "runs", "peak_rss_mb");

    static ProtocolLine parse(String line) {
        String t = line.trim();
        if (!t.startsWith("{")) {
            return new Other(line, "not a JSON object");
        }
        Object parsed;
        try {
            parsed = Json.parse(t);
        } catch (IllegalArgumentException e) {
            return new Other(line, e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        if (m.containsKey("peer")) {
            return new Header(m);
        }
        if (!(m.get("workload") instanceof String workload)) {
            return new Other(line, "neither \"peer\" nor \"workload\"");
        }
        if (m.containsKey("error")) {
            return new Failure(workload, String.valueOf(m.get("error")));
        }
        if (!(m.get("median") instanceof Number median) || !(m.get("unit") instanceof String unit)) {
            return new Other(line, "a figure needs a numeric \"median\" and a \"unit\"");
        }
        List<Double> runs = new ArrayList<>();
        if (m.get("runs") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Number n) {
                    runs.add(n.doubleValue());
                }
            }
        }
        if (runs.isEmpty()) {
            runs.add(median.doubleValue());
        }
        Map<String, Object> extra = new LinkedHashMap<>(m);
        extra.keySet().removeAll(FIGURE_KEYS);
        Double rss = m.get("peak_rss_mb") instanceof Number n ? n.doubleValue() : null;
        return new Result(new Figure(workload, unit, median.doubleValue(), runs, rss, extra));
    }
}
