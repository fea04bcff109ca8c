package io.jkeras.losses;

import io.jkeras.backend.Tensor;

/** A loss as a plain function {@code f(yTrue, yPred)} returning per-sample values. */
@FunctionalInterface
public interface LossFunction {
    Tensor apply(Tensor yTrue, Tensor yPred);
}
