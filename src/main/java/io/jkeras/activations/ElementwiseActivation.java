package io.jkeras.activations;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.UnaryOp;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;

/** An activation that is one elementwise backend function (relu, tanh, ...). */
final class ElementwiseActivation implements ActivationFunction {
    private final UnaryOp op;
    private final float param;

    ElementwiseActivation(UnaryOp op, float param) {
        this.op = op;
        this.param = param;
    }

    @Override
    public Tensor apply(Tensor x) {
        return MathOps.unary(op, param, x);
    }

    @Override
    public Tensor applyInPlace(Tensor x) {
        return Tape.isRecording() ? apply(x) : MathOps.unaryInPlace(op, param, x);
    }

    @Override
    public Tensor linear(Tensor x, Tensor w, Tensor b) {
        return MathOps.linear(x, w, b, op, param);
    }
}
