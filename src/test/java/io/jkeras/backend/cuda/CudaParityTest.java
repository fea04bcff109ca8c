package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.Device;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.backend.TransferStats;
import io.jkeras.backend.UnaryOp;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Backend} method on the CUDA backend against the CPU backend, the reference,
 * on the same random inputs, within float32 tolerance (exactly where the result is a
 * selection: max, argmax, layout, masks). Sizes are chosen to cross the kernels' limits:
 * more elements than one grid-stride pass covers (4096 blocks of 256), reductions over
 * long axes, broadcasting of every shape pattern, convolutions with same padding, strides,
 * dilation, one channel, 1x1 and several im2col blocks.
 *
 * <p>Tagged gpu and skipped where CUDA is not usable. With
 * {@code -Djkeras.parity.candidate=cpu} the same cases run against the CPU backend itself,
 * which checks the harness (shapes, arguments, tolerances) on a machine without a GPU.
 */
@Tag("gpu")
class CudaParityTest {
    /** More elements than one pass of 4096 blocks x 256 threads. */
    private static final int BIG = (1 << 21) + 37;

    private static Backend ref;
    private static Backend dev;
    private TensorScope scope;
    private final Random random = new Random(42);

    @BeforeAll
    static void backends() {
        ref = Device.cpu().backend();
        dev = Parity.candidate().backend();
    }

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    // ---- transfers and plain copies ------------------------------------------------------

    @Test
    void uploadAndDownloadRoundTripThroughStagingPieces() {
        int n = 5_000_000; // 20 MB: more than one 16 MiB staging buffer
        float[] src = uniform(n + 3, -1, 1);
        Tensor t = dev.allocate(n);
        TransferStats before = dev.transferStats();
        dev.upload(src, 3, t);
        float[] back = new float[n + 5];
        dev.download(t, back, 5);
        TransferStats after = dev.transferStats();
        assertArrayEquals(Arrays.copyOfRange(src, 3, n + 3), Arrays.copyOfRange(back, 5, n + 5));
        assertEquals(1, after.uploads() - before.uploads());
        assertEquals(4L * n, after.uploadBytes() - before.uploadBytes());
        assertEquals(1, after.downloads() - before.downloads());
        assertEquals(4L * n, after.downloadBytes() - before.downloadBytes());
        // many small uploads in a row reuse the two staging buffers
        for (int i = 0; i < 50; i++) {
            Tensor s = dev.allocate(1000 + i);
            float[] v = uniform(1000 + i, -1, 1);
            dev.upload(v, 0, s);
            assertArrayEquals(v, s.toFloatArray());
        }
    }

    @Test
    void fillAndCopy() {
        Pair p = empty(BIG);
        ref.fill(p.cpu, 3.25f);
        dev.fill(p.dev, 3.25f);
        exact("fill", p);
        Pair src = pair(uniform(BIG, -1, 1), BIG);
        Pair dst = empty(BIG);
        ref.copy(src.cpu, dst.cpu);
        dev.copy(src.dev, dst.dev);
        exact("copy", dst);
        // a view: copy rows 3..7 of a matrix
        Pair m = pair(uniform(40, -1, 1), 10, 4);
        Pair rows = empty(4, 4);
        ref.copy(m.cpu.rows(3, 7), rows.cpu);
        dev.copy(m.dev.rows(3, 7), rows.dev);
        exact("copy of a row view", rows);
    }

    // ---- elementwise ---------------------------------------------------------------------

    @Test
    void everyUnaryForwardAndBackward() {
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = switch (op) {
                case LOG, SQRT, LOG1P, RECIPROCAL -> true;
                default -> false;
            };
            float[] x = positive ? uniform(BIG, 0.1f, 4f) : uniform(BIG, -4f, 4f);
            float param = op == UnaryOp.ELU ? 0.7f : 0.3f;
            Pair xs = pair(x, BIG);
            Pair y = empty(BIG);
            ref.unary(op, param, xs.cpu, y.cpu);
            dev.unary(op, param, xs.dev, y.dev);
            close(op + " forward", y, 2e-5, 1e-6);
            // backward from the same y on both sides
            Pair ys = pair(y.cpu.toFloatArray(), BIG);
            Pair dy = pair(uniform(BIG, -1, 1), BIG);
            Pair dx = empty(BIG);
            ref.unaryBackward(op, param, xs.cpu, ys.cpu, dy.cpu, dx.cpu);
            dev.unaryBackward(op, param, xs.dev, ys.dev, dy.dev, dx.dev);
            close(op + " backward", dx, 2e-5, 1e-6);
        }
    }

    @Test
    void unaryInPlace() {
        Pair x = pair(uniform(1000, -2, 2), 1000);
        ref.unary(UnaryOp.RELU, 0, x.cpu, x.cpu);
        dev.unary(UnaryOp.RELU, 0, x.dev, x.dev);
        exact("relu in place", x);
    }

    @Test
    void everyBinaryWithBroadcasting() {
        int[][][] cases = {
            {{BIG}, {BIG}},
            {{64, 33, 17}, {17}},
            {{5, 1, 7}, {1, 6, 1}},
            {{3, 4}, {1}},
            {{2, 3, 4, 5}, {3, 1, 5}},
            {{1}, {7, 9}},
            {{}, {4, 5}},
            {{600, 1, 1000}, {1, 7, 1}},
            {{2, 1, 3, 1, 4, 1, 2}, {1, 5, 1, 6, 1, 3, 1}},
        };
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] c : cases) {
                int[] shape = io.jkeras.backend.Shapes.broadcast(c[0], c[1]);
                Pair a = pair(operand(op, true, size(c[0])), c[0]);
                Pair b = pair(operand(op, false, size(c[1])), c[1]);
                Pair out = empty(shape);
                ref.binary(op, a.cpu, b.cpu, out.cpu);
                dev.binary(op, a.dev, b.dev, out.dev);
                close(op + " " + Arrays.toString(c[0]) + " with " + Arrays.toString(c[1]), out, 1e-5, 1e-6);
            }
        }
    }

    @Test
    void everyBinaryScalarBothWays() {
        for (BinaryOp op : BinaryOp.values()) {
            for (boolean scalarFirst : new boolean[] {false, true}) {
                boolean xIsBase = !scalarFirst;
                Pair x = pair(operand(op, xIsBase, BIG), BIG);
                float c = op == BinaryOp.POW ? (scalarFirst ? 1.7f : -1.3f)
                        : op == BinaryOp.DIV ? 0.75f : isComparison(op) ? 1f : -0.6f;
                Pair out = empty(BIG);
                ref.binaryScalar(op, x.cpu, c, scalarFirst, out.cpu);
                dev.binaryScalar(op, x.dev, c, scalarFirst, out.dev);
                close(op + " scalar " + (scalarFirst ? "first" : "second"), out, 1e-5, 1e-6);
            }
        }
    }

    @Test
    void clipAffineWhereBroadcastTo() {
        Pair x = pair(uniform(BIG, -3, 3), BIG);
        Pair out = empty(BIG);
        ref.clip(x.cpu, -1f, 2f, out.cpu);
        dev.clip(x.dev, -1f, 2f, out.dev);
        exact("clip", out);
        ref.affine(x.cpu, -1.5f, 0.25f, out.cpu);
        dev.affine(x.dev, -1.5f, 0.25f, out.dev);
        close("affine", out, 1e-6, 1e-7);
        Pair cond = pair(ints(BIG, 2), BIG);
        Pair other = pair(uniform(BIG, -1, 1), BIG);
        ref.where(cond.cpu, x.cpu, other.cpu, out.cpu);
        dev.where(cond.dev, x.dev, other.dev, out.dev);
        exact("where", out);
        int[][][] cases = {{{1, 5}, {4, 3, 5}}, {{3, 1}, {3, 4}}, {{1}, {BIG}}, {{7}, {300, 7}}, {{2, 1, 4}, {2, 9, 4}}};
        for (int[][] c : cases) {
            Pair src = pair(uniform(size(c[0]), -1, 1), c[0]);
            Pair dst = empty(c[1]);
            ref.broadcastTo(src.cpu, dst.cpu);
            dev.broadcastTo(src.dev, dst.dev);
            exact("broadcastTo " + Arrays.toString(c[0]) + " -> " + Arrays.toString(c[1]), dst);
        }
    }

    // ---- reductions and layout -----------------------------------------------------------

    @Test
    void everyReductionOverShortAndLongAxes() {
        int[][] cases = {{1, 100_000, 1}, {37, 1000, 1}, {3, 513, 19}, {1, 86_528, 32}, {1000, 7, 1}, {2, 1, 5},
                {4, 300, 600}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] c : cases) {
                int outer = c[0];
                int len = c[1];
                int inner = c[2];
                // argmax on few distinct values, so ties must resolve to the first index on both
                float[] v = op == ReduceOp.ARGMAX ? ints(outer * len * inner, 5) : uniform(outer * len * inner, -1, 1);
                Pair x = pair(v, outer, len, inner);
                Pair out = empty(outer, inner);
                ref.reduce(op, x.cpu, outer, len, inner, out.cpu);
                dev.reduce(op, x.dev, outer, len, inner, out.dev);
                String what = op + " of " + Arrays.toString(c);
                switch (op) {
                    case SUM -> close(what, out, 1e-5, 2e-6 * len);
                    case MEAN -> close(what, out, 1e-5, 2e-6);
                    default -> exact(what, out);
                }
            }
        }
        Pair none = pair(new float[0], 2, 0, 3);
        for (ReduceOp op : ReduceOp.values()) {
            Pair out = empty(2, 3);
            ref.reduce(op, none.cpu, 2, 0, 3, out.cpu);
            dev.reduce(op, none.dev, 2, 0, 3, out.dev);
            exact(op + " of an empty axis", out);
        }
    }

    @Test
    void transposeCopyAxisOneHotInTopK() {
        Object[][] perms = {
            {new int[] {2, 3, 4, 5}, new int[] {0, 3, 1, 2}},
            {new int[] {64, 128}, new int[] {1, 0}},
            {new int[] {3, 1, 4}, new int[] {2, 1, 0}},
            {new int[] {2, 3, 4}, new int[] {0, 1, 2}},
            {new int[] {2, 3, 2, 3, 2, 3}, new int[] {5, 3, 1, 4, 2, 0}},
            {new int[] {1024, 3, 700}, new int[] {2, 1, 0}},
        };
        for (Object[] c : perms) {
            int[] shape = (int[]) c[0];
            int[] perm = (int[]) c[1];
            int[] outShape = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                outShape[i] = shape[perm[i]];
            }
            Pair x = pair(uniform(size(shape), -1, 1), shape);
            Pair out = empty(outShape);
            ref.transpose(x.cpu, perm, out.cpu);
            dev.transpose(x.dev, perm, out.dev);
            exact("transpose " + Arrays.toString(shape) + " by " + Arrays.toString(perm), out);
        }
        // concatenate (6, 3, 5) and (6, 4, 5) along axis 1
        Pair a = pair(uniform(90, -1, 1), 6, 3, 5);
        Pair b = pair(uniform(120, -1, 1), 6, 4, 5);
        Pair cat = empty(6, 7, 5);
        ref.copyAxis(a.cpu, 3, 0, cat.cpu, 7, 0, 6, 3, 5);
        ref.copyAxis(b.cpu, 4, 0, cat.cpu, 7, 3, 6, 4, 5);
        dev.copyAxis(a.dev, 3, 0, cat.dev, 7, 0, 6, 3, 5);
        dev.copyAxis(b.dev, 4, 0, cat.dev, 7, 3, 6, 4, 5);
        exact("copyAxis", cat);
        Pair slice = empty(6, 2, 5);
        ref.copyAxis(b.cpu, 4, 1, slice.cpu, 2, 0, 6, 2, 5);
        dev.copyAxis(b.dev, 4, 1, slice.dev, 2, 0, 6, 2, 5);
        exact("copyAxis slice", slice);

        int n = 3000;
        int classes = 37;
        Pair labels = pair(ints(n, classes), n);
        Pair hot = empty(n, classes);
        ref.oneHot(labels.cpu, classes, hot.cpu);
        dev.oneHot(labels.dev, classes, hot.dev);
        exact("oneHot", hot);
        Pair pred = pair(ints(n * classes, 6), n, classes); // many ties
        for (int k : new int[] {1, 3, 10}) {
            Pair in = empty(n);
            ref.inTopK(pred.cpu, labels.cpu, k, in.cpu);
            dev.inTopK(pred.dev, labels.dev, k, in.dev);
            exact("inTopK k=" + k, in);
        }
    }

    // ---- linear algebra ------------------------------------------------------------------

    @Test
    void gemmEveryTransposeAndScale() {
        int[][] sizes = {{37, 53, 71}, {1, 1, 1}, {256, 128, 512}, {1, 300, 7}, {513, 2, 1000}};
        for (int[] s : sizes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Pair a = pair(uniform(m * k, -1, 1), ta ? new int[] {k, m} : new int[] {m, k});
                    Pair b = pair(uniform(k * n, -1, 1), tb ? new int[] {n, k} : new int[] {k, n});
                    float[] c0 = uniform(m * n, -1, 1);
                    Pair c = pair(c0, m, n);
                    ref.gemm(a.cpu, ta, b.cpu, tb, 0.75f, 0.5f, c.cpu, m, n, k);
                    dev.gemm(a.dev, ta, b.dev, tb, 0.75f, 0.5f, c.dev, m, n, k);
                    close("gemm " + Arrays.toString(s) + " transA=" + ta + " transB=" + tb, c, 1e-4, 2e-6 * k);
                    Pair fresh = pair(uniform(m * n, -1, 1), m, n);
                    ref.gemm(a.cpu, ta, b.cpu, tb, 1f, 0f, fresh.cpu, m, n, k);
                    dev.gemm(a.dev, ta, b.dev, tb, 1f, 0f, fresh.dev, m, n, k);
                    close("gemm beta 0 " + Arrays.toString(s) + " transA=" + ta + " transB=" + tb, fresh, 1e-4,
                            2e-6 * k);
                }
            }
        }
        // nothing to sum: c = beta * c
        Pair a = pair(new float[0], 4, 0);
        Pair b = pair(new float[0], 0, 3);
        Pair c = pair(uniform(12, -1, 1), 4, 3);
        ref.gemm(a.cpu, false, b.cpu, false, 1f, 0.5f, c.cpu, 4, 3, 0);
        dev.gemm(a.dev, false, b.dev, false, 1f, 0.5f, c.dev, 4, 3, 0);
        close("gemm k=0", c, 1e-6, 0);
    }

    @Test
    void softmaxFamily() {
        int[][] shapes = {{128, 10}, {7, 1000}, {3, 4097}, {2, 3, 5}, {5000, 2}};
        for (int[] shape : shapes) {
            int size = size(shape);
            Pair x = pair(uniform(size, -8, 8), shape);
            Pair y = empty(shape);
            ref.softmax(x.cpu, y.cpu);
            dev.softmax(x.dev, y.dev);
            close("softmax " + Arrays.toString(shape), y, 1e-5, 1e-7);
            Pair ly = empty(shape);
            ref.logSoftmax(x.cpu, ly.cpu);
            dev.logSoftmax(x.dev, ly.dev);
            close("log_softmax " + Arrays.toString(shape), ly, 1e-5, 1e-5);
            Pair ys = pair(y.cpu.toFloatArray(), shape);
            Pair lys = pair(ly.cpu.toFloatArray(), shape);
            Pair dy = pair(uniform(size, -1, 1), shape);
            Pair dx = empty(shape);
            ref.softmaxBackward(ys.cpu, dy.cpu, dx.cpu);
            dev.softmaxBackward(ys.dev, dy.dev, dx.dev);
            close("softmax backward " + Arrays.toString(shape), dx, 1e-4, 1e-6);
            ref.logSoftmaxBackward(lys.cpu, dy.cpu, dx.cpu);
            dev.logSoftmaxBackward(lys.dev, dy.dev, dx.dev);
            close("log_softmax backward " + Arrays.toString(shape), dx, 1e-4, 1e-5 * Math.sqrt(shape[shape.length - 1]));
        }
    }

    // ---- convolution and pooling ---------------------------------------------------------

    private static List<Conv2DGeometry> convGeometries() {
        return List.of(
                Conv2DGeometry.of(4, 28, 28, 1, 8, 3, 3, 1, 1, false, 1, 1),   // one channel, valid
                Conv2DGeometry.of(3, 13, 11, 5, 7, 3, 3, 2, 2, true, 1, 1),    // same, stride 2, odd sizes
                Conv2DGeometry.of(2, 9, 9, 4, 6, 3, 3, 1, 1, true, 2, 2),      // dilation, same
                Conv2DGeometry.of(5, 8, 8, 16, 32, 1, 1, 1, 1, false, 1, 1),   // 1x1: plain GEMM
                Conv2DGeometry.of(2, 7, 6, 3, 4, 5, 4, 3, 1, false, 1, 1),     // rectangular kernel and stride
                Conv2DGeometry.of(3, 10, 10, 2, 3, 4, 4, 3, 3, true, 1, 1),    // even kernel, same, stride 3
                Conv2DGeometry.of(64, 64, 64, 16, 16, 3, 3, 1, 1, true, 1, 1)); // several im2col blocks
    }

    @Test
    void conv2dForwardAndBothGradients() {
        for (Conv2DGeometry g : convGeometries()) {
            int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
            int[] kShape = {g.kernelH(), g.kernelW(), g.inChannels(), g.outChannels()};
            int[] yShape = {g.batch(), g.outH(), g.outW(), g.outChannels()};
            int taps = g.kernelH() * g.kernelW() * g.inChannels();
            Pair x = pair(uniform(size(xShape), -1, 1), xShape);
            Pair k = pair(uniform(size(kShape), -1, 1), kShape);
            Pair y = empty(yShape);
            ref.conv2d(g, x.cpu, k.cpu, y.cpu);
            dev.conv2d(g, x.dev, k.dev, y.dev);
            close("conv2d " + g, y, 1e-4, 2e-6 * taps);
            Pair dy = pair(uniform(size(yShape), -1, 1), yShape);
            Pair dx = empty(xShape);
            ref.conv2dBackwardInput(g, dy.cpu, k.cpu, dx.cpu);
            dev.conv2dBackwardInput(g, dy.dev, k.dev, dx.dev);
            close("conv2d backward input " + g, dx, 1e-4, 2e-6 * taps * g.outChannels());
            Pair dk = empty(kShape);
            ref.conv2dBackwardKernel(g, x.cpu, dy.cpu, dk.cpu);
            dev.conv2dBackwardKernel(g, x.dev, dy.dev, dk.dev);
            close("conv2d backward kernel " + g, dk, 1e-4, 2e-6 * g.batch() * g.outH() * g.outW());
        }
    }

    @Test
    void pooling() {
        List<Conv2DGeometry> geometries = List.of(
                Conv2DGeometry.of(4, 28, 28, 8, 8, 2, 2, 2, 2, false, 1, 1),
                Conv2DGeometry.of(3, 13, 11, 5, 5, 3, 3, 2, 2, true, 1, 1),
                Conv2DGeometry.of(2, 9, 9, 3, 3, 3, 3, 1, 1, true, 1, 1),
                Conv2DGeometry.of(2, 7, 10, 4, 4, 2, 3, 1, 2, false, 1, 1),
                Conv2DGeometry.of(64, 32, 32, 64, 64, 2, 2, 2, 2, false, 1, 1));
        for (PoolMode mode : PoolMode.values()) {
            for (Conv2DGeometry g : geometries) {
                int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
                int[] yShape = {g.batch(), g.outH(), g.outW(), g.inChannels()};
                Pair x = pair(uniform(size(xShape), -1, 1), xShape);
                Pair y = empty(yShape);
                ref.pool2d(mode, g, x.cpu, y.cpu);
                dev.pool2d(mode, g, x.dev, y.dev);
                close(mode + " pool " + g, y, 1e-6, 1e-7);
                Pair ys = pair(y.cpu.toFloatArray(), yShape);
                Pair dy = pair(uniform(size(yShape), -1, 1), yShape);
                Pair dx = empty(xShape);
                ref.pool2dBackward(mode, g, x.cpu, ys.cpu, dy.cpu, dx.cpu);
                dev.pool2dBackward(mode, g, x.dev, ys.dev, dy.dev, dx.dev);
                close(mode + " pool backward " + g, dx, 1e-5, 1e-6);
            }
        }
    }

    @Test
    void batchNormTrainingAndBackward() {
        int[][] shapes = {{4096, 32}, {10, 3}, {100_000, 1}, {8, 5, 5, 64}};
        for (int[] shape : shapes) {
            int channels = shape[shape.length - 1];
            int size = size(shape);
            int rows = size / channels;
            float[] xv = uniform(size, -2, 3);
            Pair x = pair(xv, shape);
            Pair gamma = pair(uniform(channels, 0.5f, 1.5f), channels);
            Pair beta = pair(uniform(channels, -0.5f, 0.5f), channels);
            Pair y = empty(shape);
            Pair mean = empty(channels);
            Pair var = empty(channels);
            ref.batchNormTraining(x.cpu, gamma.cpu, beta.cpu, 1e-3f, y.cpu, mean.cpu, var.cpu);
            dev.batchNormTraining(x.dev, gamma.dev, beta.dev, 1e-3f, y.dev, mean.dev, var.dev);
            String what = " of " + Arrays.toString(shape);
            close("batchnorm mean" + what, mean, 1e-5, 1e-6);
            close("batchnorm variance" + what, var, 1e-4, 1e-6);
            close("batchnorm y" + what, y, 1e-4, 1e-5);
            Pair meanS = pair(mean.cpu.toFloatArray(), channels);
            Pair varS = pair(var.cpu.toFloatArray(), channels);
            Pair dy = pair(uniform(size, -1, 1), shape);
            Pair dx = empty(shape);
            Pair dGamma = empty(channels);
            Pair dBeta = empty(channels);
            ref.batchNormBackward(x.cpu, gamma.cpu, meanS.cpu, varS.cpu, 1e-3f, dy.cpu, dx.cpu, dGamma.cpu, dBeta.cpu);
            dev.batchNormBackward(x.dev, gamma.dev, meanS.dev, varS.dev, 1e-3f, dy.dev, dx.dev, dGamma.dev, dBeta.dev);
            close("batchnorm dBeta" + what, dBeta, 1e-4, 2e-6 * rows);
            close("batchnorm dGamma" + what, dGamma, 1e-4, 2e-6 * rows);
            close("batchnorm dx" + what, dx, 1e-3, 1e-5);
        }
    }

    @Test
    void dropoutMasksAreBitIdentical() {
        float[] xv = uniform(BIG, 0.5f, 1.5f); // never 0, so a 0 in the output is the mask
        Pair x = pair(xv, BIG);
        for (float rate : new float[] {0.1f, 0.5f, 0.9f}) {
            for (long seed : new long[] {0L, 12345L, -7L, Long.MIN_VALUE + 3}) {
                Pair y = empty(BIG);
                ref.dropout(x.cpu, rate, seed, y.cpu);
                dev.dropout(x.dev, rate, seed, y.dev);
                float[] a = y.cpu.toFloatArray();
                float[] b = y.dev.toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    if ((a[i] == 0f) != (b[i] == 0f)) {
                        fail("dropout rate " + rate + " seed " + seed + ": mask differs at " + i + " (cpu " + a[i]
                                + ", device " + b[i] + ")");
                    }
                }
                close("dropout values rate " + rate, y, 1e-6, 0);
            }
        }
    }

    // ---- optimizer updates ---------------------------------------------------------------

    @Test
    void everyOptimizerUpdate() {
        int n = BIG;
        for (String name : new String[] {"sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adadelta", "adam",
                "amsgrad", "adamax", "nadam"}) {
            Pair p = pair(uniform(n, -1, 1), n);
            Pair s1 = pair(uniform(n, 0f, 0.1f), n);
            Pair s2 = pair(uniform(n, 0f, 0.1f), n);
            Pair s3 = pair(uniform(n, 0f, 0.1f), n);
            for (int step = 0; step < 3; step++) {
                Pair g = pair(uniform(n, -1, 1), n);
                update(ref, name, p.cpu, g.cpu, s1.cpu, s2.cpu, s3.cpu);
                update(dev, name, p.dev, g.dev, s1.dev, s2.dev, s3.dev);
            }
            close(name + " parameter", p, 1e-5, 1e-6);
            close(name + " first slot", s1, 1e-5, 1e-6);
            close(name + " second slot", s2, 1e-5, 1e-6);
            close(name + " third slot", s3, 1e-5, 1e-6);
        }
    }

    private static void update(Backend be, String name, Tensor p, Tensor g, Tensor s1, Tensor s2, Tensor s3) {
        switch (name) {
            case "sgd" -> be.sgdUpdate(p, g, null, 0.01f, 0f, false);
            case "momentum" -> be.sgdUpdate(p, g, s1, 0.01f, 0.9f, false);
            case "nesterov" -> be.sgdUpdate(p, g, s1, 0.01f, 0.9f, true);
            case "rmsprop" -> be.rmspropUpdate(p, g, s1, 0.001f, 0.9f, 1e-7f);
            case "adagrad" -> be.adagradUpdate(p, g, s1, 0.01f, 1e-7f);
            case "adadelta" -> be.adadeltaUpdate(p, g, s1, s2, 1f, 0.95f, 1e-7f);
            case "adam" -> be.adamUpdate(p, g, s1, s2, null, 0.001f, 0.9f, 0.999f, 1e-7f);
            case "amsgrad" -> be.adamUpdate(p, g, s1, s2, s3, 0.001f, 0.9f, 0.999f, 1e-7f);
            case "adamax" -> be.adamaxUpdate(p, g, s1, s2, 0.002f, 0.9f, 0.999f, 1e-7f);
            case "nadam" -> be.nadamUpdate(p, g, s1, s2, 0.002f, 0.9f, 0.999f, 1e-7f, 0.4f, 0.41f, 0.4f, 0.164f,
                    0.998f);
            default -> throw new IllegalArgumentException(name);
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** The same values on the reference and on the device under test. */
    private record Pair(Tensor cpu, Tensor dev) {
    }

    private static Pair pair(float[] values, int... shape) {
        Tensor a = ref.allocate(shape);
        ref.upload(values, 0, a);
        Tensor b = dev.allocate(shape);
        dev.upload(values, 0, b);
        return new Pair(a, b);
    }

    private static Pair empty(int... shape) {
        return new Pair(ref.allocate(shape), dev.allocate(shape));
    }

    private float[] uniform(int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * random.nextFloat();
        }
        return v;
    }

    /** Integer-valued floats in [0, bound). */
    private float[] ints(int n, int bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(bound);
        }
        return v;
    }

    private static boolean isComparison(BinaryOp op) {
        return switch (op) {
            case EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL -> true;
            default -> false;
        };
    }

    /** Operands inside each op's domain; comparisons get few distinct values so equality happens. */
    private float[] operand(BinaryOp op, boolean first, int n) {
        if (isComparison(op)) {
            return ints(n, 3);
        }
        if (op == BinaryOp.POW) {
            return first ? uniform(n, 0.5f, 2f) : uniform(n, -2f, 2f);
        }
        if (op == BinaryOp.DIV && !first) {
            float[] v = uniform(n, 0.5f, 2f);
            for (int i = 0; i < n; i += 2) {
                v[i] = -v[i];
            }
            return v;
        }
        return uniform(n, -2f, 2f);
    }

    private static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static void exact(String what, Pair p) {
        close(what, p, 0, 0);
    }

    /** Every element within {@code atol + rtol * |reference|}; NaNs must match NaNs. */
    private static void close(String what, Pair p, double rtol, double atol) {
        Parity.assertAllClose(what, p.cpu.toFloatArray(), p.dev.toFloatArray(), rtol, atol);
    }
}
