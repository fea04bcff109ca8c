package io.jkeras.layers;

import io.jkeras.backend.PoolMode;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.ConvOps;
import java.util.List;
import java.util.Map;

/**
 * The shared body of {@link MaxPooling2D} and {@link AveragePooling2D}: windows of
 * {@code poolSize} moved by {@code strides} (default: the pool size) over the rows and
 * columns of channels_last inputs.
 *
 * <p>Input shape: (batch, rows, cols, channels). Output shape: (batch, pooledRows, pooledCols,
 * channels), with the same length rule as {@link Conv2D}.
 *
 * @param <L> the concrete layer class
 */
public abstract class Pooling2D<L extends Pooling2D<L>> extends BaseLayer<L> {
    private final PoolMode mode;
    private final int[] poolSize;
    private int[] strides;
    private boolean samePadding;

    protected Pooling2D(PoolMode mode, int[] poolSize) {
        this.mode = mode;
        this.poolSize = ConvUtils.pair("poolSize", poolSize);
        this.strides = this.poolSize.clone();
    }

    /** One stride for both axes, or (rows, cols); default: the pool size. */
    public L strides(int... strides) {
        checkNotBuilt("strides");
        this.strides = ConvUtils.pair("strides", strides);
        return self();
    }

    /** "valid" (default) or "same". */
    public L padding(String padding) {
        checkNotBuilt("padding");
        this.samePadding = ConvUtils.samePadding(padding);
        return self();
    }

    /** Only "channels_last" is supported. */
    public L dataFormat(String dataFormat) {
        checkNotBuilt("dataFormat");
        ConvUtils.checkDataFormat(dataFormat);
        return self();
    }

    public int[] poolSize() {
        return poolSize.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public String padding() {
        return samePadding ? "same" : "valid";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("pool_size", ConfigValues.list(poolSize));
        c.put("padding", padding());
        c.put("strides", ConfigValues.list(strides));
        c.put("data_format", "channels_last");
        return c;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = ConvUtils.imageShape(this, inputShapes.get(0));
        return new int[] {s[0],
                ConvUtils.outputLength(this, s, s[1], poolSize[0], samePadding, strides[0], 1),
                ConvUtils.outputLength(this, s, s[2], poolSize[1], samePadding, strides[1], 1),
                s[3]};
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return ConvOps.pool2d(mode, inputs.get(0), poolSize[0], poolSize[1], strides[0], strides[1], samePadding);
    }
}
