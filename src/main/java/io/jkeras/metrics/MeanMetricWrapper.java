package io.jkeras.metrics;

import io.jkeras.backend.Tensor;

/** Averages a per-sample {@link MetricFunction} over every batch seen (Keras's MeanMetricWrapper). */
public class MeanMetricWrapper extends Mean {
    private final MetricFunction fn;

    public MeanMetricWrapper(String name, MetricFunction fn) {
        super(name);
        this.fn = fn;
    }

    public MetricFunction function() {
        return fn;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor values = io.jkeras.ops.Tape.paused(() -> fn.apply(yTrue, yPred));
        update(values, sampleWeight);
        values.close();
    }

    @Override
    public Metric copy(String newName) {
        return new MeanMetricWrapper(newName, fn);
    }
}
