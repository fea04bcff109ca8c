package io.jkeras;

import io.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records each epoch's logs; fit returns it (Keras's History callback, always the last one). */
public class History extends Callback {
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        history.clear();
        epochs.clear();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** Each loss and metric (and {@code val_} ones) to its per-epoch values. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        history.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    /** The epoch indices run, 0-based. */
    public List<Integer> epoch() {
        return Collections.unmodifiableList(new ArrayList<>(epochs));
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
