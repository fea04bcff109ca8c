package io.jkeras.activations;

import io.jkeras.backend.Tensor;

/** An elementwise (or, for softmax, last-axis) activation written with differentiable ops. */
@FunctionalInterface
public interface ActivationFunction {
    Tensor apply(Tensor x);
}
