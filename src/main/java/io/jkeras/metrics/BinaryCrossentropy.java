package io.jkeras.metrics;

import io.jkeras.backend.Tensor;
import io.jkeras.losses.LossFunctions;

/**
 * Keras's {@code BinaryCrossentropy} metric ({@code binary_crossentropy}): the mean of the loss of the same name.
 * See {@link LossFunctions#binaryCrossentropy(Tensor, Tensor, boolean, float)}.
 */
public class BinaryCrossentropy extends MeanMetricWrapper {
    private boolean fromLogits;
    private float labelSmoothing;

    public BinaryCrossentropy() {
        this("binary_crossentropy");
    }

    public BinaryCrossentropy(String name) {
        super(name);
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
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return LossFunctions.binaryCrossentropy(yTrue, yPred, fromLogits, labelSmoothing);
    }

    @Override
    public BinaryCrossentropy copy(String newName) {
        return new BinaryCrossentropy(newName).fromLogits(fromLogits).labelSmoothing(labelSmoothing);
    }
}
