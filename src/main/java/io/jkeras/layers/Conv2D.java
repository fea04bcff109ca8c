package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.ConvOps;
import java.util.List;
import java.util.Map;

/**
 * 2D convolution: {@code output = activation(conv2d(input, kernel) + bias)}, channels_last.
 * The kernel has shape (kernelRows, kernelCols, inputChannels, filters).
 *
 * <p>Input shape: (batch, rows, cols, channels). Output shape: (batch, newRows, newCols, filters),
 * where "valid" padding gives {@code ceil((rows - dilatedKernelRows + 1) / strides)} rows and
 * "same" gives {@code ceil(rows / strides)}.
 */
public class Conv2D extends KernelLayer<Conv2D> {
    private final int filters;
    private final int[] kernelSize;
    private int[] strides = {1, 1};
    private boolean samePadding;
    private int[] dilationRate = {1, 1};

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

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", ConfigValues.list(kernelSize));
        c.put("strides", ConfigValues.list(strides));
        c.put("padding", padding());
        c.put("data_format", "channels_last");
        c.put("dilation_rate", ConfigValues.list(dilationRate));
        addKernelConfig(c);
        return c;
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
        buildKernelAndBias(new int[] {kernelSize[0], kernelSize[1], channels, filters}, filters);
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor y = ConvOps.conv2d(inputs.get(0), kernel().value(), strides[0], strides[1], samePadding,
                dilationRate[0], dilationRate[1]);
        return activate(addBias(y));
    }
}
