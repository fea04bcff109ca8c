package io.jkeras.regularizers;

import io.jkeras.backend.Tensor;

/** A penalty on a weight, added to the total loss of every training and test batch. */
@FunctionalInterface
public interface Regularizer {
    /** The penalty as a scalar tensor, computed with differentiable ops. */
    Tensor penalty(Tensor weight);
}
