package io.jkeras.layers;

import io.jkeras.backend.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The shared body of the global 2D poolings: one value per channel from all rows and
 * columns, channels_last.
 *
 * <p>Input shape: (batch, rows, cols, channels). Output shape: (batch, channels).
 *
 * @param <L> the concrete layer class
 */
public abstract class GlobalPooling2D<L extends GlobalPooling2D<L>> extends BaseLayer<L> {
    /** The spatial axes of a channels_last image batch. */
    protected static final int[] SPATIAL_AXES = {1, 2};

    /** Only "channels_last" is supported. */
    public L dataFormat(String dataFormat) {
        checkNotBuilt("dataFormat");
        ConvUtils.checkDataFormat(dataFormat);
        return self();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", "channels_last");
        return c;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = ConvUtils.imageShape(this, inputShapes.get(0));
        return new int[] {s[0], s[3]};
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return pool(inputs.get(0));
    }

    /** Reduces the spatial axes of x. */
    protected abstract Tensor pool(Tensor x);
}
