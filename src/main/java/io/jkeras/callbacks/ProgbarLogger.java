package io.jkeras.callbacks;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints {@code Epoch e/E} and a progress bar per epoch (verbose 1), or one line per epoch
 * (verbose 2), as Keras 2.3 does. fit adds one when verbose is not 0.
 */
public class ProgbarLogger extends Callback {
    private final boolean countSteps;
    private final Set<String> stateful;
    private final PrintStream out;
    private int verbose;
    private int epochs;
    private int target;
    private int seen;
    private Progbar bar;
    private Map<String, Double> lastBatch = Map.of();

    /** {@code countMode} "samples" or "steps"; {@code statefulMetrics} are shown as is, not averaged. */
    public ProgbarLogger(String countMode, List<String> statefulMetrics) {
        this(countMode, statefulMetrics, System.out);
    }

    public ProgbarLogger(String countMode, List<String> statefulMetrics, PrintStream out) {
        if (!countMode.equals("samples") && !countMode.equals("steps")) {
            throw new IllegalArgumentException("Unknown `count_mode`: " + countMode);
        }
        this.countSteps = countMode.equals("steps");
        this.stateful = new HashSet<>(statefulMetrics);
        this.out = out;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        verbose = ((Number) params().getOrDefault("verbose", 1)).intValue();
        epochs = ((Number) params().getOrDefault("epochs", 1)).intValue();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (verbose != 0) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
            out.flush();
        }
        Object t = countSteps ? params().get("steps") : params().get("samples");
        target = t == null ? 0 : ((Number) t).intValue();
        seen = 0;
        bar = new Progbar(target, verbose, stateful, out, System.console() != null);
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double size = logs.get("size");
        seen += countSteps ? 1 : (size == null ? 0 : size.intValue());
        if (verbose == 0) {
            return;
        }
        lastBatch = values(logs);
        if (seen < target) {
            bar.update(seen, lastBatch);
            lastBatch = Map.of();
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (verbose != 0) {
            // Keras 2.3 feeds the last batch's values (not shown yet) together with the epoch's
            bar.update(seen, List.of(lastBatch, values(logs)));
            lastBatch = Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Double> values(Map<String, Double> logs) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (String k : (List<String>) params().getOrDefault("metrics", List.of())) {
            Double d = logs.get(k);
            if (d != null) {
                v.put(k, d);
            }
        }
        return v;
    }
}
