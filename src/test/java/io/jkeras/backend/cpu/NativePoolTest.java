package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.PoolMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max and average pooling in the CPU kernel library give exactly the bits of CpuPool's Java
 * loops, forward and backward, over windows that tile the input, leave parts of it out, overlap
 * (where a gradient cell sums several windows' shares, in order) or reach into "same" padding;
 * on inputs full of ties (ReLU zeros, a handful of repeated values, where the first cell of a
 * window in scan order takes the gradient), zeros of both signs, NaN, infinities, and the
 * largest and smallest floats.
 */
class NativePoolTest {
    /** batch is ignored: each case runs on one image and on enough images that both threads work. */
    private static final int[][] GEOMETRIES = {
        // inH, inW, channels, kernelH, kernelW, strideH, strideW, same (1) or valid (0)
        {8, 8, 3, 2, 2, 2, 2, 0},     // windows tile the input
        {7, 7, 1, 2, 2, 2, 2, 0},     // last row and column left out
        {26, 26, 32, 2, 2, 2, 2, 0},  // W2's first pooling layer
        {11, 11, 64, 2, 2, 2, 2, 0},  // W2's second: odd, not tiling
        {5, 6, 3, 2, 2, 2, 2, 1},     // same padding with an odd row
        {9, 7, 32, 3, 3, 1, 1, 0},    // overlapping, stride 1
        {9, 8, 3, 3, 3, 2, 2, 0},     // overlapping, stride 2
        {9, 7, 64, 3, 3, 2, 2, 1},    // overlapping into same padding
        {6, 5, 32, 3, 3, 1, 1, 1},    // stride 1 same: padding on every side
        {4, 5, 1, 3, 3, 3, 3, 1},     // disjoint with padding
        {8, 7, 5, 2, 3, 2, 3, 1},     // non-square windows and strides
        {7, 7, 3, 3, 1, 1, 2, 0},     // overlapping rows, disjoint columns
        {5, 5, 3, 1, 1, 2, 2, 0},     // stride above the window: cells no window reads
        {3, 3, 2, 5, 5, 1, 1, 1},     // windows larger than the input
    };
    private static final String[] DATA = {"relu", "ties", "wild", "gaussian"};

    @AfterEach
    void restore() {
        if (NativeKernels.unavailableReason() == null) {
            NativeKernels.setEnabled(true);
        }
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] geometry : GEOMETRIES) {
            for (PoolMode mode : PoolMode.values()) {
                for (String data : DATA) {
                    cases.add(Arguments.of(mode, data, geometry));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void poolingMatchesTheJavaLoopsBitForBit(PoolMode mode, String data, int[] p) {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        int imageFloats = p[0] * p[1] * p[2];
        // CpuPool keeps 2^15 / imageFloats images on one thread: twice that plus one splits
        for (int batch : new int[] {1, 2 * Math.max(1, (1 << 15) / imageFloats) + 1}) {
            Conv2DGeometry g = Conv2DGeometry.of(batch, p[0], p[1], p[2], p[2], p[3], p[4], p[5], p[6], p[7] == 1,
                    1, 1);
            String what = mode + " " + data + " " + g;
            Random r = new Random(what.hashCode());
            float[] x = sample(r, data, batch * imageFloats);
            int outFloats = batch * g.outH() * g.outW() * g.inChannels();
            float[] dy = sample(r, data.equals("wild") ? "wild" : "gaussian", outFloats);
            float[] y = forward(mode, g, x, false);
            assertSameBits(y, forward(mode, g, x, true), what + " forward");
            // the finite-row path of max backward also meets the unusual gradients (-0, inf, NaN)
            float[] oddDy = sample(r, "wild", outFloats);
            for (float[] gradient : new float[][] {dy, oddDy}) {
                assertSameBits(backward(mode, g, x, y, gradient, false), backward(mode, g, x, y, gradient, true),
                        what + " backward");
            }
        }
    }

    /** Values of one kind: ReLU outputs (half +0), few distinct values, every special float, or Gaussian. */
    private static float[] sample(Random r, String data, int n) {
        float[] v = new float[n];
        float[] few = {0f, -0f, 1f, -1f, 0.5f, 2f};
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e30f, -1e-30f, 1f};
        for (int i = 0; i < n; i++) {
            v[i] = switch (data) {
                case "relu" -> Math.max(0f, (float) r.nextGaussian());
                case "ties" -> few[r.nextInt(few.length)];
                case "wild" -> r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : (float) r.nextGaussian();
                case "gaussian" -> (float) r.nextGaussian();
                default -> throw new IllegalArgumentException("data " + data);
            };
        }
        return v;
    }

    private static float[] forward(PoolMode mode, Conv2DGeometry g, float[] x, boolean natively) {
        NativeKernels.setEnabled(natively);
        int outFloats = g.batch() * g.outH() * g.outW() * g.inChannels();
        long[] a = {OffHeap.allocate(4L * x.length), OffHeap.allocate(4L * outFloats)};
        try {
            OffHeap.put(x, 0, a[0], x.length);
            CpuPool.forward(mode, g, a[0], a[1]);
            float[] y = new float[outFloats];
            OffHeap.get(a[1], y, 0, outFloats);
            return y;
        } finally {
            free(a);
        }
    }

    /** dx starts as NaN everywhere, so a cell the kernel should have zeroed or written shows. */
    private static float[] backward(PoolMode mode, Conv2DGeometry g, float[] x, float[] y, float[] dy,
                                    boolean natively) {
        NativeKernels.setEnabled(natively);
        long[] a = {OffHeap.allocate(4L * x.length), OffHeap.allocate(4L * y.length), OffHeap.allocate(4L * dy.length),
            OffHeap.allocate(4L * x.length)};
        try {
            float[] dx = new float[x.length];
            Arrays.fill(dx, Float.NaN);
            OffHeap.put(x, 0, a[0], x.length);
            OffHeap.put(y, 0, a[1], y.length);
            OffHeap.put(dy, 0, a[2], dy.length);
            OffHeap.put(dx, 0, a[3], dx.length);
            CpuPool.backward(mode, g, a[0], a[1], a[2], a[3]);
            OffHeap.get(a[3], dx, 0, dx.length);
            return dx;
        } finally {
            free(a);
        }
    }

    private static void free(long[] addresses) {
        for (long address : addresses) {
            OffHeap.free(address);
        }
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            boolean bothNaN = Float.isNaN(expected[i]) && Float.isNaN(actual[i]);
            if (!bothNaN && Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + " natively, " + expected[i] + " in Java");
            }
        }
    }
}
