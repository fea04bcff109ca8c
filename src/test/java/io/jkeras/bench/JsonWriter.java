package io.jkeras.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and null as indented JSON; lists of plain
 * values stay on one line so the runs of a figure read as a row. Non-finite numbers become
 * null (JSON has no NaN). {@link #line} writes the same on one line, as the peer protocol's
 * lines are.
 */
final class JsonWriter {
    private JsonWriter() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    /** {@code value} on one line, without a line break at the end. */
    static String line(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1);
        return sb.toString();
    }

    /** {@code indent} -1: everything on one line. */
    private static void write(StringBuilder sb, Object v, int indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append(indent < 0 ? "{" : "{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(sb, indent + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent < 0 ? -1 : indent + 1);
                sb.append(++i < m.size() ? separator(indent) : end(indent));
            }
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            boolean flat = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            if (flat) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    write(sb, l.get(i), indent);
                    if (i + 1 < l.size()) {
                        sb.append(", ");
                    }
                }
                sb.append(']');
                return;
            }
            sb.append(indent < 0 ? "[" : "[\n");
            for (int i = 0; i < l.size(); i++) {
                pad(sb, indent + 1);
                write(sb, l.get(i), indent < 0 ? -1 : indent + 1);
                sb.append(i + 1 < l.size() ? separator(indent) : end(indent));
            }
            pad(sb, indent);
            sb.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                sb.append("null");
            } else if (d == 0 || (Math.abs(d) >= 1e-6 && Math.abs(d) < 1e15)) {
                // seven significant digits: a timing has no more, and the file stays readable
                sb.append(new BigDecimal(d).round(new MathContext(7)).stripTrailingZeros().toPlainString());
            } else {
                sb.append(d);
            }
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v == null) {
            sb.append("null");
        } else {
            string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static String separator(int indent) {
        return indent < 0 ? ", " : ",\n";
    }

    private static String end(int indent) {
        return indent < 0 ? "" : "\n";
    }

    private static void pad(StringBuilder sb, int indent) {
        if (indent > 0) {
            sb.append("  ".repeat(indent));
        }
    }
}
