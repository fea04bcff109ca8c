package io.jkeras.bench;

import java.util.Arrays;
import java.util.List;

/** The one statistic the report uses: the median, as Python's statistics.median takes it. */
final class Stats {
    private Stats() {
    }

    /** The middle value, or the mean of the two middle ones for an even count. */
    static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median needs at least one value, got none");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
