package io.jkeras.metrics;

import io.jkeras.backend.Tensor;

/**
 * Keras's {@code TopKCategoricalAccuracy} metric ({@code top_k_categorical_accuracy}): how often the class argmax(yTrue) is among the
 * {@link #k()} highest predictions. See {@link MetricFunctions#topKCategoricalAccuracy(Tensor, Tensor, int)}.
 */
public class TopKCategoricalAccuracy extends MeanMetricWrapper {
    private int k = 5;

    public TopKCategoricalAccuracy() {
        this("top_k_categorical_accuracy");
    }

    public TopKCategoricalAccuracy(String name) {
        super(name);
    }

    public int k() {
        return k;
    }

    /** How many of the highest predictions count (Keras's default 5). */
    public TopKCategoricalAccuracy k(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.k = k;
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return MetricFunctions.topKCategoricalAccuracy(yTrue, yPred, k);
    }

    @Override
    public TopKCategoricalAccuracy copy(String newName) {
        return new TopKCategoricalAccuracy(newName).k(k);
    }
}
