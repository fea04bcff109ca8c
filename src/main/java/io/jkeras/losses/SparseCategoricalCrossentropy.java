package io.jkeras.losses;

import io.jkeras.backend.Tensor;

/**
 * Keras's {@code SparseCategoricalCrossentropy} loss ({@code sparse_categorical_crossentropy})
 * for integer class labels, optionally on logits. Targets have the output's shape with the
 * last axis 1. See {@link LossFunctions#sparseCategoricalCrossentropy(Tensor, Tensor, boolean)}.
 */
public class SparseCategoricalCrossentropy extends LossFunctionWrapper {
    private boolean fromLogits;

    public SparseCategoricalCrossentropy() {
        this("sparse_categorical_crossentropy");
    }

    public SparseCategoricalCrossentropy(String name) {
        super(name, TargetCheck.SPARSE);
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    /** True when predictions are logits rather than probabilities. */
    public SparseCategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    @Override
    public SparseCategoricalCrossentropy reduction(Reduction r) {
        super.reduction(r);
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return LossFunctions.sparseCategoricalCrossentropy(yTrue, yPred, fromLogits);
    }
}
