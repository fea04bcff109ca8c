package io.jkeras.layers;

import io.jkeras.activations.ActivationFunction;
import io.jkeras.activations.Activations;
import io.jkeras.backend.Tensor;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Variable;
import io.jkeras.regularizers.Regularizer;
import java.util.List;

/**
 * {@code output = activation(dot(input, kernel) + bias)}; on inputs of rank above 2 it acts on
 * the last axis.
 *
 * <p>Input shape: (batch, ..., inputDim). Output shape: (batch, ..., units).
 */
public class Dense extends BaseLayer<Dense> {
    private final int units;
    private String activationName;
    private ActivationFunction activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    public Dense(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be a positive integer, got " + units);
        }
        this.units = units;
    }

    public Dense activation(String name) {
        checkNotBuilt("activation");
        this.activation = Activations.get(name);
        this.activationName = name;
        return this;
    }

    public Dense activation(ActivationFunction fn) {
        checkNotBuilt("activation");
        this.activation = fn;
        this.activationName = "custom";
        return this;
    }

    public Dense useBias(boolean useBias) {
        checkNotBuilt("useBias");
        this.useBias = useBias;
        return this;
    }

    public Dense kernelInitializer(String name) {
        return kernelInitializer(Initializers.get(name));
    }

    public Dense kernelInitializer(Initializer init) {
        checkNotBuilt("kernelInitializer");
        this.kernelInitializer = init;
        return this;
    }

    public Dense biasInitializer(String name) {
        return biasInitializer(Initializers.get(name));
    }

    public Dense biasInitializer(Initializer init) {
        checkNotBuilt("biasInitializer");
        this.biasInitializer = init;
        return this;
    }

    public Dense kernelRegularizer(Regularizer r) {
        checkNotBuilt("kernelRegularizer");
        this.kernelRegularizer = r;
        return this;
    }

    public Dense biasRegularizer(Regularizer r) {
        checkNotBuilt("biasRegularizer");
        this.biasRegularizer = r;
        return this;
    }

    public int units() {
        return units;
    }

    public String activationName() {
        return activationName == null ? "linear" : activationName;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = singleShape(inputShapes, 2);
        if (s[s.length - 1] < 0) {
            throw new IllegalArgumentException("The last dimension of the inputs to Dense layer " + name()
                    + " should be defined, found None");
        }
        int[] out = s.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        kernel = addWeight("kernel", new int[] {s[s.length - 1], units}, kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {units}, biasInitializer, biasRegularizer, true);
        }
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        Tensor y = bias != null ? MathOps.linear(x, kernel.value(), bias.value()) : MathOps.matmul(x, kernel.value());
        if (activation != null) {
            Tensor a = activation.apply(y);
            MathOps.dispose(y);
            y = a;
        }
        return y;
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }
}
