package io.jkeras.callbacks;

import io.jkeras.Model;
import java.util.Map;

/**
 * Keras's callback: hooks called by fit, evaluate and predict, each with the logs of that
 * moment (see the Keras 2.3 documentation for what each carries). Subclass and override the
 * hooks you need; the rest do nothing. {@code model().stopTraining(true)} ends fit after the
 * current batch or epoch.
 */
public class Callback {
    private Model model;
    private Map<String, Object> params = Map.of();

    public void setModel(Model model) {
        this.model = model;
    }

    public Model model() {
        return model;
    }

    /** The loop's parameters: epochs, steps, samples, batch_size, verbose, do_validation, metrics. */
    public void setParams(Map<String, Object> params) {
        this.params = params;
    }

    public Map<String, Object> params() {
        return params;
    }

    public void onTrainBegin(Map<String, Double> logs) {
    }

    public void onTrainEnd(Map<String, Double> logs) {
    }

    public void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    public void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** Called before each training batch; by default calls the legacy {@link #onBatchBegin}. */
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        onBatchBegin(batch, logs);
    }

    /** Called after each training batch; by default calls the legacy {@link #onBatchEnd}. */
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        onBatchEnd(batch, logs);
    }

    /** Legacy alias of {@link #onTrainBatchBegin} (training batches only). */
    public void onBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** Legacy alias of {@link #onTrainBatchEnd} (training batches only). */
    public void onBatchEnd(int batch, Map<String, Double> logs) {
    }

    public void onTestBegin(Map<String, Double> logs) {
    }

    public void onTestEnd(Map<String, Double> logs) {
    }

    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
    }

    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    }

    public void onPredictBegin(Map<String, Double> logs) {
    }

    public void onPredictEnd(Map<String, Double> logs) {
    }

    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    }

    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    }
}
