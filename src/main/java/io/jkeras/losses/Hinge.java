package io.jkeras.losses;

/** Keras's {@code Hinge} loss ({@code hinge}): {@code mean(max(1 - y * yPred, 0))} over the last axis, 0/1 labels read as -1/1. See {@link LossFunctions#hinge}. */
public class Hinge extends LossFunctionWrapper {
    public Hinge() {
        this("hinge");
    }

    public Hinge(String name) {
        super(name, LossFunctions::hinge, TargetCheck.SAME_AS_OUTPUT);
    }
}
