package io.jkeras.metrics;

import io.jkeras.backend.Tensor;

/**
 * Keras's {@code BinaryAccuracy} metric ({@code binary_accuracy}): how often
 * {@code yPred > threshold} matches the 0/1 label. See {@link MetricFunctions#binaryAccuracy(Tensor, Tensor, float)}.
 */
public class BinaryAccuracy extends MeanMetricWrapper {
    private float threshold = 0.5f;

    public BinaryAccuracy() {
        this("binary_accuracy");
    }

    public BinaryAccuracy(String name) {
        super(name);
    }

    public float threshold() {
        return threshold;
    }

    /** Predictions above it count as 1 (Keras's default 0.5). */
    public BinaryAccuracy threshold(float threshold) {
        if (Float.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must be a number, got NaN");
        }
        this.threshold = threshold;
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return MetricFunctions.binaryAccuracy(yTrue, yPred, threshold);
    }

    @Override
    public BinaryAccuracy copy(String newName) {
        return new BinaryAccuracy(newName).threshold(threshold);
    }
}
