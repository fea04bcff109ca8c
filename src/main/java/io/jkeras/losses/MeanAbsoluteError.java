package io.jkeras.losses;

/** Keras's {@code MeanAbsoluteError} loss ({@code mean_absolute_error}): {@code mean(abs(yPred - yTrue))} over the last axis. See {@link LossFunctions#meanAbsoluteError}. */
public class MeanAbsoluteError extends LossFunctionWrapper {
    public MeanAbsoluteError() {
        this("mean_absolute_error");
    }

    public MeanAbsoluteError(String name) {
        super(name, LossFunctions::meanAbsoluteError, TargetCheck.SAME_AS_OUTPUT);
    }
}
