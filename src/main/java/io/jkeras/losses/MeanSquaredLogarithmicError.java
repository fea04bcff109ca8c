package io.jkeras.losses;

/** Keras's {@code MeanSquaredLogarithmicError} loss ({@code mean_squared_logarithmic_error}): the mean squared difference of {@code log(max(x, eps) + 1)} over the last axis. See {@link LossFunctions#meanSquaredLogarithmicError}. */
public class MeanSquaredLogarithmicError extends LossFunctionWrapper {
    public MeanSquaredLogarithmicError() {
        this("mean_squared_logarithmic_error");
    }

    public MeanSquaredLogarithmicError(String name) {
        super(name, LossFunctions::meanSquaredLogarithmicError, TargetCheck.SAME_AS_OUTPUT);
    }
}
