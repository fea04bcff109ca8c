package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code SquaredHinge} metric ({@code squared_hinge}): the mean of the {@code squared_hinge} loss. */
public class SquaredHinge extends MeanMetricWrapper {
    public SquaredHinge() {
        this("squared_hinge");
    }

    public SquaredHinge(String name) {
        super(name, LossFunctions::squaredHinge);
    }

    @Override
    public SquaredHinge copy(String newName) {
        return new SquaredHinge(newName);
    }
}
