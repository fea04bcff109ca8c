package io.jkeras.losses;

/** Keras's {@code SquaredHinge} loss ({@code squared_hinge}): {@code mean(square(max(1 - y * yPred, 0)))} over the last axis, 0/1 labels read as -1/1. See {@link LossFunctions#squaredHinge}. */
public class SquaredHinge extends LossFunctionWrapper {
    public SquaredHinge() {
        this("squared_hinge");
    }

    public SquaredHinge(String name) {
        super(name, LossFunctions::squaredHinge, TargetCheck.SAME_AS_OUTPUT);
    }
}
