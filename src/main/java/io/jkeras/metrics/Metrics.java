package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.losses.LossFunctions;
import io.jkeras.losses.Losses;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keras 2.3's metric names resolved in one place (keras/metrics.py {@code get},
 * training_utils {@code get_metric_function}). {@code accuracy}/{@code acc} and
 * {@code crossentropy}/{@code ce} depend on the output and its loss: binary when the output
 * has one unit or the loss is binary cross-entropy, sparse with a sparse loss, else
 * categorical. Every metric keeps the name the user typed, as Keras 2.3 does.
 */
public final class Metrics {
    private static final Map<String, MetricFunction> BY_NAME = new HashMap<>();

    static {
        // exactly the names keras/metrics.py exposes: its own functions and the losses it
        // imports (so "kld" and "huber_loss", which it does not import, are unknown)
        put(MetricFunctions::binaryAccuracy, "binary_accuracy");
        put(MetricFunctions::categoricalAccuracy, "categorical_accuracy");
        put(MetricFunctions::sparseCategoricalAccuracy, "sparse_categorical_accuracy");
        put(MetricFunctions::topKCategoricalAccuracy, "top_k_categorical_accuracy");
        put(MetricFunctions::sparseTopKCategoricalAccuracy, "sparse_top_k_categorical_accuracy");
        put(MetricFunctions::cosineProximity, "cosine_proximity", "cosine", "cosine_similarity");
        put(LossFunctions::meanSquaredError, "mean_squared_error", "mse", "MSE");
        put(LossFunctions::meanAbsoluteError, "mean_absolute_error", "mae", "MAE");
        put(LossFunctions::meanAbsolutePercentageError, "mean_absolute_percentage_error", "mape", "MAPE");
        put(LossFunctions::meanSquaredLogarithmicError, "mean_squared_logarithmic_error", "msle", "MSLE");
        put(LossFunctions::hinge, "hinge");
        put(LossFunctions::squaredHinge, "squared_hinge");
        put(LossFunctions::categoricalHinge, "categorical_hinge");
        put(LossFunctions::logcosh, "logcosh");
        put(LossFunctions::kullbackLeiblerDivergence, "kullback_leibler_divergence");
        put(LossFunctions::poisson, "poisson");
        put(LossFunctions::binaryCrossentropy, "binary_crossentropy");
        put(LossFunctions::categoricalCrossentropy, "categorical_crossentropy");
        put(LossFunctions::sparseCategoricalCrossentropy, "sparse_categorical_crossentropy");
    }

    private Metrics() {
    }

    private static void put(MetricFunction fn, String... names) {
        for (String n : names) {
            BY_NAME.put(n, fn);
        }
    }

    /** The names {@link #get} accepts besides accuracy/acc/crossentropy/ce. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /**
     * A new metric for {@code name} on an output of {@code outputShape} (batch axis included)
     * trained with {@code loss} (may be null), named {@code name}.
     */
    public static Metric get(String name, int[] outputShape, Loss loss) {
        if (name == null) {
            throw new IllegalArgumentException("metric must be a name or a Metric, got null");
        }
        MetricFunction fn = switch (name) {
            case "accuracy", "acc" -> switch (variant(outputShape, loss)) {
                case BINARY -> MetricFunctions::binaryAccuracy;
                case SPARSE -> MetricFunctions::sparseCategoricalAccuracy;
                case CATEGORICAL -> MetricFunctions::categoricalAccuracy;
            };
            case "crossentropy", "ce" -> switch (variant(outputShape, loss)) {
                case BINARY -> LossFunctions::binaryCrossentropy;
                case SPARSE -> LossFunctions::sparseCategoricalCrossentropy;
                case CATEGORICAL -> LossFunctions::categoricalCrossentropy;
            };
            default -> BY_NAME.get(name);
        };
        if (fn == null) {
            throw new IllegalArgumentException("Unknown metric function:" + name);
        }
        return new MeanMetricWrapper(name, fn);
    }

    private enum Variant { BINARY, SPARSE, CATEGORICAL }

    private static Variant variant(int[] outputShape, Loss loss) {
        if (outputShape == null || outputShape.length == 0) {
            throw new IllegalArgumentException("accuracy and crossentropy need the output's shape, got "
                    + (outputShape == null ? "null" : "a scalar shape"));
        }
        if (outputShape[outputShape.length - 1] == 1 || Losses.isBinaryCrossentropy(loss)) {
            return Variant.BINARY;
        }
        return Losses.isSparseCategorical(loss) ? Variant.SPARSE : Variant.CATEGORICAL;
    }
}
