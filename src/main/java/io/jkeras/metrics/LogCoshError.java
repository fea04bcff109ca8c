package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code LogCoshError} metric ({@code logcosh}): the mean of the {@code logcosh} loss. */
public class LogCoshError extends MeanMetricWrapper {
    public LogCoshError() {
        this("logcosh");
    }

    public LogCoshError(String name) {
        super(name, LossFunctions::logcosh);
    }

    @Override
    public LogCoshError copy(String newName) {
        return new LogCoshError(newName);
    }
}
