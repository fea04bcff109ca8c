package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.MathOps;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution's im2col and col2im in the CPU kernel library ({@link NativeConv}) give
 * exactly the bits of the Java code, forward and both backward passes, over the layouts
 * (row-major, tap-major for one channel), padding, strides, dilation, whole-image and
 * row blocks, and one or several parts per call.
 */
class NativeConvTest {

    @AfterEach
    void restore() {
        if (NativeKernels.unavailableReason() == null) {
            NativeKernels.setEnabled(true);
        }
    }

    @ParameterizedTest(name = "batch {0}, {1}x{2}x{3}, kernel {4}x{5}, out {6}, stride {7}x{8}, same={9}, dilation {10}x{11}")
    @CsvSource({
        "128, 28, 28, 1, 3, 3, 32, 1, 1, false, 1, 1",   // W2's first layer: tap-major, several blocks
        "128, 13, 13, 32, 3, 3, 64, 1, 1, false, 1, 1",  // W2's second layer
        "1, 28, 28, 1, 3, 3, 32, 1, 1, false, 1, 1",     // one block: build and GEMM split inside it
        "1, 13, 13, 32, 3, 3, 64, 1, 1, false, 1, 1",
        "5, 11, 10, 1, 5, 5, 4, 2, 2, true, 1, 1",       // tap-major, strided, padded
        "3, 9, 8, 1, 3, 3, 2, 1, 1, true, 2, 2",         // tap-major, dilated
        "6, 12, 11, 3, 3, 3, 8, 1, 1, true, 1, 1",       // few channels: Java builds by taps
        "6, 12, 11, 3, 5, 5, 8, 2, 2, true, 1, 1",
        "1, 12, 11, 3, 5, 5, 8, 2, 1, false, 1, 1",
        "4, 10, 9, 32, 3, 3, 16, 2, 2, true, 1, 1",      // long runs: Java's staged adds
        "4, 10, 9, 32, 5, 5, 16, 1, 1, false, 1, 1",
        "3, 11, 12, 32, 3, 3, 8, 1, 1, true, 2, 2",      // dilated: runs of one tap
        "2, 9, 10, 3, 3, 2, 4, 1, 2, false, 2, 1",
        "4, 7, 7, 32, 1, 1, 8, 1, 1, true, 1, 1",        // pointwise: no im2col at all
        "4, 7, 7, 32, 1, 1, 8, 2, 2, true, 1, 1",        // 1x1 strided: im2col of single taps
        "3, 7, 8, 1, 1, 1, 3, 2, 2, false, 1, 1",
        "3, 180, 170, 1, 3, 3, 4, 1, 1, true, 1, 1",     // an image over BLOCK_FLOATS: row blocks
        "1, 180, 170, 1, 3, 3, 4, 1, 1, true, 1, 1",
        "3, 40, 36, 24, 5, 5, 4, 1, 1, true, 1, 1",      // row blocks, row-major
        "1, 40, 36, 24, 5, 5, 4, 1, 1, true, 1, 1",
    })
    void convMatchesTheJavaPathBitForBit(int batch, int h, int w, int c, int kh, int kw, int outC, int sh, int sw,
                                         boolean same, int dh, int dw) {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        Conv2DGeometry g = Conv2DGeometry.of(batch, h, w, c, outC, kh, kw, sh, sw, same, dh, dw);
        Random r = new Random(Arrays.hashCode(new int[] {batch, h, w, c, kh, kw, outC, sh, sw, dh, dw}));
        float[] x = sample(r, batch * h * w * c);
        float[] kernel = sample(r, kh * kw * c * outC);
        float[] dy = sample(r, batch * g.outH() * g.outW() * outC);
        float[][] expected = run(g, x, kernel, dy, false);
        float[][] actual = run(g, x, kernel, dy, true);
        String[] names = {"y", "dx", "dKernel"};
        for (int t = 0; t < names.length; t++) {
            for (int i = 0; i < expected[t].length; i++) {
                int at = i;
                String name = names[t];
                assertEquals(Float.floatToIntBits(expected[t][i]), Float.floatToIntBits(actual[t][i]),
                        () -> name + "[" + at + "] differs");
            }
        }
    }

    /** Values over many magnitudes, so that adding them in another order changes the sums' bits. */
    private static float[] sample(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(24) - 12));
        }
        return v;
    }

    /** y, dx and dKernel through the CPU backend, with the library on or off. */
    private static float[][] run(Conv2DGeometry g, float[] x, float[] kernel, float[] dy, boolean natively) {
        NativeKernels.setEnabled(natively);
        Backend be = Device.cpu().backend();
        int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
        int[] kShape = {g.kernelH(), g.kernelW(), g.inChannels(), g.outChannels()};
        int[] yShape = {g.batch(), g.outH(), g.outW(), g.outChannels()};
        try (TensorScope s = TensorScope.open()) {
            Tensor tx = MathOps.constant(be, x, xShape);
            Tensor tk = MathOps.constant(be, kernel, kShape);
            Tensor tdy = MathOps.constant(be, dy, yShape);
            // NaN to start with, so an element either path leaves unwritten shows
            Tensor y = MathOps.constant(be, nans(dy.length), yShape);
            Tensor dx = MathOps.constant(be, nans(x.length), xShape);
            Tensor dk = MathOps.constant(be, nans(kernel.length), kShape);
            be.conv2d(g, tx, tk, y);
            be.conv2dBackwardInput(g, tdy, tk, dx);
            be.conv2dBackwardKernel(g, tx, tdy, dk);
            return new float[][] {y.toFloatArray(), dx.toFloatArray(), dk.toFloatArray()};
        }
    }

    private static float[] nans(int n) {
        float[] v = new float[n];
        Arrays.fill(v, Float.NaN);
        return v;
    }
}
