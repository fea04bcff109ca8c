package io.jkeras.backend;

/**
 * Where a 2D window (convolution or pooling) reads its input, channels_last (NHWC).
 * The kernel of a convolution is laid out as Keras stores it: (kernelH, kernelW, inChannels,
 * outChannels). For pooling {@code outChannels == inChannels}.
 */
public record Conv2DGeometry(int batch, int inH, int inW, int inChannels,
                             int outH, int outW, int outChannels,
                             int kernelH, int kernelW, int strideH, int strideW,
                             int padTop, int padLeft, int dilationH, int dilationW) {

    /**
     * The geometry Keras (TensorFlow) uses: "valid" adds no padding; "same" gives
     * {@code ceil(in / stride)} outputs and puts the odd padding pixel at the bottom/right.
     */
    public static Conv2DGeometry of(int batch, int inH, int inW, int inChannels, int outChannels,
                                    int kernelH, int kernelW, int strideH, int strideW,
                                    boolean samePadding, int dilationH, int dilationW) {
        int effH = (kernelH - 1) * dilationH + 1;
        int effW = (kernelW - 1) * dilationW + 1;
        int outH, outW, padTop, padLeft;
        if (samePadding) {
            outH = (inH + strideH - 1) / strideH;
            outW = (inW + strideW - 1) / strideW;
            padTop = Math.max((outH - 1) * strideH + effH - inH, 0) / 2;
            padLeft = Math.max((outW - 1) * strideW + effW - inW, 0) / 2;
        } else {
            outH = inH >= effH ? (inH - effH) / strideH + 1 : 0;
            outW = inW >= effW ? (inW - effW) / strideW + 1 : 0;
            padTop = 0;
            padLeft = 0;
        }
        return new Conv2DGeometry(batch, inH, inW, inChannels, outH, outW, outChannels,
                kernelH, kernelW, strideH, strideW, padTop, padLeft, dilationH, dilationW);
    }

    public Conv2DGeometry withBatch(int newBatch) {
        return new Conv2DGeometry(newBatch, inH, inW, inChannels, outH, outW, outChannels,
                kernelH, kernelW, strideH, strideW, padTop, padLeft, dilationH, dilationW);
    }
}
