package io.jkeras.callbacks;

import io.jkeras.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dispatches every hook to each callback in order (Keras's CallbackList). */
public final class CallbackList {
    private final List<Callback> callbacks;

    public CallbackList(List<Callback> callbacks) {
        this.callbacks = new ArrayList<>(callbacks);
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    public void setModel(Model model) {
        callbacks.forEach(c -> c.setModel(model));
    }

    public void setParams(Map<String, Object> params) {
        callbacks.forEach(c -> c.setParams(params));
    }

    public void onTrainBegin(Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTrainBegin(logs));
    }

    public void onTrainEnd(Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTrainEnd(logs));
    }

    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onEpochBegin(epoch, logs));
    }

    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onEpochEnd(epoch, logs));
    }

    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTrainBatchBegin(batch, logs));
    }

    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTrainBatchEnd(batch, logs));
    }

    public void onTestBegin(Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTestBegin(logs));
    }

    public void onTestEnd(Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTestEnd(logs));
    }

    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTestBatchBegin(batch, logs));
    }

    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTestBatchEnd(batch, logs));
    }

    public void onPredictBegin(Map<String, Double> logs) {
        callbacks.forEach(c -> c.onPredictBegin(logs));
    }

    public void onPredictEnd(Map<String, Double> logs) {
        callbacks.forEach(c -> c.onPredictEnd(logs));
    }

    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onPredictBatchBegin(batch, logs));
    }

    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onPredictBatchEnd(batch, logs));
    }
}
