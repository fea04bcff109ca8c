package io.jkeras.metrics;

import io.jkeras.losses.LossFunctions;

/** Keras's {@code KLDivergence} metric ({@code kullback_leibler_divergence}): the mean Kullback-Leibler divergence. */
public class KLDivergence extends MeanMetricWrapper {
    public KLDivergence() {
        this("kullback_leibler_divergence");
    }

    public KLDivergence(String name) {
        super(name, LossFunctions::kullbackLeiblerDivergence);
    }

    @Override
    public KLDivergence copy(String newName) {
        return new KLDivergence(newName);
    }
}
