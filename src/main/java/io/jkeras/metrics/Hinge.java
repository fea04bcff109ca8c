package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code Hinge} metric ({@code hinge}): the mean of the {@code hinge} loss. */
public class Hinge extends MeanMetricWrapper {
    public Hinge() {
        this("hinge");
    }

    public Hinge(String name) {
        super(name, LossFunctions::hinge);
    }

    @Override
    public Hinge copy(String newName) {
        return new Hinge(newName);
    }
}
