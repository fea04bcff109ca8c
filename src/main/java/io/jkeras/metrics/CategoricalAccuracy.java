package io.jkeras.metrics;

/** Keras's {@code CategoricalAccuracy} metric ({@code categorical_accuracy}): how often argmax(yPred) equals argmax(yTrue). */
public class CategoricalAccuracy extends MeanMetricWrapper {
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    public CategoricalAccuracy(String name) {
        super(name, MetricFunctions::categoricalAccuracy);
    }

    @Override
    public CategoricalAccuracy copy(String newName) {
        return new CategoricalAccuracy(newName);
    }
}
