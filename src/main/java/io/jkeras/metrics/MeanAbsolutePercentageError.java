package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code MeanAbsolutePercentageError} metric ({@code mean_absolute_percentage_error}): the mean of the {@code mean_absolute_percentage_error} loss. */
public class MeanAbsolutePercentageError extends MeanMetricWrapper {
    public MeanAbsolutePercentageError() {
        this("mean_absolute_percentage_error");
    }

    public MeanAbsolutePercentageError(String name) {
        super(name, LossFunctions::meanAbsolutePercentageError);
    }

    @Override
    public MeanAbsolutePercentageError copy(String newName) {
        return new MeanAbsolutePercentageError(newName);
    }
}
