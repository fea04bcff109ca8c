package io.jkeras;

import io.jkeras.losses.Loss;
import io.jkeras.losses.LossFunction;
import io.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of Keras's {@code compile}. Losses and metrics may be names, objects or
 * functions, given once for all outputs, as a list by output position, or as a map by
 * output name; they are resolved and checked against the model by {@code compile}.
 */
public final class CompileOptions {
    private Object optimizer = "rmsprop";
    private Object loss;
    private Object metrics;
    private Object lossWeights;
    private Object sampleWeightMode;
    private Object weightedMetrics;
    private Object targetTensors;

    public CompileOptions optimizer(String name) {
        this.optimizer = name;
        return this;
    }

    public CompileOptions optimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /** One loss for every output: a name such as "mse". */
    public CompileOptions loss(String name) {
        this.loss = name;
        return this;
    }

    public CompileOptions loss(Loss loss) {
        this.loss = loss;
        return this;
    }

    public CompileOptions loss(LossFunction fn) {
        this.loss = fn;
        return this;
    }

    /** One loss per output by position (String, Loss or LossFunction; null: no loss). */
    public CompileOptions loss(List<?> perOutput) {
        this.loss = new ArrayList<>(perOutput);
        return this;
    }

    /** Losses by output name; outputs not named get no loss. */
    public CompileOptions loss(Map<String, ?> byName) {
        this.loss = new LinkedHashMap<>(byName);
        return this;
    }

    /** Metrics for every output (names, Metric objects or MetricFunctions). */
    public CompileOptions metrics(Object... metrics) {
        this.metrics = new ArrayList<>(Arrays.asList(metrics));
        return this;
    }

    /** A flat list (every output) or a list with one entry (a metric or a list) per output. */
    public CompileOptions metrics(List<?> metrics) {
        this.metrics = new ArrayList<>(metrics);
        return this;
    }

    public CompileOptions metrics(Map<String, ?> byOutput) {
        this.metrics = new LinkedHashMap<>(byOutput);
        return this;
    }

    public CompileOptions lossWeights(List<Double> weights) {
        this.lossWeights = new ArrayList<>(weights);
        return this;
    }

    public CompileOptions lossWeights(Map<String, Double> weights) {
        this.lossWeights = new LinkedHashMap<>(weights);
        return this;
    }

    /** null (one weight per sample) or "temporal" (one per time step), for all outputs. */
    public CompileOptions sampleWeightMode(String mode) {
        this.sampleWeightMode = mode;
        return this;
    }

    public CompileOptions sampleWeightMode(List<String> perOutput) {
        this.sampleWeightMode = new ArrayList<>(perOutput);
        return this;
    }

    public CompileOptions sampleWeightMode(Map<String, String> byName) {
        this.sampleWeightMode = new LinkedHashMap<>(byName);
        return this;
    }

    public CompileOptions weightedMetrics(Object... metrics) {
        this.weightedMetrics = new ArrayList<>(Arrays.asList(metrics));
        return this;
    }

    public CompileOptions weightedMetrics(List<?> metrics) {
        this.weightedMetrics = new ArrayList<>(metrics);
        return this;
    }

    public CompileOptions weightedMetrics(Map<String, ?> byOutput) {
        this.weightedMetrics = new LinkedHashMap<>(byOutput);
        return this;
    }

    /** Keras's target_tensors: fixed targets (NDArrays) instead of fed y; one, a list, or a map. */
    public CompileOptions targetTensors(Object targets) {
        this.targetTensors = targets;
        return this;
    }

    /** A copy holding the same values, unaffected by later setter calls on this one (kept by compile for saving). */
    public CompileOptions copy() {
        CompileOptions c = new CompileOptions();
        c.optimizer = optimizer;
        c.loss = loss;
        c.metrics = metrics;
        c.lossWeights = lossWeights;
        c.sampleWeightMode = sampleWeightMode;
        c.weightedMetrics = weightedMetrics;
        c.targetTensors = targetTensors;
        return c;
    }

    public Object optimizer() {
        return optimizer;
    }

    public Object loss() {
        return loss;
    }

    public Object metrics() {
        return metrics;
    }

    public Object lossWeights() {
        return lossWeights;
    }

    public Object sampleWeightMode() {
        return sampleWeightMode;
    }

    public Object weightedMetrics() {
        return weightedMetrics;
    }

    public Object targetTensors() {
        return targetTensors;
    }
}
