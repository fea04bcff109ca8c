package io.jkeras.metrics;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Tensor;
import io.jkeras.losses.LossFunctions;
import io.jkeras.ops.MathOps;
import java.util.Arrays;

/**
 * Keras 2.3's metric formulas (keras/metrics.py) that are not losses, each giving one value
 * per sample (reducing only the last axis); the loss-based metrics use {@link LossFunctions}.
 * Run without a tape: none of these is differentiable.
 */
public final class MetricFunctions {
    private static final int[] LAST = {-1};

    private MetricFunctions() {
    }

    /** 1 where {@code yTrue == yPred}, elementwise (Keras's {@code accuracy}). */
    public static Tensor accuracy(Tensor yTrue, Tensor yPred) {
        return MathOps.compare(BinaryOp.EQUAL, yTrue, yPred);
    }

    /**
     * {@code mean(yTrue == round(yPred), axis=-1)}; round is half to even, so at the default
     * threshold 0.5 only {@code yPred > 0.5} counts as 1. Another threshold first maps yPred
     * to {@code yPred > threshold}.
     */
    public static Tensor binaryAccuracy(Tensor yTrue, Tensor yPred, float threshold) {
        Tensor thresholded = threshold != 0.5f ? MathOps.compare(BinaryOp.GREATER, yPred, threshold) : null;
        Tensor rounded = MathOps.round(thresholded != null ? thresholded : yPred);
        Tensor eq = MathOps.compare(BinaryOp.EQUAL, yTrue, rounded);
        Tensor out = MathOps.mean(eq, LAST, false);
        close(thresholded, rounded, eq);
        return out;
    }

    /** {@link #binaryAccuracy(Tensor, Tensor, float)} at Keras's threshold 0.5. */
    public static Tensor binaryAccuracy(Tensor yTrue, Tensor yPred) {
        return binaryAccuracy(yTrue, yPred, 0.5f);
    }

    /** 1 where argmax(yTrue) == argmax(yPred) (first index on ties). */
    public static Tensor categoricalAccuracy(Tensor yTrue, Tensor yPred) {
        Tensor a = MathOps.argmax(yTrue, -1);
        Tensor b = MathOps.argmax(yPred, -1);
        Tensor eq = MathOps.compare(BinaryOp.EQUAL, a, b);
        close(a, b);
        return eq;
    }

    /** 1 where the integer label equals argmax(yPred); labels (B) or (B, 1). */
    public static Tensor sparseCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        Tensor labels = LossFunctions.flatLabels(yTrue, yPred);
        Tensor b = MathOps.argmax(yPred, -1);
        Tensor eq = MathOps.compare(BinaryOp.EQUAL, labels, b);
        close(labels, b);
        return eq;
    }

    /** 1 where the class argmax(yTrue) is among the k highest predictions (TensorFlow's in_top_k). */
    public static Tensor topKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k) {
        Tensor targets = MathOps.argmax(yTrue, -1);
        Tensor out = inTopK(yPred, targets, k);
        close(targets);
        return out;
    }

    /** {@link #topKCategoricalAccuracy(Tensor, Tensor, int)} with Keras's k = 5. */
    public static Tensor topKCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        return topKCategoricalAccuracy(yTrue, yPred, 5);
    }

    /** 1 where the integer label (truncated) is among the k highest predictions; labels (B) or (B, 1). */
    public static Tensor sparseTopKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k) {
        Tensor labels = LossFunctions.flatLabels(yTrue, yPred);
        Tensor out = inTopK(yPred, labels, k);
        close(labels);
        return out;
    }

    /** {@link #sparseTopKCategoricalAccuracy(Tensor, Tensor, int)} with Keras's k = 5. */
    public static Tensor sparseTopKCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        return sparseTopKCategoricalAccuracy(yTrue, yPred, 5);
    }

    private static Tensor inTopK(Tensor yPred, Tensor targets, int k) {
        Tensor flat = MathOps.inTopK(yPred, targets, k);
        Tensor out = flat.reshape(Arrays.copyOf(yPred.shape(), yPred.rank() - 1));
        close(flat);
        return out;
    }

    /** The metric's sign: {@code +sum(l2_normalize(yTrue) * l2_normalize(yPred), axis=-1)}. */
    public static Tensor cosineProximity(Tensor yTrue, Tensor yPred) {
        return LossFunctions.cosineSimilarity(yTrue, yPred);
    }

    private static void close(Tensor... ts) {
        MathOps.dispose(ts);
    }
}
