package io.jkeras.losses;

/** Keras's {@code CategoricalHinge} loss ({@code categorical_hinge}): {@code max(0, max((1 - yTrue) * yPred) - sum(yTrue * yPred) + 1)} over the last axis. See {@link LossFunctions#categoricalHinge}. */
public class CategoricalHinge extends LossFunctionWrapper {
    public CategoricalHinge() {
        this("categorical_hinge");
    }

    public CategoricalHinge(String name) {
        super(name, LossFunctions::categoricalHinge, TargetCheck.SAME_AS_OUTPUT);
    }
}
