package io.jkeras.callbacks;

import java.util.Locale;
import java.util.Map;

/**
 * What EarlyStopping, ReduceLROnPlateau and ModelCheckpoint share: a monitored log key and
 * the direction in which it improves. "auto" means max when the key contains "acc", else min
 * (Keras 2.3).
 */
final class Monitor {
    final String key;
    final boolean maximize;

    Monitor(String key, String mode, String callback) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(callback + ": monitor must name a log key such as \"val_loss\", got "
                    + (key == null ? "null" : "\"\""));
        }
        this.key = key;
        String m = mode == null ? "auto" : mode.toLowerCase(Locale.ROOT);
        switch (m) {
            case "min" -> maximize = false;
            case "max" -> maximize = true;
            case "auto" -> maximize = key.contains("acc");
            default -> throw new IllegalArgumentException(callback + ": mode must be \"auto\", \"min\" or \"max\", got \""
                    + mode + "\"");
        }
    }

    /** The worst possible value, from which the first epoch always improves. */
    double initial() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** True when {@code current} beats {@code best} by more than {@code minDelta}. */
    boolean improves(double current, double best, double minDelta) {
        return maximize ? current - minDelta > best : current + minDelta < best;
    }

    /** The monitored value, or null (with Keras's warning) when the logs lack it. */
    Double read(Map<String, Double> logs, String callback) {
        Double v = logs == null ? null : logs.get(key);
        if (v == null) {
            System.err.println("jkeras: " + callback + " conditioned on metric `" + key + "` which is not available."
                    + " Available metrics are: " + (logs == null ? "" : String.join(",", logs.keySet())));
        }
        return v;
    }
}
