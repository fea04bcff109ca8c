package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code Poisson} metric ({@code poisson}): the mean of the {@code poisson} loss. */
public class Poisson extends MeanMetricWrapper {
    public Poisson() {
        this("poisson");
    }

    public Poisson(String name) {
        super(name, LossFunctions::poisson);
    }

    @Override
    public Poisson copy(String newName) {
        return new Poisson(newName);
    }
}
