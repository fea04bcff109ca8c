package io.jkeras.metrics;

/** Keras's {@code Accuracy} metric ({@code accuracy}): how often predictions equal labels exactly, elementwise. */
public class Accuracy extends MeanMetricWrapper {
    public Accuracy() {
        this("accuracy");
    }

    public Accuracy(String name) {
        super(name, MetricFunctions::accuracy);
    }

    @Override
    public Accuracy copy(String newName) {
        return new Accuracy(newName);
    }
}
