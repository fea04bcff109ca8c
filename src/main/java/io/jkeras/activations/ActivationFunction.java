package io.jkeras.activations;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

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

    /**
     * {@code this(x w + b)}, a dense layer's forward pass (b may be null). Elementwise
     * activations fuse themselves into the GEMM; others apply to its output.
     */
    default Tensor linear(Tensor x, Tensor w, Tensor b) {
        Tensor z = MathOps.linear(x, w, b);
        Tensor y = applyInPlace(z);
        if (y != z) {
            MathOps.dispose(z);
        }
        return y;
    }
}
