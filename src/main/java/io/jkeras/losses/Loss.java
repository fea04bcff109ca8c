package io.jkeras.losses;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/**
 * A Keras loss: {@link #call} gives one value per sample (per time step for 3D outputs) by
 * reducing only the last axis; {@link #apply} weights those values and reduces them to a
 * scalar as Keras 2.3 does ({@code sum_over_batch_size}: {@code sum(w * l) / size(l)}).
 * Subclass it, or wrap a function with {@link LossFunctionWrapper}, for a custom loss.
 */
public abstract class Loss {
    /** How per-sample values become the scalar loss. */
    public enum Reduction {
        /** {@code sum(w * l) / number of values}: Keras's default. */
        SUM_OVER_BATCH_SIZE,
        /** {@code sum(w * l)}. */
        SUM,
        /** Keep per-sample values; the model takes their mean. */
        NONE
    }

    private final String name;
    private Reduction reduction = Reduction.SUM_OVER_BATCH_SIZE;

    protected Loss(String name) {
        this.name = name;
    }

    /** The name Keras reports, e.g. {@code mean_squared_error} for "mse". */
    public String name() {
        return name;
    }

    public Reduction reduction() {
        return reduction;
    }

    public Loss reduction(Reduction r) {
        this.reduction = r;
        return this;
    }

    /**
     * The target shape this loss needs for an output of {@code outputShape} (batch axis -1
     * included), or null to accept any: Keras checks targets only for its own losses.
     */
    public int[] targetShape(int[] outputShape) {
        return null;
    }

    /** Per-sample losses: yPred's shape without its last axis. */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /**
     * The weighted, reduced loss. {@code sampleWeight} (null for none) has shape (B) or (B, T)
     * and is broadcast against the per-sample values.
     */
    public Tensor apply(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor values = call(yTrue, yPred);
        Tensor weighted = values;
        if (sampleWeight != null) {
            Tensor w = alignWeights(sampleWeight, values);
            weighted = MathOps.mul(values, w);
            if (w != sampleWeight) {
                MathOps.dispose(w);
            }
        }
        Tensor total = MathOps.sum(weighted);
        Tensor out = switch (reduction) {
            case SUM -> total;
            case SUM_OVER_BATCH_SIZE, NONE -> MathOps.mul(total, 1f / Math.max(1, values.size()));
        };
        if (out != total) {
            MathOps.dispose(total);
        }
        if (weighted != values) {
            MathOps.dispose(weighted);
        }
        MathOps.dispose(values);
        return out;
    }

    /** Keras's rank alignment: add or drop a trailing 1 so weights broadcast over the values. */
    static Tensor alignWeights(Tensor w, Tensor values) {
        int wr = w.rank();
        int vr = values.rank();
        if (wr == vr + 1 && w.dim(-1) == 1) {
            int[] s = java.util.Arrays.copyOf(w.shape(), wr - 1);
            return MathOps.reshape(w, s);
        }
        if (wr + 1 == vr) {
            int[] s = java.util.Arrays.copyOf(w.shape(), wr + 1);
            s[wr] = 1;
            return MathOps.reshape(w, s);
        }
        return w;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
