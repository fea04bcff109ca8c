package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code MeanSquaredError} metric ({@code mean_squared_error}): the mean of the {@code mean_squared_error} loss. */
public class MeanSquaredError extends MeanMetricWrapper {
    public MeanSquaredError() {
        this("mean_squared_error");
    }

    public MeanSquaredError(String name) {
        super(name, LossFunctions::meanSquaredError);
    }

    @Override
    public MeanSquaredError copy(String newName) {
        return new MeanSquaredError(newName);
    }
}
