package io.jkeras.losses;

/** Keras's {@code Poisson} loss ({@code poisson}): {@code mean(yPred - yTrue * log(yPred + eps))} over the last axis. See {@link LossFunctions#poisson}. */
public class Poisson extends LossFunctionWrapper {
    public Poisson() {
        this("poisson");
    }

    public Poisson(String name) {
        super(name, LossFunctions::poisson, TargetCheck.SAME_AS_OUTPUT);
    }
}
