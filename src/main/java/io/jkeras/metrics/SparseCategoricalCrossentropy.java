package io.jkeras.metrics;

import io.jkeras.backend.Tensor;
import io.jkeras.losses.LossFunctions;

/**
 * Keras's {@code SparseCategoricalCrossentropy} metric ({@code sparse_categorical_crossentropy}):
 * the mean of the loss of the same name, for integer labels.
 * See {@link LossFunctions#sparseCategoricalCrossentropy(Tensor, Tensor, boolean)}.
 */
public class SparseCategoricalCrossentropy extends MeanMetricWrapper {
    private boolean fromLogits;

    public SparseCategoricalCrossentropy() {
        this("sparse_categorical_crossentropy");
    }

    public SparseCategoricalCrossentropy(String name) {
        super(name);
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
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return LossFunctions.sparseCategoricalCrossentropy(yTrue, yPred, fromLogits);
    }

    @Override
    public SparseCategoricalCrossentropy copy(String newName) {
        return new SparseCategoricalCrossentropy(newName).fromLogits(fromLogits);
    }
}
