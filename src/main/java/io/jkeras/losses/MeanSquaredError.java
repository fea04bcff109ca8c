package io.jkeras.losses;

/** Keras's {@code MeanSquaredError} loss ({@code mean_squared_error}): {@code mean(square(yPred - yTrue))} over the last axis. See {@link LossFunctions#meanSquaredError}. */
public class MeanSquaredError extends LossFunctionWrapper {
    public MeanSquaredError() {
        this("mean_squared_error");
    }

    public MeanSquaredError(String name) {
        super(name, LossFunctions::meanSquaredError, TargetCheck.SAME_AS_OUTPUT);
    }
}
