package io.jkeras.losses;

import io.jkeras.backend.Tensor;

/** Makes a {@link LossFunction} a {@link Loss} with Keras's default reduction. */
public class LossFunctionWrapper extends Loss {
    /** Which target shape a wrapped function needs (Keras checks only its own losses). */
    public enum TargetCheck {
        /** Any target shape. */
        NONE,
        /** The output's shape. */
        SAME_AS_OUTPUT,
        /** The output's shape with the last axis 1 (integer labels). */
        SPARSE
    }

    private final LossFunction fn;
    private final TargetCheck check;

    public LossFunctionWrapper(String name, LossFunction fn) {
        this(name, fn, TargetCheck.NONE);
    }

    public LossFunctionWrapper(String name, LossFunction fn, TargetCheck check) {
        super(name);
        this.fn = fn;
        this.check = check;
    }

    @Override
    public int[] targetShape(int[] outputShape) {
        return switch (check) {
            case NONE -> null;
            case SAME_AS_OUTPUT -> outputShape.clone();
            case SPARSE -> {
                int[] s = outputShape.clone();
                s[s.length - 1] = 1;
                yield s;
            }
        };
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return fn.apply(yTrue, yPred);
    }
}
