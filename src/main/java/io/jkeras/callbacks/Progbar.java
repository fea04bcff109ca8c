package io.jkeras.callbacks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras 2.3's progress bar ({@code keras.utils.generic_utils.Progbar}), drawn in place with
 * carriage returns on a terminal and one line per update otherwise. Values not named
 * stateful are shown as their mean weighted by the units of each update.
 */
public final class Progbar {
    private static final int WIDTH = 30;
    private static final double INTERVAL = 0.05;

    private final int target;
    private final int verbose;
    private final Set<String> stateful;
    private final PrintStream out;
    private final boolean dynamic;
    private final long start = System.nanoTime();
    private final Map<String, double[]> sums = new HashMap<>();
    private final Map<String, Double> last = new HashMap<>();
    private final List<String> order = new ArrayList<>();
    private int seenSoFar;
    private int totalWidth;
    private double lastUpdate = Double.NEGATIVE_INFINITY;

    public Progbar(int target, int verbose, Set<String> stateful, PrintStream out, boolean dynamic) {
        this.target = target;
        this.verbose = verbose;
        this.stateful = stateful;
        this.out = out;
        this.dynamic = dynamic;
    }

    /** Records progress up to {@code current} units with the given values. */
    public void update(int current, Map<String, Double> values) {
        update(current, List.of(values));
    }

    /**
     * Records progress with several sets of values at once; each non-stateful value is
     * weighted by the units since the last update (Keras passes the last batch's values and
     * the epoch's together at an epoch's end, so both count).
     */
    public void update(int current, List<Map<String, Double>> valueSets) {
        int units = Math.max(1, current - seenSoFar);
        for (Map<String, Double> values : valueSets) {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                String k = e.getKey();
                if (!order.contains(k)) {
                    order.add(k);
                }
                double v = e.getValue();
                if (stateful.contains(k)) {
                    last.put(k, v);
                } else {
                    double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                    s[0] += v * units;
                    s[1] += units;
                }
            }
        }
        seenSoFar = current;
        double now = (System.nanoTime() - start) / 1e9;
        StringBuilder info = new StringBuilder(String.format(" - %.0fs", now));
        if (verbose == 1) {
            if (now - lastUpdate < INTERVAL && current < target) {
                return;
            }
            int prevWidth = totalWidth;
            if (dynamic) {
                out.print("\b".repeat(prevWidth));
                out.print('\r');
            } else {
                out.print('\n');
            }
            int digits = (int) Math.floor(Math.log10(Math.max(1, target))) + 1;
            StringBuilder bar = new StringBuilder(String.format("%" + digits + "d/%d [", current, target));
            int progWidth = (int) (WIDTH * (double) current / Math.max(1, target));
            if (progWidth > 0) {
                bar.append("=".repeat(progWidth - 1)).append(current < target ? '>' : '=');
            }
            bar.append(".".repeat(Math.max(0, WIDTH - progWidth))).append(']');
            totalWidth = bar.length();
            out.print(bar);
            double perUnit = current > 0 ? now / current : 0;
            if (current < target) {
                double eta = perUnit * (target - current);
                String etaFormat;
                if (eta > 3600) {
                    etaFormat = String.format("%d:%02d:%02d", (int) (eta / 3600), (int) (eta % 3600) / 60, (int) (eta % 60));
                } else if (eta > 60) {
                    etaFormat = String.format("%d:%02d", (int) (eta / 60), (int) (eta % 60));
                } else {
                    etaFormat = String.format("%ds", (int) eta);
                }
                info = new StringBuilder(" - ETA: " + etaFormat);
            } else if (perUnit >= 1) {
                info.append(String.format(" %.0fs/step", perUnit));
            } else if (perUnit >= 1e-3) {
                info.append(String.format(" %.0fms/step", perUnit * 1e3));
            } else {
                info.append(String.format(" %.0fus/step", perUnit * 1e6));
            }
            for (String k : order) {
                info.append(" - ").append(k).append(':');
                double avg = value(k);
                info.append(Math.abs(avg) > 1e-3 ? String.format(" %.4f", avg) : String.format(" %.4e", avg));
            }
            totalWidth += info.length();
            if (prevWidth > totalWidth) {
                info.append(" ".repeat(prevWidth - totalWidth));
            }
            if (current >= target) {
                info.append('\n');
            }
            out.print(info);
            out.flush();
            lastUpdate = now;
        } else if (verbose == 2 && current >= target) {
            for (String k : order) {
                info.append(" - ").append(k).append(':');
                double avg = value(k);
                info.append(avg > 1e-3 ? String.format(" %.4f", avg) : String.format(" %.4e", avg));
            }
            out.println(info);
            out.flush();
        }
    }

    private double value(String k) {
        if (stateful.contains(k)) {
            return last.get(k);
        }
        double[] s = sums.get(k);
        return s[0] / Math.max(1, s[1]);
    }
}
