package io.jkeras.losses;

import io.jkeras.backend.Shapes;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.Arrays;

/**
 * A Keras loss: {@link #call} gives the unreduced values (one per sample, or per time step
 * for 3D outputs: the built-in functions reduce only the last axis); {@link #apply} weights
 * them and reduces them to a scalar as Keras 2.3 does ({@code sum_over_batch_size}:
 * {@code sum(w * l) / size(l)}). Subclass it, or wrap a function with
 * {@link LossFunctionWrapper}, for a custom loss.
 */
public abstract class Loss {
    /** How per-sample values become the scalar loss (keras/utils/losses_utils.py). */
    public enum Reduction {
        /** {@code sum(w * l) / number of values}: Keras's default. */
        SUM_OVER_BATCH_SIZE,
        /** {@code sum(w * l)}. */
        SUM,
        /**
         * Keep per-sample values; Keras's training loop then takes their mean, so
         * {@link #apply} gives that mean, {@code sum(w * l) / size(l)}.
         */
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
        if (r == null) {
            throw new IllegalArgumentException("reduction must be one of " + Arrays.toString(Reduction.values())
                    + ", got null");
        }
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

    /** The unreduced loss values, usually yPred's shape without its last axis. */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /**
     * The weighted, reduced loss. {@code sampleWeight} (null for none) has shape (B) or (B, T),
     * or any shape that broadcasts against the values once trailing axes are added.
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
            case SUM_OVER_BATCH_SIZE, NONE -> MathOps.mul(total, 1f / Math.max(1, weighted.size()));
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

    /**
     * Keras's alignment of weights with loss values (losses_utils
     * {@code squeeze_or_expand_dimensions}, {@code broadcast_weights}): a trailing 1 is
     * dropped when the weights have one axis more, and trailing axes of 1 are added while they
     * have fewer, so (B) weights scale every value of sample b.
     */
    static Tensor alignWeights(Tensor w, Tensor values) {
        int wr = w.rank();
        int vr = values.rank();
        if (wr == vr + 1 && w.dim(-1) == 1) {
            return MathOps.reshape(w, Arrays.copyOf(w.shape(), wr - 1));
        }
        if (wr > vr) {
            throw new IllegalArgumentException("Incompatible shapes: `values` " + Arrays.toString(values.shape())
                    + " vs `sample_weight` " + Arrays.toString(w.shape()));
        }
        int[] s = w.shape();
        if (wr < vr && wr > 0) {
            s = Arrays.copyOf(s, vr);
            Arrays.fill(s, wr, vr, 1);
        }
        // weights may only stretch along their axes of 1, never stretch the values
        if (!Arrays.equals(Shapes.broadcast(s, values.shape()), values.shape())) {
            throw new IllegalArgumentException("Incompatible shapes: `values` " + Arrays.toString(values.shape())
                    + " vs `sample_weight` " + Arrays.toString(w.shape()));
        }
        return s.length == wr ? w : MathOps.reshape(w, s);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
