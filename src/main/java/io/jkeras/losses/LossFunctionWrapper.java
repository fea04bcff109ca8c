package io.jkeras.losses;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/**
 * Makes a {@link LossFunction} a {@link Loss} with Keras's default reduction. Keras's loss
 * classes ({@link MeanSquaredError}, ...) are wrappers of their function too.
 */
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
        if (fn == null) {
            throw new IllegalArgumentException("fn must be a loss function, got null");
        }
        this.fn = fn;
        this.check = check;
    }

    /** For subclasses whose options are read on every call: they override {@link #values}. */
    protected LossFunctionWrapper(String name, TargetCheck check) {
        super(name);
        this.fn = null;
        this.check = check;
    }

    /** The wrapped function (for a subclass with options, its {@link #values} with the current ones). */
    public LossFunction function() {
        return fn != null ? fn : this::values;
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

    /**
     * The function's values after dropping a trailing 1 from yTrue or yPred when their ranks
     * differ by one (tf.keras does this; Keras 2.3 would broadcast (B) against (B, 1) to (B, B)).
     */
    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] aligned = LossFunctions.alignRanks(yTrue, yPred);
        Tensor out = values(aligned[0], aligned[1]);
        if (aligned[0] != yTrue) {
            MathOps.dispose(aligned[0]);
        }
        if (aligned[1] != yPred) {
            MathOps.dispose(aligned[1]);
        }
        return out;
    }

    /** The wrapped function on aligned arguments; subclasses with options override it. */
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return fn.apply(yTrue, yPred);
    }
}
