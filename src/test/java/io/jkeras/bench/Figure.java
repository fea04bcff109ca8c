package io.jkeras.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One figure of one framework on one device: the median of its runs in {@code unit}, the
 * process's peak resident set while it was taken (null when not reported), and the
 * protocol's extra keys ({@code accuracy}, {@code samples_per_s}, a peer's thread layout...).
 */
record Figure(String workload, String unit, double median, List<Double> runs, Double peakRssMb,
              Map<String, Object> extra) {

    Figure {
        runs = List.copyOf(runs);
        extra = new LinkedHashMap<>(extra);
    }

    static Figure of(String workload, String unit, List<Double> runs) {
        return new Figure(workload, unit, Stats.median(runs), runs, null, Map.of());
    }

    /** Times (microseconds, milliseconds, seconds) are better low; rates (samples/s, GFLOP/s) high. */
    static boolean lowerIsBetter(String unit) {
        return unit.equals("us") || unit.equals("ms") || unit.equals("s");
    }

    /**
     * How {@code ours} compares with {@code theirs}, oriented so that a value above 1 favours
     * ours: ours / theirs for rates, theirs / ours for times.
     */
    static double ratio(Figure ours, Figure theirs) {
        if (!ours.unit().equals(theirs.unit())) {
            throw new IllegalArgumentException("ratio of " + ours.workload() + ": units differ, ours \"" + ours.unit()
                    + "\", theirs \"" + theirs.unit() + "\"");
        }
        return lowerIsBetter(ours.unit()) ? theirs.median() / ours.median() : ours.median() / theirs.median();
    }

    /** True when this figure is better than {@code other} (same workload and unit). */
    boolean betterThan(Figure other) {
        return ratio(this, other) > 1;
    }

    Figure withPeakRss(Double mb) {
        return new Figure(workload, unit, median, runs, mb, extra);
    }

    Figure withExtra(String key, Object value) {
        Map<String, Object> e = new LinkedHashMap<>(extra);
        e.put(key, value);
        return new Figure(workload, unit, median, runs, peakRssMb, e);
    }

    /** A numeric extra key, or null when absent or not a number. */
    Double number(String key) {
        return extra.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}
