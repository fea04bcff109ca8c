package io.jkeras.backend.cpu;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.PoolMode;

/**
 * 2D max and average pooling in the CPU kernel library ({@code native/cpu/pool.c}): the loops of
 * {@link CpuPool} over images [n0, n1) of NHWC tensors at raw addresses, in place, with the same
 * arithmetic in the same order, so both give the same bits. The library is loaded by
 * {@link NativeKernels}: callers check {@link NativeKernels#enabled()} first, which loads it.
 */
final class NativePool {
    private NativePool() {
    }

    static void forward(PoolMode mode, Conv2DGeometry g, long x, long y, int n0, int n1) {
        forwardImages(mode == PoolMode.MAX, x, y, n0, n1, g.inH(), g.inW(), g.inChannels(), g.outH(), g.outW(),
                g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft());
    }

    /** x and y are read for max pooling only. */
    static void backward(PoolMode mode, Conv2DGeometry g, long x, long y, long dy, long dx, int n0, int n1) {
        backwardImages(mode == PoolMode.MAX, x, y, dy, dx, n0, n1, g.inH(), g.inW(), g.inChannels(), g.outH(),
                g.outW(), g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft());
    }

    private static native void forwardImages(boolean max, long x, long y, int n0, int n1, int inH, int inW,
                                             int channels, int outH, int outW, int kernelH, int kernelW,
                                             int strideH, int strideW, int padTop, int padLeft);

    private static native void backwardImages(boolean max, long x, long y, long dy, long dx, int n0, int n1, int inH,
                                              int inW, int channels, int outH, int outW, int kernelH, int kernelW,
                                              int strideH, int strideW, int padTop, int padLeft);
}
