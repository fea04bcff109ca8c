package io.jkeras.losses;

import io.jkeras.backend.Tensor;

/**
 * Keras's {@code BinaryCrossentropy} loss ({@code binary_crossentropy}), optionally on logits
 * and with label smoothing. See {@link LossFunctions#binaryCrossentropy(Tensor, Tensor, boolean, float)}.
 */
public class BinaryCrossentropy extends LossFunctionWrapper {
    private boolean fromLogits;
    private float labelSmoothing;

    public BinaryCrossentropy() {
        this("binary_crossentropy");
    }

    public BinaryCrossentropy(String name) {
        super(name, TargetCheck.SAME_AS_OUTPUT);
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    /** True when predictions are logits rather than probabilities. */
    public BinaryCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    public float labelSmoothing() {
        return labelSmoothing;
    }

    /** s in [0, 1]: targets become {@code y * (1 - s) + 0.5 * s}. */
    public BinaryCrossentropy labelSmoothing(float labelSmoothing) {
        this.labelSmoothing = LabelSmoothing.check(labelSmoothing);
        return this;
    }

    @Override
    public BinaryCrossentropy reduction(Reduction r) {
        super.reduction(r);
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return LossFunctions.binaryCrossentropy(yTrue, yPred, fromLogits, labelSmoothing);
    }
}
