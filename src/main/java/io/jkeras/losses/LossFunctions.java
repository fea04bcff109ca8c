package io.jkeras.losses;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.NnOps;

/**
 * Keras's loss formulas (keras/losses.py), each reducing only the last axis, written with
 * differentiable ops. {@link #EPSILON} is Keras's {@code K.epsilon()}.
 */
public final class LossFunctions {
    public static final float EPSILON = 1e-7f;

    private LossFunctions() {
    }

    private static final int[] LAST = {-1};

    /** {@code mean(square(yPred - yTrue), axis=-1)}. */
    public static Tensor meanSquaredError(Tensor yTrue, Tensor yPred) {
        Tensor d = MathOps.sub(yPred, yTrue);
        Tensor sq = MathOps.square(d);
        Tensor out = MathOps.mean(sq, LAST, false);
        MathOps.dispose(d, sq);
        return out;
    }

    /**
     * {@code -sum(yTrue * log(p), axis=-1)}. From probabilities: p normalised to sum 1 and
     * clipped to [eps, 1 - eps]; but when yPred is a softmax output the loss is computed from
     * its logits with log_softmax, as Keras's TensorFlow backend does. Label smoothing s
     * replaces yTrue with {@code yTrue * (1 - s) + s / classes}.
     */
    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, float labelSmoothing) {
        Tensor target = yTrue;
        if (labelSmoothing > 0f) {
            target = MathOps.affine(yTrue, 1f - labelSmoothing, labelSmoothing / yPred.dim(-1));
        }
        Tensor logProb;
        if (fromLogits || yPred.logits() != null) {
            logProb = NnOps.logSoftmax(fromLogits ? yPred : yPred.logits());
        } else {
            Tensor sum = MathOps.sum(yPred, LAST, true);
            Tensor p = MathOps.div(yPred, sum);
            Tensor clipped = MathOps.clip(p, EPSILON, 1f - EPSILON);
            logProb = MathOps.log(clipped);
            MathOps.dispose(sum, p, clipped);
        }
        Tensor prod = MathOps.mul(target, logProb);
        Tensor s = MathOps.sum(prod, LAST, false);
        Tensor out = MathOps.neg(s);
        MathOps.dispose(prod, s, logProb);
        if (target != yTrue) {
            MathOps.dispose(target);
        }
        return out;
    }

    /**
     * Cross-entropy with integer labels of shape (B) or (B, 1) (any trailing 1 is dropped):
     * the categorical form on one-hot targets; from probabilities the clipping comes first,
     * then the normalisation, as in Keras's TensorFlow backend.
     */
    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        int classes = yPred.dim(-1);
        Tensor oneHot = MathOps.oneHot(flatLabels(yTrue, yPred), classes);
        Tensor out;
        if (fromLogits || yPred.logits() != null) {
            out = categoricalCrossentropy(oneHot, yPred, fromLogits, 0f);
        } else {
            Tensor clipped = MathOps.clip(yPred, EPSILON, 1f - EPSILON);
            out = categoricalCrossentropy(oneHot, clipped, false, 0f);
            MathOps.dispose(clipped);
        }
        MathOps.dispose(oneHot);
        return out;
    }

    /** Labels reshaped to yPred's shape without its last axis. */
    public static Tensor flatLabels(Tensor yTrue, Tensor yPred) {
        int[] target = java.util.Arrays.copyOf(yPred.shape(), yPred.rank() - 1);
        if (yTrue.size() != io.jkeras.backend.Shapes.size(target)) {
            throw new IllegalArgumentException("sparse labels of shape " + java.util.Arrays.toString(yTrue.shape())
                    + " do not match predictions of shape " + java.util.Arrays.toString(yPred.shape()));
        }
        return yTrue.reshape(target);
    }
}
