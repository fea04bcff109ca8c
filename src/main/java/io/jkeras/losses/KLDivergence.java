package io.jkeras.losses;

/** Keras's {@code KLDivergence} loss ({@code kullback_leibler_divergence}): the Kullback-Leibler divergence {@code sum(t * log(t / p))} over the last axis, both clipped to [eps, 1]. See {@link LossFunctions#kullbackLeiblerDivergence}. */
public class KLDivergence extends LossFunctionWrapper {
    public KLDivergence() {
        this("kullback_leibler_divergence");
    }

    public KLDivergence(String name) {
        super(name, LossFunctions::kullbackLeiblerDivergence, TargetCheck.SAME_AS_OUTPUT);
    }
}
