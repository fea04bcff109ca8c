package io.jkeras.layers;

import io.jkeras.activations.ActivationFunction;
import io.jkeras.activations.Activations;
import io.jkeras.backend.Tensor;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.ConvOps;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Variable;
import io.jkeras.regularizers.Regularizer;
import java.util.List;

/**
 * 2D convolution: {@code output = activation(conv2d(input, kernel) + bias)}, channels_last.
 * The kernel has shape (kernelRows, kernelCols, inputChannels, filters).
 *
 * <p>Input shape: (batch, rows, cols, channels). Output shape: (batch, newRows, newCols, filters),
 * where "valid" padding gives {@code ceil((rows - dilatedKernelRows + 1) / strides)} rows and
 * "same" gives {@code ceil(rows / strides)}.
 */
public class Conv2D extends BaseLayer<Conv2D> {
    private final int filters;
    private final int[] kernelSize;
    private int[] strides = {1, 1};
    private boolean samePadding;
    private int[] dilationRate = {1, 1};
    private String activationName;
    private ActivationFunction activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    /** {@code Conv2D(filters, kernel_size)}: one size for both axes, or (rows, cols). */
    public Conv2D(int filters, int... kernelSize) {
        if (filters <= 0) {
            throw new IllegalArgumentException("filters must be a positive integer, got " + filters);
        }
        this.filters = filters;
        this.kernelSize = ConvUtils.pair("kernelSize", kernelSize);
    }

    /** One stride for both axes, or (rows, cols); default 1. */
    public Conv2D strides(int... strides) {
        checkNotBuilt("strides");
        this.strides = ConvUtils.pair("strides", strides);
        checkStridesWithDilation();
        return this;
    }

    /** "valid" (default) or "same". */
    public Conv2D padding(String padding) {
        checkNotBuilt("padding");
        this.samePadding = ConvUtils.samePadding(padding);
        return this;
    }

    /** One dilation rate for both axes, or (rows, cols); default 1. */
    public Conv2D dilationRate(int... dilationRate) {
        checkNotBuilt("dilationRate");
        this.dilationRate = ConvUtils.pair("dilationRate", dilationRate);
        checkStridesWithDilation();
        return this;
    }

    /** Only "channels_last" is supported. */
    public Conv2D dataFormat(String dataFormat) {
        checkNotBuilt("dataFormat");
        ConvUtils.checkDataFormat(dataFormat);
        return this;
    }

    public Conv2D activation(String name) {
        checkNotBuilt("activation");
        this.activation = Activations.get(name);
        this.activationName = name;
        return this;
    }

    public Conv2D activation(ActivationFunction fn) {
        checkNotBuilt("activation");
        this.activation = fn;
        this.activationName = "custom";
        return this;
    }

    public Conv2D useBias(boolean useBias) {
        checkNotBuilt("useBias");
        this.useBias = useBias;
        return this;
    }

    public Conv2D kernelInitializer(String name) {
        return kernelInitializer(Initializers.get(name));
    }

    public Conv2D kernelInitializer(Initializer init) {
        checkNotBuilt("kernelInitializer");
        this.kernelInitializer = init;
        return this;
    }

    public Conv2D biasInitializer(String name) {
        return biasInitializer(Initializers.get(name));
    }

    public Conv2D biasInitializer(Initializer init) {
        checkNotBuilt("biasInitializer");
        this.biasInitializer = init;
        return this;
    }

    public Conv2D kernelRegularizer(Regularizer r) {
        checkNotBuilt("kernelRegularizer");
        this.kernelRegularizer = r;
        return this;
    }

    public Conv2D biasRegularizer(Regularizer r) {
        checkNotBuilt("biasRegularizer");
        this.biasRegularizer = r;
        return this;
    }

    /** TensorFlow's convolution cannot combine the two, so Keras rejects it. */
    private void checkStridesWithDilation() {
        boolean strided = strides[0] != 1 || strides[1] != 1;
        boolean dilated = dilationRate[0] != 1 || dilationRate[1] != 1;
        if (strided && dilated) {
            throw new IllegalArgumentException("strides > 1 is not supported in conjunction with dilationRate > 1,"
                    + " got strides (" + strides[0] + ", " + strides[1] + ") and dilationRate (" + dilationRate[0]
                    + ", " + dilationRate[1] + ")");
        }
    }

    public int filters() {
        return filters;
    }

    public int[] kernelSize() {
        return kernelSize.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public String padding() {
        return samePadding ? "same" : "valid";
    }

    public int[] dilationRate() {
        return dilationRate.clone();
    }

    public String activationName() {
        return activationName == null ? "linear" : activationName;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = ConvUtils.imageShape(this, inputShapes.get(0));
        return new int[] {s[0],
                ConvUtils.outputLength(this, s, s[1], kernelSize[0], samePadding, strides[0], dilationRate[0]),
                ConvUtils.outputLength(this, s, s[2], kernelSize[1], samePadding, strides[1], dilationRate[1]),
                filters};
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        int channels = inputShapes.get(0)[3];
        kernel = addWeight("kernel", new int[] {kernelSize[0], kernelSize[1], channels, filters}, kernelInitializer,
                kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, biasRegularizer, true);
        }
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor y = ConvOps.conv2d(inputs.get(0), kernel.value(), strides[0], strides[1], samePadding,
                dilationRate[0], dilationRate[1]);
        if (bias != null) {
            Tensor b = MathOps.add(y, bias.value());
            MathOps.dispose(y);
            y = b;
        }
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
