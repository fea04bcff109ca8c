package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;

/**
 * Keras's metric names resolved in one place. {@code accuracy}/{@code acc} depend on the
 * output and its loss (keras 2.3 training_utils.get_metric_function): binary when the output
 * has one unit or the loss is binary cross-entropy, sparse with a sparse loss, else
 * categorical. The metric keeps the name the user typed.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * A new metric for {@code name} on an output of {@code outputShape} (batch axis included)
     * trained with {@code loss} (may be null).
     */
    public static Metric get(String name, int[] outputShape, Loss loss) {
        if (name == null) {
            throw new IllegalArgumentException("metric must be a name or a Metric, got null");
        }
        switch (name) {
            case "accuracy", "acc" -> {
                boolean binary = outputShape[outputShape.length - 1] == 1 || Losses.isBinaryCrossentropy(loss);
                if (binary) {
                    throw new IllegalArgumentException("binary accuracy is not available yet");
                }
                if (Losses.isSparseCategorical(loss)) {
                    return new MeanMetricWrapper(name, MetricFunctions::sparseCategoricalAccuracy);
                }
                return new MeanMetricWrapper(name, MetricFunctions::categoricalAccuracy);
            }
            case "categorical_accuracy" -> {
                return new MeanMetricWrapper(name, MetricFunctions::categoricalAccuracy);
            }
            case "sparse_categorical_accuracy" -> {
                return new MeanMetricWrapper(name, MetricFunctions::sparseCategoricalAccuracy);
            }
            default -> throw new IllegalArgumentException("Unknown metric function:" + name);
        }
    }
}
