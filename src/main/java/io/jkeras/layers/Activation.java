package io.jkeras.layers;

import io.jkeras.activations.ActivationFunction;
import io.jkeras.activations.Activations;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.List;

/** Applies an activation function; output shape equals input shape. */
public class Activation extends BaseLayer<Activation> {
    private final ActivationFunction fn;

    public Activation(String name) {
        this.fn = Activations.get(name);
    }

    public Activation(ActivationFunction fn) {
        this.fn = fn;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        return inputShapes.get(0).clone();
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        return fn == null ? MathOps.reshape(x, x.shape()) : fn.apply(x);
    }
}
