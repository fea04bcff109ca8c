package io.jkeras.losses;

/** Keras's {@code MeanAbsolutePercentageError} loss ({@code mean_absolute_percentage_error}): {@code 100 * mean(abs((yTrue - yPred) / max(abs(yTrue), eps)))} over the last axis. See {@link LossFunctions#meanAbsolutePercentageError}. */
public class MeanAbsolutePercentageError extends LossFunctionWrapper {
    public MeanAbsolutePercentageError() {
        this("mean_absolute_percentage_error");
    }

    public MeanAbsolutePercentageError(String name) {
        super(name, LossFunctions::meanAbsolutePercentageError, TargetCheck.SAME_AS_OUTPUT);
    }
}
