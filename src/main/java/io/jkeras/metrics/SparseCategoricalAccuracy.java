package io.jkeras.metrics;

/** Keras's {@code SparseCategoricalAccuracy} metric ({@code sparse_categorical_accuracy}): how often argmax(yPred) equals the integer label. */
public class SparseCategoricalAccuracy extends MeanMetricWrapper {
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    public SparseCategoricalAccuracy(String name) {
        super(name, MetricFunctions::sparseCategoricalAccuracy);
    }

    @Override
    public SparseCategoricalAccuracy copy(String newName) {
        return new SparseCategoricalAccuracy(newName);
    }
}
