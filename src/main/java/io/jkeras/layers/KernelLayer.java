package io.jkeras.layers;

import io.jkeras.activations.ActivationFunction;
import io.jkeras.activations.Activations;
import io.jkeras.backend.Tensor;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;
import io.jkeras.ops.Variable;
import io.jkeras.regularizers.Regularizer;
import java.util.Map;

/**
 * The options and weights that Dense and Conv2D share: a kernel and an optional bias with
 * their initializers and regularizers, and the activation applied to the output.
 *
 * @param <L> the concrete layer class
 */
public abstract class KernelLayer<L extends KernelLayer<L>> extends BaseLayer<L> {
    private String activationName;
    private ActivationFunction activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    /** A Keras activation name ("relu", "softmax", ...); default linear. */
    public L activation(String name) {
        checkNotBuilt("activation");
        this.activation = Activations.get(name);
        this.activationName = name;
        return self();
    }

    public L activation(ActivationFunction fn) {
        checkNotBuilt("activation");
        this.activation = fn;
        this.activationName = "custom";
        return self();
    }

    public L useBias(boolean useBias) {
        checkNotBuilt("useBias");
        this.useBias = useBias;
        return self();
    }

    public L kernelInitializer(String name) {
        return kernelInitializer(Initializers.get(name));
    }

    public L kernelInitializer(Initializer init) {
        checkNotBuilt("kernelInitializer");
        this.kernelInitializer = init;
        return self();
    }

    public L biasInitializer(String name) {
        return biasInitializer(Initializers.get(name));
    }

    public L biasInitializer(Initializer init) {
        checkNotBuilt("biasInitializer");
        this.biasInitializer = init;
        return self();
    }

    public L kernelRegularizer(Regularizer r) {
        checkNotBuilt("kernelRegularizer");
        this.kernelRegularizer = r;
        return self();
    }

    public L biasRegularizer(Regularizer r) {
        checkNotBuilt("biasRegularizer");
        this.biasRegularizer = r;
        return self();
    }

    public String activationName() {
        return activationName == null ? "linear" : activationName;
    }

    public Variable kernel() {
        return kernel;
    }

    /** The bias, or null with {@code useBias(false)}. */
    public Variable bias() {
        return bias;
    }

    /** Adds the activation, bias, initializer and regularizer options to a subclass's config. */
    protected void addKernelConfig(Map<String, Object> c) {
        String saved = activation == null ? "linear" : "custom".equals(activationName) ? null : activationName;
        c.put("activation", Activation.savedName(saved));
        c.put("use_bias", useBias);
        c.put("kernel_initializer", ConfigValues.initializer("kernel_initializer", kernelInitializer));
        c.put("bias_initializer", ConfigValues.initializer("bias_initializer", biasInitializer));
        c.put("kernel_regularizer", ConfigValues.regularizer("kernel_regularizer", kernelRegularizer));
        c.put("bias_regularizer", ConfigValues.regularizer("bias_regularizer", biasRegularizer));
    }

    /** Makes the kernel of {@code kernelShape} and, when used, a bias of {@code units} values. */
    protected void buildKernelAndBias(int[] kernelShape, int units) {
        kernel = addWeight("kernel", kernelShape, kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {units}, biasInitializer, biasRegularizer, true);
        }
    }

    /** {@code activation(x kernel + bias)} for a 2D kernel: the bias and the activation fuse into the GEMM. */
    protected Tensor activateLinear(Tensor x) {
        Tensor b = bias == null ? null : bias.value();
        return activation == null ? MathOps.linear(x, kernel.value(), b) : activation.linear(x, kernel.value(), b);
    }

    /** {@code y + bias} for this layer's own intermediate y (overwritten at inference), or y without a bias. */
    protected Tensor addBias(Tensor y) {
        if (bias == null) {
            return y;
        }
        if (!Tape.isRecording()) {
            return MathOps.addInPlace(y, bias.value());
        }
        Tensor b = MathOps.add(y, bias.value());
        MathOps.dispose(y);
        return b;
    }

    /** {@code activation(y)} for this layer's own intermediate y (overwritten at inference). */
    protected Tensor activate(Tensor y) {
        if (activation == null) {
            return y;
        }
        Tensor a = activation.applyInPlace(y);
        if (a != y) {
            MathOps.dispose(y);
        }
        return a;
    }
}
