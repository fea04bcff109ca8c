package io.jkeras.activations;

import io.jkeras.backend.Tensor;

/** An elementwise (or, for softmax, last-axis) activation written with differentiable ops. */
@FunctionalInterface
public interface ActivationFunction {
    Tensor apply(Tensor x);

    /**
     * The activation of a tensor the caller owns and will not read again: elementwise
     * activations overwrite it when no tape records (inference), saving a tensor and a pass.
     */
    default Tensor applyInPlace(Tensor x) {
        return apply(x);
    }
}
