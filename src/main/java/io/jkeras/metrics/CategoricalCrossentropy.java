package io.jkeras.metrics;

import io.jkeras.backend.Tensor;
import io.jkeras.losses.LossFunctions;

/**
 * Keras's {@code CategoricalCrossentropy} metric ({@code categorical_crossentropy}): the mean of the loss of the same name.
 * See {@link LossFunctions#categoricalCrossentropy(Tensor, Tensor, boolean, float)}.
 */
public class CategoricalCrossentropy extends MeanMetricWrapper {
    private boolean fromLogits;
    private float labelSmoothing;

    public CategoricalCrossentropy() {
        this("categorical_crossentropy");
    }

    public CategoricalCrossentropy(String name) {
        super(name);
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    /** True when predictions are logits rather than probabilities. */
    public CategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    public float labelSmoothing() {
        return labelSmoothing;
    }

    /** s in [0, 1]: targets become {@code y * (1 - s) + s / classes}. */
    public CategoricalCrossentropy labelSmoothing(float labelSmoothing) {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return LossFunctions.categoricalCrossentropy(yTrue, yPred, fromLogits, labelSmoothing);
    }

    @Override
    public CategoricalCrossentropy copy(String newName) {
        return new CategoricalCrossentropy(newName).fromLogits(fromLogits).labelSmoothing(labelSmoothing);
    }
}
