package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code CategoricalHinge} metric ({@code categorical_hinge}): the mean of the {@code categorical_hinge} loss. */
public class CategoricalHinge extends MeanMetricWrapper {
    public CategoricalHinge() {
        this("categorical_hinge");
    }

    public CategoricalHinge(String name) {
        super(name, LossFunctions::categoricalHinge);
    }

    @Override
    public CategoricalHinge copy(String newName) {
        return new CategoricalHinge(newName);
    }
}
