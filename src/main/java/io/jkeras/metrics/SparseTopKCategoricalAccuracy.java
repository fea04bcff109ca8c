package io.jkeras.metrics;

import io.jkeras.backend.Tensor;

/**
 * Keras's {@code SparseTopKCategoricalAccuracy} metric ({@code sparse_top_k_categorical_accuracy}): how often the integer label is among the
 * {@link #k()} highest predictions. See {@link MetricFunctions#sparseTopKCategoricalAccuracy(Tensor, Tensor, int)}.
 */
public class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
    private int k = 5;

    public SparseTopKCategoricalAccuracy() {
        this("sparse_top_k_categorical_accuracy");
    }

    public SparseTopKCategoricalAccuracy(String name) {
        super(name);
    }

    public int k() {
        return k;
    }

    /** How many of the highest predictions count (Keras's default 5). */
    public SparseTopKCategoricalAccuracy k(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.k = k;
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return MetricFunctions.sparseTopKCategoricalAccuracy(yTrue, yPred, k);
    }

    @Override
    public SparseTopKCategoricalAccuracy copy(String newName) {
        return new SparseTopKCategoricalAccuracy(newName).k(k);
    }
}
