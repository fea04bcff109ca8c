package io.jkeras.peers.tfjava;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object of the peer protocol, keys in insertion order, printed as one line on stdout
 * (strings, numbers, booleans and lists of them are all the protocol needs).
 */
final class JsonLine {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** A figure line: the median of the runs, the runs, and the process's peak resident set so far. */
    static JsonLine figure(String workload, String unit, double[] runs) {
        return new JsonLine().put("workload", workload).put("unit", unit).put("median", median(runs))
                .put("runs", Arrays.stream(runs).boxed().toList()).put("peak_rss_mb", peakRssMb());
    }

    void emit() {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (s.length() > 1) {
                s.append(", ");
            }
            string(s, e.getKey());
            s.append(": ");
            value(s, e.getValue());
        }
        System.out.println(s.append('}'));
        System.out.flush();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** VmHWM from /proc/self/status in MiB, or -1 where it cannot be read. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 102.4) / 10.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the field is optional
        }
        return -1;
    }

    private static void value(StringBuilder s, Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                s.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                s.append((long) d);
            } else {
                s.append(d); // Double.toString: valid JSON, exponent as "E"
            }
        } else if (v instanceof Boolean b) {
            s.append(b);
        } else if (v instanceof Collection<?> c) {
            s.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    s.append(", ");
                }
                first = false;
                value(s, o);
            }
            s.append(']');
        } else {
            string(s, String.valueOf(v));
        }
    }

    private static void string(StringBuilder s, String v) {
        s.append('"');
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
