package io.jkeras.layers;

import io.jkeras.activations.ActivationFunction;
import io.jkeras.activations.Activations;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.List;
import java.util.Map;

/** Applies an activation function; output shape equals input shape. */
public class Activation extends BaseLayer<Activation> {
    private final ActivationFunction fn;
    /** The Keras name it was made from; null for a function given directly. */
    private final String activationName;

    public Activation(String name) {
        this.fn = Activations.get(name);
        this.activationName = name == null ? "linear" : name;
    }

    public Activation(ActivationFunction fn) {
        this.fn = fn;
        this.activationName = fn == null ? "linear" : null;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", savedName(activationName));
        return c;
    }

    /** The activation's name for a saved config; a function given directly has none. */
    static String savedName(String activationName) {
        if (activationName == null) {
            throw new IllegalArgumentException("activation: an ActivationFunction given directly cannot be saved;"
                    + " give it by name, one of " + Activations.NAMES);
        }
        return activationName;
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
