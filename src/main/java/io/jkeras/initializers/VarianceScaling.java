package io.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's VarianceScaling: variance {@code scale / n} with n the fan-in, fan-out or their
 * mean; "normal" draws a normal truncated at two standard deviations, with the standard
 * deviation corrected so the truncated draw has the asked variance.
 */
public final class VarianceScaling implements Initializer {
    /** Standard deviation of a unit normal truncated to [-2, 2]. */
    private static final double TRUNCATION_STD = 0.87962566103423978;

    public enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

    private final double scale;
    private final Mode mode;
    private final boolean uniform;

    public VarianceScaling(double scale, String mode, String distribution) {
        if (scale <= 0) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        this.scale = scale;
        this.mode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "fan_in" -> Mode.FAN_IN;
            case "fan_out" -> Mode.FAN_OUT;
            case "fan_avg" -> Mode.FAN_AVG;
            default -> throw new IllegalArgumentException("mode must be fan_in, fan_out or fan_avg, got \"" + mode + "\"");
        };
        this.uniform = switch (distribution.toLowerCase(Locale.ROOT)) {
            case "uniform" -> true;
            case "normal", "truncated_normal" -> false;
            default -> throw new IllegalArgumentException("distribution must be normal or uniform, got \""
                    + distribution + "\"");
        };
    }

    /** Keras's config: scale, mode and distribution ("normal" is the truncated normal, as in Keras 2.3). */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("scale", scale);
        c.put("mode", mode.name().toLowerCase(Locale.ROOT));
        c.put("distribution", uniform ? "uniform" : "normal");
        return c;
    }

    @Override
    public float[] generate(int[] shape, long seed) {
        Fans f = Fans.of(shape);
        double n = switch (mode) {
            case FAN_IN -> Math.max(1.0, f.in());
            case FAN_OUT -> Math.max(1.0, f.out());
            case FAN_AVG -> Math.max(1.0, (f.in() + f.out()) / 2.0);
        };
        double s = scale / n;
        if (uniform) {
            double limit = Math.sqrt(3.0 * s);
            return Sampling.uniform(shape, seed, -limit, limit);
        }
        return Sampling.truncatedNormal(shape, seed, 0.0, Math.sqrt(s) / TRUNCATION_STD);
    }
}
