package io.jkeras.losses;

/** Keras's {@code LogCosh} loss ({@code logcosh}): the mean of {@code log(cosh(yPred - yTrue))} over the last axis. See {@link LossFunctions#logcosh}. */
public class LogCosh extends LossFunctionWrapper {
    public LogCosh() {
        this("logcosh");
    }

    public LogCosh(String name) {
        super(name, LossFunctions::logcosh, TargetCheck.SAME_AS_OUTPUT);
    }
}
