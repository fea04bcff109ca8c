package io.jkeras.callbacks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code str.format} for named fields, as ModelCheckpoint's filepath uses it:
 * {@code {name}} and {@code {name:spec}} with the format-spec mini-language
 * ({@code [[fill]align][sign][#][0][width][.precision][type]}, types d, e, E, f, F, g, G, %
 * and none), and {@code {{}} / {@code }}} for braces. Integers (the epoch) take every type;
 * floats (log values) reject d as Python does. Rounding is Python's: the exact binary value,
 * halves to even. Without a spec a float prints as Python's repr of the double, as in Keras,
 * whose float32 log values are widened too: {@code {loss}} may give {@code 0.4099999964237213},
 * so give a precision ({@code {loss:.4f}}).
 */
final class PythonFormat {
    private static final Pattern SPEC = Pattern.compile(
            "(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\\d+)?(?:\\.(\\d+))?([deEfFgG%])?");

    private PythonFormat() {
    }

    /** {@code template} with each field replaced by its value (an Integer or a Double). */
    static String format(String template, Map<String, ?> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '}') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw new IllegalArgumentException("Single '}' encountered in format string \"" + template + "\"");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            int end = template.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("Single '{' encountered in format string \"" + template + "\"");
            }
            String field = template.substring(i + 1, end);
            int colon = field.indexOf(':');
            String name = colon < 0 ? field : field.substring(0, colon);
            String spec = colon < 0 ? "" : field.substring(colon + 1);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("The field {" + field + "} of \"" + template + "\" must name a"
                        + " value, e.g. {epoch:02d} or {val_loss:.2f}");
            }
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("The field {" + field + "} of \"" + template + "\" names \"" + name
                        + "\", which is not among the values available: " + values.keySet());
            }
            out.append(formatValue(values.get(name), spec, name));
            i = end + 1;
        }
        return out.toString();
    }

    private static String formatValue(Object v, String spec, String name) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid format specifier \"" + spec + "\" for {" + name + "}");
        }
        char fill = m.group(1) != null ? m.group(1).charAt(0) : m.group(5) != null ? '0' : ' ';
        char align = m.group(2) != null ? m.group(2).charAt(0) : m.group(5) != null ? '=' : '>';
        String sign = m.group(3) == null ? "-" : m.group(3);
        boolean alt = m.group(4) != null;
        int width = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        Integer precision = m.group(7) == null ? null : Integer.parseInt(m.group(7));
        char type = m.group(8) == null ? 0 : m.group(8).charAt(0);
        String body;
        boolean negative;
        if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (type == 0 || type == 'd') {
                if (precision != null) {
                    throw new IllegalArgumentException("Precision not allowed in integer format specifier \"" + spec
                            + "\" for {" + name + "}");
                }
                negative = n < 0;
                body = Long.toString(Math.abs(n));
            } else {
                negative = n < 0;
                body = formatFloat(Math.abs((double) n), type, precision, alt);
            }
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (type == 'd') {
                throw new IllegalArgumentException("Unknown format code 'd' for {" + name + "}, a float (" + d + ")");
            }
            negative = d < 0 || (d == 0 && 1 / d < 0);
            body = type == 0 && precision == null ? repr(Math.abs(d)) : formatFloat(Math.abs(d), type, precision, alt);
        } else {
            throw new IllegalArgumentException("{" + name + "} is " + v + ", not a number");
        }
        String signText = negative ? "-" : sign.equals("+") ? "+" : sign.equals(" ") ? " " : "";
        int pad = Math.max(0, width - signText.length() - body.length());
        String padding = String.valueOf(fill).repeat(pad);
        return switch (align) {
            case '<' -> signText + body + padding;
            case '=' -> signText + padding + body;
            case '^' -> padding.substring(0, pad / 2) + signText + body + padding.substring(pad / 2);
            default -> padding + signText + body;
        };
    }

    /** A non-negative float in the given presentation type (0: Python's none type with a precision). */
    private static String formatFloat(double a, char type, Integer precision, boolean alt) {
        boolean upper = Character.isUpperCase(type);
        if (Double.isNaN(a) || Double.isInfinite(a)) {
            String s = Double.isNaN(a) ? "nan" : "inf";
            s = type == '%' ? s + "%" : s;
            return upper ? s.toUpperCase(Locale.ROOT) : s;
        }
        String s = switch (type) {
            case 'f', 'F' -> fixed(a, precision == null ? 6 : precision, alt);
            case '%' -> fixed(a * 100, precision == null ? 6 : precision, alt) + "%";
            case 'e', 'E' -> scientific(a, precision == null ? 6 : precision, alt);
            default -> general(a, precision == null ? 6 : Math.max(1, precision), alt, type == 0);
        };
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** {@code %0.<precision>f} of a value, as Python prints it ("inf", "-inf" and "nan" included). */
    static String fixed(double v, int precision) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String body = fixed(Math.abs(v), precision, false);
        return v < 0 || (v == 0 && 1 / v < 0) ? "-" + body : body;
    }

    private static String fixed(double a, int precision, boolean alt) {
        String s = new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alt && precision == 0 ? s + "." : s;
    }

    private static String scientific(double a, int precision, boolean alt) {
        Significant r = significant(a, precision + 1);
        String mantissa = r.digits().charAt(0) + (precision > 0 || alt ? "." : "") + r.digits().substring(1);
        return mantissa + exponent(r.exp());
    }

    private static String exponent(int exp) {
        return "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** A value rounded to n significant digits: exactly n digits, and the decimal exponent of the first. */
    private record Significant(String digits, int exp) {
    }

    private static Significant significant(double a, int n) {
        if (a == 0) {
            return new Significant("0".repeat(n), 0);
        }
        BigDecimal r = new BigDecimal(a).round(new MathContext(n, RoundingMode.HALF_EVEN));
        StringBuilder digits = new StringBuilder(r.unscaledValue().toString());
        int scale = r.scale();
        // round() leaves fewer than n digits when the value is short (0.5 to 3 digits is "5")
        while (digits.length() < n) {
            digits.append('0');
            scale++;
        }
        return new Significant(digits.toString(), digits.length() - 1 - scale);
    }

    /** Python's 'g' (and the none type with a precision, which keeps a ".0" in fixed notation). */
    private static String general(double a, int p, boolean alt, boolean noneType) {
        int exp = significant(a, p).exp();
        String s;
        boolean fixedNotation = exp >= -4 && exp < p;
        if (fixedNotation) {
            s = fixed(a, p - 1 - exp, alt);
        } else {
            s = scientific(a, p - 1, alt);
        }
        if (!alt) {
            int e = s.indexOf('e');
            String mantissa = e < 0 ? s : s.substring(0, e);
            if (mantissa.contains(".")) {
                mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            s = mantissa + (e < 0 ? "" : s.substring(e));
        }
        if (noneType && fixedNotation && !s.contains(".")) {
            s += ".0";
        }
        return s;
    }

    /** Python's repr of a non-negative float: the shortest digits that read back, in Python's layout. */
    private static String repr(double a) {
        if (Double.isNaN(a) || Double.isInfinite(a)) {
            return Double.isNaN(a) ? "nan" : "inf";
        }
        if (a == 0) {
            return "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(a)).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        if (exp >= -4 && exp < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + exponent(exp);
    }
}
