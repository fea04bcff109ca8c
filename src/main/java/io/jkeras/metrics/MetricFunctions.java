package io.jkeras.metrics;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** Keras's per-sample metric formulas (keras/metrics.py). Not differentiable. */
public final class MetricFunctions {
    private MetricFunctions() {
    }

    /** 1 where argmax(yTrue) == argmax(yPred) (first index on ties). */
    public static Tensor categoricalAccuracy(Tensor yTrue, Tensor yPred) {
        Tensor a = MathOps.argmax(yTrue, -1);
        Tensor b = MathOps.argmax(yPred, -1);
        Tensor eq = MathOps.compare(BinaryOp.EQUAL, a, b);
        a.close();
        b.close();
        return eq;
    }

    /** 1 where the integer label equals argmax(yPred); labels (B) or (B, 1). */
    public static Tensor sparseCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        Tensor labels = io.jkeras.losses.LossFunctions.flatLabels(yTrue, yPred);
        Tensor b = MathOps.argmax(yPred, -1);
        Tensor eq = MathOps.compare(BinaryOp.EQUAL, labels, b);
        labels.close();
        b.close();
        return eq;
    }
}
