package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code MeanSquaredLogarithmicError} metric ({@code mean_squared_logarithmic_error}): the mean of the {@code mean_squared_logarithmic_error} loss. */
public class MeanSquaredLogarithmicError extends MeanMetricWrapper {
    public MeanSquaredLogarithmicError() {
        this("mean_squared_logarithmic_error");
    }

    public MeanSquaredLogarithmicError(String name) {
        super(name, LossFunctions::meanSquaredLogarithmicError);
    }

    @Override
    public MeanSquaredLogarithmicError copy(String newName) {
        return new MeanSquaredLogarithmicError(newName);
    }
}
