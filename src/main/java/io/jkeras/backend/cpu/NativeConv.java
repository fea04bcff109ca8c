package io.jkeras.backend.cpu;

import io.jkeras.backend.Conv2DGeometry;

/**
 * The data movement of {@link CpuConv} in the CPU kernel library ({@code native/cpu/conv.c}):
 * im2col rows built straight from the input tensor, and col2im adding dcol rows straight onto
 * dx, with no heap copies of bands and rows in between. Each call covers the rows of one
 * thread's share; the layouts and the order of the col2im sums are CpuConv's, so both give
 * the same bits.
 *
 * <p>The library is loaded by {@link NativeKernels}: callers check {@link NativeKernels#enabled()}
 * first, which also triggers the load. Arguments are raw addresses and rows the caller has
 * checked; the library trusts them.
 */
final class NativeConv {
    private NativeConv() {
    }

    /** The geometry as conv.c's {@code conv_geometry} reads it (the batch is not needed). */
    static int[] geometry(Conv2DGeometry g) {
        return new int[] {g.inH(), g.inW(), g.inChannels(), g.outH(), g.outW(), g.kernelH(), g.kernelW(),
            g.strideH(), g.strideW(), g.padTop(), g.padLeft(), g.dilationH(), g.dilationW()};
    }

    /** Builds im2col rows [r0, r1) (one per output pixel of the batch, taps (kh, kw, c)) into {@code col}. */
    static native void im2col(long x, long col, int r0, int r1, int[] geometry);

    /** Builds im2col of output rows [u0, u1) ((image, oh) pairs) transposed, one row per tap; one input channel. */
    static native void im2colTapMajor(long x, long col, int u0, int u1, int[] geometry);

    /**
     * Adds the dcol rows of output rows [u0, u1) onto dx: images whose rows all lie in the range
     * are overwritten, the others added onto.
     */
    static native void col2im(long col, long dx, int u0, int u1, int[] geometry);
}
