package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code MeanAbsoluteError} metric ({@code mean_absolute_error}): the mean of the {@code mean_absolute_error} loss. */
public class MeanAbsoluteError extends MeanMetricWrapper {
    public MeanAbsoluteError() {
        this("mean_absolute_error");
    }

    public MeanAbsoluteError(String name) {
        super(name, LossFunctions::meanAbsoluteError);
    }

    @Override
    public MeanAbsoluteError copy(String newName) {
        return new MeanAbsoluteError(newName);
    }
}
