package io.jkeras.losses;

import io.jkeras.backend.Tensor;

/**
 * Keras's {@code CategoricalCrossentropy} loss ({@code categorical_crossentropy}) for one-hot
 * targets, optionally on logits and with label smoothing. See
 * {@link LossFunctions#categoricalCrossentropy(Tensor, Tensor, boolean, float)}.
 */
public class CategoricalCrossentropy extends LossFunctionWrapper {
    private boolean fromLogits;
    private float labelSmoothing;

    public CategoricalCrossentropy() {
        this("categorical_crossentropy");
    }

    public CategoricalCrossentropy(String name) {
        super(name, TargetCheck.SAME_AS_OUTPUT);
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
        this.labelSmoothing = LabelSmoothing.check(labelSmoothing);
        return this;
    }

    @Override
    public CategoricalCrossentropy reduction(Reduction r) {
        super.reduction(r);
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return LossFunctions.categoricalCrossentropy(yTrue, yPred, fromLogits, labelSmoothing);
    }
}
