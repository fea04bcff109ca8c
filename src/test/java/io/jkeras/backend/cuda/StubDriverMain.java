package io.jkeras.backend.cuda;

import io.jkeras.CompileOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.Device;
import io.jkeras.backend.DeviceOutOfMemoryException;
import io.jkeras.backend.MemoryStats;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.backend.TransferStats;
import io.jkeras.backend.UnaryOp;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Run by {@link CudaStubDriverTest} in a child JVM whose CUDA libraries are the stubs of
 * {@code stubdriver/}: the CUDA backend's own code (probe, context, pool, transfers, packed
 * launches, cuBLAS mapping, convolution blocks, cuDNN descriptors, algorithm choice,
 * workspaces, kernel transposes and fallbacks, training loops) against the CPU backend, with
 * C versions of the kernels and of cuDNN standing in for the GPU. Modes: "all" (cuDNN stubs present),
 * "nocudnn" (absent: the im2col + cuBLAS fallback), "oom". Prints "STUB DRIVER OK" and exits
 * 0, or prints what differs and exits 1.
 */
public final class StubDriverMain {
    private static Backend ref;
    private static Backend dev;
    private static final Random RANDOM = new Random(1);
    private static int comparisons;

    private StubDriverMain() {
    }

    public static void main(String[] args) {
        try {
            String description = CudaBackend.describe(0);
            if (description == null || !description.contains("Stub GPU")) {
                throw new AssertionError("the probe did not accept the stub driver: " + CudaBackend.unavailableReason(0));
            }
            ref = Device.cpu().backend();
            if (args.length > 0 && args[0].equals("lt")) {
                blasLtProperties(args);
            }
            dev = Device.cuda(0).backend();
            String mode = args.length > 0 ? args[0] : "all";
            switch (mode) {
                case "oom" -> outOfMemory();
                case "lt" -> blasLt(args[1]);
                case "nocudnn" -> {
                    check("cuDNN is not used without its libraries", !cuda().usesCudnn()
                            && cuda().cudnnUnusedReason().contains("libcudnn"));
                    try (TensorScope scope = TensorScope.open()) {
                        conv();
                    }
                    poolingAndBatchNorm();
                    cnnTraining();
                }
                default -> {
                    check("cuDNN is used: " + cuda().cudnnUnusedReason(), cuda().usesCudnn());
                    kernels();
                    blasLt("fused");
                    cudnnAlgorithmsAndKernelOrder();
                    poolingAndBatchNorm();
                    training();
                    cnnTraining();
                    benchmarkedAlgorithms();
                    closing();
                }
            }
            System.out.println("STUB DRIVER OK " + comparisons + " comparisons");
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void kernels() {
        try (TensorScope scope = TensorScope.open()) {
            // 20 MB: more than one staging buffer
            int n = 5_000_000;
            float[] src = uniform(n + 3, -1, 1);
            Tensor t = dev.allocate(n);
            dev.upload(src, 3, t);
            float[] back = new float[n + 5];
            dev.download(t, back, 5);
            check("upload/download", Arrays.equals(Arrays.copyOfRange(src, 3, n + 3), Arrays.copyOfRange(back, 5, n + 5)));

            int big = (1 << 21) + 37;
            Pair f = empty(big);
            ref.fill(f.cpu, 3.5f);
            dev.fill(f.dev, 3.5f);
            close("fill", f, 0, 0);
            Pair x = pair(uniform(big, -2, 2), big);
            Pair y = empty(big);
            ref.copy(x.cpu, y.cpu);
            dev.copy(x.dev, y.dev);
            close("copy", y, 0, 0);
            Pair m = pair(uniform(40, -1, 1), 10, 4);
            Pair rows = empty(4, 4);
            ref.copy(m.cpu.rows(3, 7), rows.cpu);
            dev.copy(m.dev.rows(3, 7), rows.dev);
            close("copy of a row view", rows, 0, 0);
            ref.affine(x.cpu, -1.5f, 0.25f, y.cpu);
            dev.affine(x.dev, -1.5f, 0.25f, y.dev);
            close("affine", y, 1e-6, 0);
            ref.unary(UnaryOp.RELU, 0, x.cpu, y.cpu);
            dev.unary(UnaryOp.RELU, 0, x.dev, y.dev);
            close("relu", y, 0, 0);
            Pair dy = pair(uniform(big, -1, 1), big);
            Pair dx = empty(big);
            ref.unaryBackward(UnaryOp.RELU, 0, x.cpu, y.cpu, dy.cpu, dx.cpu);
            dev.unaryBackward(UnaryOp.RELU, 0, x.dev, y.dev, dy.dev, dx.dev);
            close("relu backward", dx, 0, 0);

            int[][][] cases = {{{64, 33, 17}, {17}}, {{5, 1, 7}, {1, 6, 1}}, {{3, 4}, {1}}, {{2, 3, 4, 5}, {3, 1, 5}},
                {{1}, {7, 9}}, {{}, {4, 5}}, {{2, 1, 3, 1, 4, 1, 2}, {1, 5, 1, 6, 1, 3, 1}}};
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.SUB}) {
                for (int[][] c : cases) {
                    Pair a = pair(uniform(size(c[0]), -1, 1), c[0]);
                    Pair b = pair(uniform(size(c[1]), -1, 1), c[1]);
                    Pair out = empty(Shapes.broadcast(c[0], c[1]));
                    ref.binary(op, a.cpu, b.cpu, out.cpu);
                    dev.binary(op, a.dev, b.dev, out.dev);
                    close(op + " " + Arrays.deepToString(c), out, 1e-6, 0);
                }
            }
            for (boolean first : new boolean[] {false, true}) {
                ref.binaryScalar(BinaryOp.SUB, x.cpu, 0.7f, first, y.cpu);
                dev.binaryScalar(BinaryOp.SUB, x.dev, 0.7f, first, y.dev);
                close("SUB scalar first=" + first, y, 1e-6, 0);
            }
            int[][][] broadcasts = {{{1, 5}, {4, 3, 5}}, {{3, 1}, {3, 4}}, {{7}, {300, 7}}, {{2, 1, 4}, {2, 9, 4}},
                {{2, 1, 3, 1, 4, 1, 2}, {2, 5, 3, 6, 4, 3, 2}}};
            for (int[][] c : broadcasts) {
                Pair a = pair(uniform(size(c[0]), -1, 1), c[0]);
                Pair out = empty(c[1]);
                ref.broadcastTo(a.cpu, out.cpu);
                dev.broadcastTo(a.dev, out.dev);
                close("broadcastTo " + Arrays.deepToString(c), out, 0, 0);
            }

            int[][] reductions = {{1, 100_000, 1}, {37, 1000, 1}, {3, 513, 19}, {1000, 7, 1}, {4, 300, 60}};
            for (ReduceOp op : ReduceOp.values()) {
                for (int[] c : reductions) {
                    int total = c[0] * c[1] * c[2];
                    Pair a = pair(op == ReduceOp.ARGMAX ? ints(total, 5) : uniform(total, -1, 1), c[0], c[1], c[2]);
                    Pair out = empty(c[0], c[2]);
                    ref.reduce(op, a.cpu, c[0], c[1], c[2], out.cpu);
                    dev.reduce(op, a.dev, c[0], c[1], c[2], out.dev);
                    close(op + " " + Arrays.toString(c), out, 1e-5, 1e-6 * c[1]);
                }
                Pair none = pair(new float[0], 2, 0, 3);
                Pair out = empty(2, 3);
                ref.reduce(op, none.cpu, 2, 0, 3, out.cpu);
                dev.reduce(op, none.dev, 2, 0, 3, out.dev);
                close(op + " of an empty axis", out, 0, 0);
            }

            int[][][] perms = {{{2, 3, 4, 5}, {0, 3, 1, 2}}, {{64, 128}, {1, 0}}, {{3, 1, 4}, {2, 1, 0}},
                {{2, 3, 4}, {0, 1, 2}}, {{2, 3, 2, 3, 2, 3}, {5, 3, 1, 4, 2, 0}},
                {{1, 2, 1, 3, 1, 1, 4, 1}, {7, 6, 5, 4, 3, 2, 1, 0}}};
            for (int[][] c : perms) {
                int[] outShape = new int[c[0].length];
                for (int i = 0; i < outShape.length; i++) {
                    outShape[i] = c[0][c[1][i]];
                }
                Pair a = pair(uniform(size(c[0]), -1, 1), c[0]);
                Pair out = empty(outShape);
                ref.transpose(a.cpu, c[1], out.cpu);
                dev.transpose(a.dev, c[1], out.dev);
                close("transpose " + Arrays.deepToString(c), out, 0, 0);
            }
            Pair a = pair(uniform(90, -1, 1), 6, 3, 5);
            Pair b = pair(uniform(120, -1, 1), 6, 4, 5);
            Pair cat = empty(6, 7, 5);
            ref.copyAxis(a.cpu, 3, 0, cat.cpu, 7, 0, 6, 3, 5);
            ref.copyAxis(b.cpu, 4, 0, cat.cpu, 7, 3, 6, 4, 5);
            dev.copyAxis(a.dev, 3, 0, cat.dev, 7, 0, 6, 3, 5);
            dev.copyAxis(b.dev, 4, 0, cat.dev, 7, 3, 6, 4, 5);
            close("copyAxis", cat, 0, 0);
            for (int[] shape : new int[][] {{128, 10}, {7, 1000}, {2, 3, 5}}) {
                Pair s = pair(uniform(size(shape), -8, 8), shape);
                Pair out = empty(shape);
                ref.softmax(s.cpu, out.cpu);
                dev.softmax(s.dev, out.dev);
                close("softmax " + Arrays.toString(shape), out, 1e-5, 1e-7);
            }
            Pair labels = pair(ints(300, 37), 300);
            Pair hot = empty(300, 37);
            ref.oneHot(labels.cpu, 37, hot.cpu);
            dev.oneHot(labels.dev, 37, hot.dev);
            close("oneHot", hot, 0, 0);
            for (float rate : new float[] {0.1f, 0.5f}) {
                for (long seed : new long[] {0, 12345, -7, Long.MIN_VALUE + 3}) {
                    ref.dropout(x.cpu, rate, seed, y.cpu);
                    dev.dropout(x.dev, rate, seed, y.dev);
                    close("dropout rate " + rate + " seed " + seed, y, 0, 0);
                }
            }
            Pair p = pair(uniform(big, -1, 1), big);
            ref.sgdUpdate(p.cpu, dy.cpu, null, 0.01f, 0, false);
            dev.sgdUpdate(p.dev, dy.dev, null, 0.01f, 0, false);
            close("sgd", p, 1e-6, 1e-7);
            gemm();
            conv();
        }
    }

    private static CudaBackend cuda() {
        return (CudaBackend) dev;
    }

    private static void gemm() {
        int[][] sizes = {{37, 53, 71}, {1, 1, 1}, {64, 32, 128}, {1, 300, 7}, {513, 2, 100}};
        for (int[] s : sizes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Pair a = pair(uniform(m * k, -1, 1), ta ? new int[] {k, m} : new int[] {m, k});
                    Pair b = pair(uniform(k * n, -1, 1), tb ? new int[] {n, k} : new int[] {k, n});
                    Pair c = pair(uniform(m * n, -1, 1), m, n);
                    ref.gemm(a.cpu, ta, b.cpu, tb, 0.75f, 0.5f, c.cpu, m, n, k);
                    dev.gemm(a.dev, ta, b.dev, tb, 0.75f, 0.5f, c.dev, m, n, k);
                    close("gemm " + Arrays.toString(s) + " transA=" + ta + " transB=" + tb, c, 1e-4, 1e-5 * k);
                }
            }
        }
        Pair a = pair(new float[0], 4, 0);
        Pair b = pair(new float[0], 0, 3);
        Pair c = pair(uniform(12, -1, 1), 4, 3);
        ref.gemm(a.cpu, false, b.cpu, false, 1, 0.5f, c.cpu, 4, 3, 0);
        dev.gemm(a.dev, false, b.dev, false, 1, 0.5f, c.dev, 4, 3, 0);
        close("gemm k=0", c, 1e-6, 0);
    }

    private static void conv() {
        List<Conv2DGeometry> geometries = List.of(
                Conv2DGeometry.of(4, 28, 28, 1, 8, 3, 3, 1, 1, false, 1, 1),
                Conv2DGeometry.of(3, 13, 11, 5, 7, 3, 3, 2, 2, true, 1, 1),
                Conv2DGeometry.of(2, 9, 9, 4, 6, 3, 3, 1, 1, true, 2, 2),
                Conv2DGeometry.of(5, 8, 8, 16, 32, 1, 1, 1, 1, false, 1, 1),
                Conv2DGeometry.of(2, 7, 6, 3, 4, 5, 4, 3, 1, false, 1, 1),
                Conv2DGeometry.of(3, 10, 10, 2, 3, 4, 4, 3, 3, true, 1, 1),
                Conv2DGeometry.of(9, 128, 128, 16, 2, 3, 3, 1, 1, true, 1, 1)); // two im2col blocks
        for (Conv2DGeometry g : geometries) {
            int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
            int[] kShape = {g.kernelH(), g.kernelW(), g.inChannels(), g.outChannels()};
            int[] yShape = {g.batch(), g.outH(), g.outW(), g.outChannels()};
            int taps = g.kernelH() * g.kernelW() * g.inChannels();
            Pair x = pair(uniform(size(xShape), -1, 1), xShape);
            Pair k = pair(uniform(size(kShape), -1, 1), kShape);
            Pair y = empty(yShape);
            ref.conv2d(g, x.cpu, k.cpu, y.cpu);
            dev.conv2d(g, x.dev, k.dev, y.dev);
            close("conv2d " + g, y, 1e-4, 1e-5 * taps);
            Pair dy = pair(uniform(size(yShape), -1, 1), yShape);
            Pair dx = empty(xShape);
            ref.conv2dBackwardInput(g, dy.cpu, k.cpu, dx.cpu);
            dev.conv2dBackwardInput(g, dy.dev, k.dev, dx.dev);
            close("conv2d backward input " + g, dx, 1e-4, 1e-5 * taps * g.outChannels());
            Pair dk = empty(kShape);
            ref.conv2dBackwardKernel(g, x.cpu, dy.cpu, dk.cpu);
            dev.conv2dBackwardKernel(g, x.dev, dy.dev, dk.dev);
            close("conv2d backward kernel " + g, dk, 1e-4, 1e-6 * g.batch() * g.outH() * g.outW());
            if (cuda().usesCudnn()) {
                // asymmetric "same" padding (the even kernel with stride 3) stays on im2col + cuBLAS
                check("cuDNN ran " + g + " exactly when its descriptors express it",
                        (cuda().cudnnConv().planOf(g) != null) == CudnnConvPlan.expressible(g));
            }
        }
        check("one geometry keeps the fallback", !CudnnConvPlan.expressible(geometries.get(5)));
    }

    /**
     * The algorithm each direction took (the stub offers the same five everywhere, see
     * cudnn_cnn_stub.c: the heuristic pick is algorithm 1, with 3000 bytes of workspace), the
     * kernel transposes (RSCK to KRSC for the forward and the input gradient, KRSC back for
     * the kernel gradient, none where the two orders are the same bytes), the pool blocks of
     * transposes and workspaces given back, weights changed in place seen by the next call,
     * and geometries with no usable algorithm (13 output channels, by the stub's rule) or
     * whose offered algorithm cuDNN refuses to run (11) on im2col + cuBLAS instead.
     */
    private static void cudnnAlgorithmsAndKernelOrder() {
        CudnnConv conv = cuda().cudnnConv();
        Conv2DGeometry g = Conv2DGeometry.of(3, 9, 8, 4, 6, 3, 3, 1, 1, true, 1, 1);
        int[] xShape = {3, 9, 8, 4};
        int[] kShape = {3, 3, 4, 6};
        int[] yShape = {3, 9, 8, 6};
        try (TensorScope scope = TensorScope.open()) {
            Pair x = pair(uniform(size(xShape), -1, 1), xShape);
            Pair k = pair(uniform(size(kShape), -1, 1), kShape);
            Pair dy = pair(uniform(size(yShape), -1, 1), yShape);
            Pair y = empty(yShape);
            Pair dx = empty(xShape);
            Pair dk = empty(kShape);
            long transposes = conv.transposes();
            long calls = conv.calls();
            long inUse = dev.pool().stats().bytesInUse();
            ref.conv2d(g, x.cpu, k.cpu, y.cpu);
            dev.conv2d(g, x.dev, k.dev, y.dev);
            close("cuDNN forward", y, 1e-4, 1e-5 * 36);
            ref.conv2dBackwardInput(g, dy.cpu, k.cpu, dx.cpu);
            dev.conv2dBackwardInput(g, dy.dev, k.dev, dx.dev);
            close("cuDNN backward data", dx, 1e-4, 1e-5 * 216);
            ref.conv2dBackwardKernel(g, x.cpu, dy.cpu, dk.cpu);
            dev.conv2dBackwardKernel(g, x.dev, dy.dev, dk.dev);
            close("cuDNN backward filter", dk, 1e-4, 1e-5 * 216);
            check("three cuDNN calls", conv.calls() == calls + 3);
            check("one kernel transpose per call", conv.transposes() == transposes + 3);
            check("the transposes' and workspaces' blocks are back in the pool",
                    dev.pool().stats().bytesInUse() == inUse);
            CudnnConvPlan plan = conv.planOf(g);
            for (CudnnConvPlan.Direction d : CudnnConvPlan.Direction.values()) {
                CudnnConvPlan.Choice c = plan.choice(d);
                check(d + " took the first deterministic algorithm that fits, got " + c,
                        c.algorithm() == 1 && c.workspace() == 3000 && c.deterministic()
                                && c.mathType() == org.bytedeco.cuda.global.cudnn.CUDNN_FMA_MATH);
            }

            // weights changed in place (an optimizer step, Variable.assign's copy) are what the next call reads
            Pair grad = pair(uniform(size(kShape), -1, 1), kShape);
            ref.sgdUpdate(k.cpu, grad.cpu, null, 0.5f, 0, false);
            dev.sgdUpdate(k.dev, grad.dev, null, 0.5f, 0, false);
            forwardAgain("after an optimizer update", g, x, k, y);
            Pair other = pair(uniform(size(kShape), -1, 1), kShape);
            ref.copy(other.cpu, k.cpu);
            dev.copy(other.dev, k.dev);
            forwardAgain("after Variable.assign's copy", g, x, k, y);
            ref.conv2dBackwardInput(g, dy.cpu, k.cpu, dx.cpu);
            dev.conv2dBackwardInput(g, dy.dev, k.dev, dx.dev);
            close("cuDNN backward data after the copy", dx, 1e-4, 1e-5 * 216);

            // one output channel, and a 1x1 kernel over one input channel: RSCK is KRSC, nothing moves
            transposes = conv.transposes();
            Conv2DGeometry g1 = Conv2DGeometry.of(3, 9, 8, 4, 1, 3, 3, 1, 1, true, 1, 1);
            Pair single = pair(uniform(36, -1, 1), 3, 3, 4, 1);
            Pair y1 = empty(3, 9, 8, 1);
            ref.conv2d(g1, x.cpu, single.cpu, y1.cpu);
            dev.conv2d(g1, x.dev, single.dev, y1.dev);
            close("cuDNN forward with one output channel", y1, 1e-4, 1e-5 * 36);
            Pair dk1 = empty(3, 3, 4, 1);
            Pair dy1 = pair(uniform(3 * 9 * 8, -1, 1), 3, 9, 8, 1);
            ref.conv2dBackwardKernel(g1, x.cpu, dy1.cpu, dk1.cpu);
            dev.conv2dBackwardKernel(g1, x.dev, dy1.dev, dk1.dev);
            close("cuDNN backward filter with one output channel", dk1, 1e-4, 1e-5 * 216);
            Conv2DGeometry gTap = Conv2DGeometry.of(2, 5, 5, 1, 7, 1, 1, 1, 1, false, 1, 1);
            Pair xTap = pair(uniform(50, -1, 1), 2, 5, 5, 1);
            Pair kTap = pair(uniform(7, -1, 1), 1, 1, 1, 7);
            Pair yTap = empty(2, 5, 5, 7);
            ref.conv2d(gTap, xTap.cpu, kTap.cpu, yTap.cpu);
            dev.conv2d(gTap, xTap.dev, kTap.dev, yTap.dev);
            close("cuDNN forward of a 1x1 kernel over one channel", yTap, 1e-5, 1e-6);
            check("no transpose where the orders are the same bytes", conv.transposes() == transposes);

            // no algorithm fits: the geometry runs on im2col + cuBLAS, and keeps doing so without asking again
            Conv2DGeometry none = Conv2DGeometry.of(2, 6, 6, 3, 13, 3, 3, 1, 1, false, 1, 1);
            Pair xn = pair(uniform(2 * 6 * 6 * 3, -1, 1), 2, 6, 6, 3);
            Pair kn = pair(uniform(3 * 3 * 3 * 13, -1, 1), 3, 3, 3, 13);
            Pair yn = empty(2, 4, 4, 13);
            calls = conv.calls();
            transposes = conv.transposes();
            for (int i = 0; i < 2; i++) {
                ref.conv2d(none, xn.cpu, kn.cpu, yn.cpu);
                dev.conv2d(none, xn.dev, kn.dev, yn.dev);
                close("forward with no cuDNN algorithm", yn, 1e-4, 1e-5 * 27);
            }
            check("no algorithm: im2col + cuBLAS, no cuDNN call, one transpose (the search's)",
                    conv.calls() == calls && conv.planOf(none).hasNoAlgorithm(CudnnConvPlan.Direction.FORWARD)
                            && conv.transposes() == transposes + 1);

            // an offered algorithm that cuDNN then refuses to run (11 output channels, by the stub's rule)
            Conv2DGeometry refused = Conv2DGeometry.of(2, 6, 6, 3, 11, 3, 3, 1, 1, true, 1, 1);
            Pair kr = pair(uniform(3 * 3 * 3 * 11, -1, 1), 3, 3, 3, 11);
            Pair yr = empty(2, 6, 6, 11);
            Pair dyr = pair(uniform(2 * 6 * 6 * 11, -1, 1), 2, 6, 6, 11);
            Pair dxr = empty(2, 6, 6, 3);
            Pair dkr = empty(3, 3, 3, 11);
            calls = conv.calls();
            for (int i = 0; i < 2; i++) {
                ref.conv2d(refused, xn.cpu, kr.cpu, yr.cpu);
                dev.conv2d(refused, xn.dev, kr.dev, yr.dev);
                close("forward cuDNN refused", yr, 1e-4, 1e-5 * 27);
                ref.conv2dBackwardInput(refused, dyr.cpu, kr.cpu, dxr.cpu);
                dev.conv2dBackwardInput(refused, dyr.dev, kr.dev, dxr.dev);
                close("backward data cuDNN refused", dxr, 1e-4, 1e-5 * 297);
                ref.conv2dBackwardKernel(refused, xn.cpu, dyr.cpu, dkr.cpu);
                dev.conv2dBackwardKernel(refused, xn.dev, dyr.dev, dkr.dev);
                close("backward filter cuDNN refused", dkr, 1e-4, 1e-5 * 72);
            }
            for (CudnnConvPlan.Direction d : CudnnConvPlan.Direction.values()) {
                check(d + " refused by cuDNN stays on im2col", conv.planOf(refused).hasNoAlgorithm(d));
            }
            check("refused runs count no cuDNN call", conv.calls() == calls);
        }
    }

    private static void forwardAgain(String what, Conv2DGeometry g, Pair x, Pair k, Pair y) {
        ref.conv2d(g, x.cpu, k.cpu, y.cpu);
        dev.conv2d(g, x.dev, k.dev, y.dev);
        close("cuDNN forward " + what, y, 1e-4, 1e-4);
    }

    /** Max and average pooling (symmetric and asymmetric padding) and batch normalisation, forward and backward. */
    private static void poolingAndBatchNorm() {
        boolean cudnn = cuda().usesCudnn();
        try (TensorScope scope = TensorScope.open()) {
            List<Conv2DGeometry> geometries = List.of(
                    Conv2DGeometry.of(4, 12, 12, 8, 8, 2, 2, 2, 2, false, 1, 1),
                    Conv2DGeometry.of(3, 13, 11, 5, 5, 3, 3, 2, 2, true, 1, 1),
                    Conv2DGeometry.of(2, 10, 9, 3, 3, 2, 2, 2, 2, true, 1, 1)); // odd padding at the bottom: ours
            for (PoolMode mode : PoolMode.values()) {
                for (Conv2DGeometry g : geometries) {
                    int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
                    int[] yShape = {g.batch(), g.outH(), g.outW(), g.inChannels()};
                    Pair x = pair(uniform(size(xShape), -1, 1), xShape);
                    Pair y = empty(yShape);
                    long calls = cudnn ? cuda().cudnnPool().calls() : 0;
                    ref.pool2d(mode, g, x.cpu, y.cpu);
                    dev.pool2d(mode, g, x.dev, y.dev);
                    close(mode + " pool " + g, y, 1e-6, 1e-7);
                    Pair dy = pair(uniform(size(yShape), -1, 1), yShape);
                    Pair dx = empty(xShape);
                    ref.pool2dBackward(mode, g, x.cpu, y.cpu, dy.cpu, dx.cpu);
                    dev.pool2dBackward(mode, g, x.dev, y.dev, dy.dev, dx.dev);
                    close(mode + " pool backward " + g, dx, 1e-5, 1e-6);
                    if (cudnn) {
                        // cuDNN: both directions of average pooling, the forward of max pooling
                        long want = !CudnnPool.expressible(g) ? 0 : mode == PoolMode.MAX ? 1 : 2;
                        check(mode + " pool " + g + " made " + want + " cuDNN calls",
                                cuda().cudnnPool().calls() - calls == want);
                    }
                }
            }
            // ties, as after a ReLU: the gradient goes to the first maximum of each window
            Conv2DGeometry g = geometries.get(0);
            float[] ties = ints(4 * 12 * 12 * 8, 2);
            Pair x = pair(ties, 4, 12, 12, 8);
            Pair y = empty(4, 6, 6, 8);
            ref.pool2d(PoolMode.MAX, g, x.cpu, y.cpu);
            dev.pool2d(PoolMode.MAX, g, x.dev, y.dev);
            Pair dy = pair(uniform(4 * 6 * 6 * 8, -1, 1), 4, 6, 6, 8);
            Pair dx = empty(4, 12, 12, 8);
            ref.pool2dBackward(PoolMode.MAX, g, x.cpu, y.cpu, dy.cpu, dx.cpu);
            dev.pool2dBackward(PoolMode.MAX, g, x.dev, y.dev, dy.dev, dx.dev);
            close("max pool backward with ties", dx, 0, 0);

            int[][] shapes = {{512, 16}, {10, 3}, {6, 5, 5, 8}, {1, 7}};
            for (int[] shape : shapes) {
                int channels = shape[shape.length - 1];
                int n = size(shape);
                int rows = n / channels;
                Pair bx = pair(uniform(n, -2, 3), shape);
                Pair gamma = pair(uniform(channels, 0.5f, 1.5f), channels);
                Pair beta = pair(uniform(channels, -0.5f, 0.5f), channels);
                Pair by = empty(shape);
                Pair mean = empty(channels);
                Pair var = empty(channels);
                long calls = cudnn ? cuda().cudnnBatchNorm().calls() : 0;
                ref.batchNormTraining(bx.cpu, gamma.cpu, beta.cpu, 1e-3f, by.cpu, mean.cpu, var.cpu);
                dev.batchNormTraining(bx.dev, gamma.dev, beta.dev, 1e-3f, by.dev, mean.dev, var.dev);
                String what = " of " + Arrays.toString(shape);
                close("batchnorm mean" + what, mean, 1e-5, 1e-6);
                close("batchnorm variance" + what, var, 1e-5, 1e-6);
                close("batchnorm y" + what, by, 1e-4, 1e-5);
                Pair bdy = pair(uniform(n, -1, 1), shape);
                Pair bdx = empty(shape);
                Pair dGamma = empty(channels);
                Pair dBeta = empty(channels);
                ref.batchNormBackward(bx.cpu, gamma.cpu, mean.cpu, var.cpu, 1e-3f, bdy.cpu, bdx.cpu, dGamma.cpu,
                        dBeta.cpu);
                dev.batchNormBackward(bx.dev, gamma.dev, mean.dev, var.dev, 1e-3f, bdy.dev, bdx.dev, dGamma.dev,
                        dBeta.dev);
                close("batchnorm dBeta" + what, dBeta, 1e-4, 1e-5 * rows);
                close("batchnorm dGamma" + what, dGamma, 1e-4, 1e-5 * rows);
                close("batchnorm dx" + what, bdx, 1e-3, 1e-5);
                if (cudnn) {
                    check("batchnorm" + what + " on cuDNN unless one row",
                            cuda().cudnnBatchNorm().calls() - calls == (rows >= 2 ? 2 : 0));
                }
            }
            // an epsilon below what every cuDNN 9 accepts stays on our kernels
            Pair bx = pair(uniform(40, -2, 3), 8, 5);
            Pair gamma = pair(uniform(5, 0.5f, 1.5f), 5);
            Pair beta = pair(uniform(5, -0.5f, 0.5f), 5);
            Pair by = empty(8, 5);
            Pair mean = empty(5);
            Pair var = empty(5);
            long calls = cudnn ? cuda().cudnnBatchNorm().calls() : 0;
            ref.batchNormTraining(bx.cpu, gamma.cpu, beta.cpu, 1e-6f, by.cpu, mean.cpu, var.cpu);
            dev.batchNormTraining(bx.dev, gamma.dev, beta.dev, 1e-6f, by.dev, mean.dev, var.dev);
            close("batchnorm y with epsilon 1e-6", by, 1e-4, 1e-5);
            check("epsilon 1e-6 is not sent to cuDNN", !cudnn || cuda().cudnnBatchNorm().calls() == calls);
        }
    }

    /** A second backend with {@code -Djkeras.cuda.cudnn.algorithms=benchmark}: FindEx ranks algorithm 5 first. */
    private static void benchmarkedAlgorithms() {
        System.setProperty(CudaBackend.CUDNN_ALGORITHMS_PROPERTY, "benchmark");
        CudaBackend timed = new CudaBackend(Device.cuda(0));
        System.clearProperty(CudaBackend.CUDNN_ALGORITHMS_PROPERTY);
        try (TensorScope scope = TensorScope.open()) {
            Conv2DGeometry g = Conv2DGeometry.of(2, 7, 7, 3, 5, 3, 3, 2, 2, false, 1, 1);
            float[] xv = uniform(2 * 7 * 7 * 3, -1, 1);
            float[] kv = uniform(3 * 3 * 3 * 5, -1, 1);
            float[] dyv = uniform(2 * 3 * 3 * 5, -1, 1);
            Tensor[] cpu = {ref.allocate(2, 7, 7, 3), ref.allocate(3, 3, 3, 5), ref.allocate(2, 3, 3, 5),
                ref.allocate(2, 3, 3, 5), ref.allocate(2, 7, 7, 3), ref.allocate(3, 3, 3, 5)};
            Tensor[] gpu = {timed.allocate(2, 7, 7, 3), timed.allocate(3, 3, 3, 5), timed.allocate(2, 3, 3, 5),
                timed.allocate(2, 3, 3, 5), timed.allocate(2, 7, 7, 3), timed.allocate(3, 3, 3, 5)};
            for (int i = 0; i < 3; i++) {
                float[] v = i == 0 ? xv : i == 1 ? kv : dyv;
                ref.upload(v, 0, cpu[i]);
                timed.upload(v, 0, gpu[i]);
            }
            ref.conv2d(g, cpu[0], cpu[1], cpu[3]);
            timed.conv2d(g, gpu[0], gpu[1], gpu[3]);
            ref.conv2dBackwardInput(g, cpu[2], cpu[1], cpu[4]);
            timed.conv2dBackwardInput(g, gpu[2], gpu[1], gpu[4]);
            ref.conv2dBackwardKernel(g, cpu[0], cpu[2], cpu[5]);
            timed.conv2dBackwardKernel(g, gpu[0], gpu[2], gpu[5]);
            for (int i = 3; i < 6; i++) {
                float[] want = cpu[i].toFloatArray();
                float[] got = gpu[i].toFloatArray();
                for (int j = 0; j < want.length; j++) {
                    if (Math.abs(want[j] - got[j]) > 1e-4 + 1e-4 * Math.abs(want[j])) {
                        throw new AssertionError("benchmarked cuDNN output " + i + " element " + j + ": " + want[j]
                                + " on the CPU, " + got[j] + " on the stub device");
                    }
                }
            }
            for (CudnnConvPlan.Direction d : CudnnConvPlan.Direction.values()) {
                CudnnConvPlan.Choice c = timed.cudnnConv().planOf(g).choice(d);
                check(d + " took the fastest timed algorithm, got " + c, c.algorithm() == 5 && c.workspace() == 0);
            }
            for (Tensor t : gpu) {
                t.close();
            }
        } finally {
            timed.close();
        }
    }

    /** An MLP trained on each backend from the same seed; then the residency rule on the stub device. */
    private static void training() {
        sameTraining("training", train(Device.cpu(), null), train(Device.cuda(0), dev), 1e-4, 1e-5);
    }

    /** Losses and weights of a training run on the CPU and on the stub device, within {@code atol + rtol |cpu|}. */
    private static void sameTraining(String what, float[] cpu, float[] gpu, double rtol, double atol) {
        for (int i = 0; i < cpu.length; i++) {
            if (Math.abs(cpu[i] - gpu[i]) > atol + rtol * Math.abs(cpu[i])) {
                throw new AssertionError(what + ": value " + i + " of " + cpu.length + " is " + cpu[i]
                        + " on the CPU, " + gpu[i] + " on the stub device");
            }
        }
        comparisons++;
    }

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static float[] toArray(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }

    /** Losses of 7 steps then the first layer's weights; checks residency when {@code backend} is given. */
    private static float[] train(Device device, Backend backend) {
        Device saved = Device.current();
        Device.set(device);
        Utils.clearSession();
        Utils.setRandomSeed(3);
        Random r = new Random(5);
        int batch = 32;
        KerasTensor in = Input.of(12);
        KerasTensor h = new Dense(16).activation("relu").apply(in);
        KerasTensor out = new Dense(4).apply(h);
        try (Model model = new Model(in, out)) {
            model.compile(new CompileOptions().optimizer(new SGD().learningRate(0.1)).loss("mse"));
            float[] x = gaussian(r, batch * 12);
            float[] y = gaussian(r, batch * 4);
            NDArray xs = NDArray.of(x, batch, 12);
            NDArray ys = NDArray.of(y, batch, 4);
            List<Float> values = new ArrayList<>();
            values.add(model.trainOnBatch(xs, ys).get(0).floatValue());
            values.add(model.trainOnBatch(xs, ys).get(0).floatValue());
            MemoryStats memBefore = backend == null ? null : backend.pool().stats();
            TransferStats before = backend == null ? null : backend.transferStats();
            for (int i = 0; i < 5; i++) {
                values.add(model.trainOnBatch(xs, ys).get(0).floatValue());
            }
            if (backend != null) {
                MemoryStats memAfter = backend.pool().stats();
                TransferStats after = backend.transferStats();
                check("no raw allocation in steady steps", memAfter.rawAllocations() == memBefore.rawAllocations());
                check("2 uploads per step, got " + (after.uploads() - before.uploads()),
                        after.uploads() - before.uploads() == 10);
                check("only the batch is uploaded",
                        after.uploadBytes() - before.uploadBytes() == 5L * 4 * (x.length + y.length));
            }
            for (float w : model.getWeights().get(0).toFloatArray()) {
                values.add(w);
            }
            return toArray(values);
        } finally {
            Device.set(saved);
        }
    }

    /** A small CNN (conv, batch norm, both poolings, global average pooling) trained on both backends. */
    private static void cnnTraining() {
        sameTraining("CNN training", trainCnn(Device.cpu(), null), trainCnn(Device.cuda(0), dev), 1e-3, 1e-4);
    }

    private static float[] trainCnn(Device device, Backend backend) {
        Device saved = Device.current();
        Device.set(device);
        Utils.clearSession();
        Utils.setRandomSeed(11);
        Random r = new Random(12);
        int batch = 8;
        KerasTensor in = Input.of(10, 10, 2);
        KerasTensor h = new Conv2D(6, 3).padding("same").activation("relu").apply(in);
        h = new BatchNormalization().apply(h);
        h = new MaxPooling2D(2).apply(h);
        h = new Conv2D(4, 3).strides(2, 2).padding("same").activation("relu").apply(h);
        h = new AveragePooling2D(2).padding("same").apply(h);
        h = new GlobalAveragePooling2D().apply(h);
        KerasTensor out = new Dense(3).apply(h);
        try (Model model = new Model(in, out)) {
            model.compile(new CompileOptions().optimizer(new SGD().learningRate(0.05)).loss("mse"));
            float[] x = gaussian(r, batch * 200);
            float[] y = gaussian(r, batch * 3);
            NDArray xs = NDArray.of(x, batch, 10, 10, 2);
            NDArray ys = NDArray.of(y, batch, 3);
            List<Float> values = new ArrayList<>();
            values.add(model.trainOnBatch(xs, ys).get(0).floatValue());
            MemoryStats before = backend == null ? null : backend.pool().stats();
            for (int i = 0; i < 3; i++) {
                values.add(model.trainOnBatch(xs, ys).get(0).floatValue());
            }
            if (backend != null) {
                check("no raw allocation in steady CNN steps",
                        backend.pool().stats().rawAllocations() == before.rawAllocations());
            }
            for (NDArray w : model.getWeights()) {
                for (float v : w.toFloatArray()) {
                    values.add(v);
                }
            }
            return toArray(values);
        } finally {
            Device.set(saved);
        }
    }

    private static void closing() {
        long raw = dev.pool().stats().rawAllocations();
        try (TensorScope scope = TensorScope.open()) {
            Conv2DGeometry g = Conv2DGeometry.of(4, 28, 28, 1, 8, 3, 3, 1, 1, false, 1, 1);
            Tensor a = dev.allocate(4, 28, 28, 1);
            Tensor k = dev.allocate(3, 3, 1, 8);
            Tensor o = dev.allocate(4, 26, 26, 8);
            dev.fill(a, 1);
            dev.fill(k, 1);
            dev.conv2d(g, a, k, o);
        }
        check("a repeated sequence reuses the pool", dev.pool().stats().rawAllocations() == raw);
        dev.close();
        try {
            dev.synchronize();
            throw new AssertionError("a closed backend still ran");
        } catch (IllegalStateException expected) {
            check("closed message", expected.getMessage().contains("closed"));
        }
    }

    private static void outOfMemory() {
        try {
            dev.allocate(50_000_000);
            throw new AssertionError("allocating past the stub's limit succeeded");
        } catch (DeviceOutOfMemoryException e) {
            System.out.println(e.getMessage());
        }
        Tensor t = dev.allocate(1000);
        dev.fill(t, 2f);
        check("the backend works after an out-of-memory error", t.toFloatArray()[999] == 2f);
    }

    // ---- cuBLASLt (dense layers) -------------------------------------------------------------

    /** {@code lt <expect> [property=value...]}: sets the properties before the backend starts. */
    private static void blasLtProperties(String[] args) {
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            System.setProperty(kv[0], kv[1]);
        }
    }

    /**
     * The dense layer's forward and backward passes against the CPU, through cuBLASLt where the
     * stub's environment lets them, and the cuBLASLt state that environment should give:
     * {@code expect} is "fused" (relu fused at inference, weight gradient fused, every plan
     * usable), "tf32" (as fused, with TF32 compute), "relu-unfused" (relu's NaN check failed),
     * "unsupported" (plans refused, by the heuristic or the matmul: those shapes unfused), or
     * "off:text" (cuBLASLt not used, for a reason containing text).
     */
    private static void blasLt(String expect) {
        CudaBackend cuda = (CudaBackend) dev;
        CudaBlasLt lt = cuda.blasLt();
        if (expect.startsWith("off:")) {
            check("cuBLASLt off (" + expect + "), got " + (lt == null ? cuda.blasLtOff() : "on"),
                    lt == null && cuda.blasLtOff() != null && cuda.blasLtOff().contains(expect.substring(4)));
        } else {
            check("cuBLASLt on, got off: " + cuda.blasLtOff(), lt != null && cuda.blasLtOff() == null);
            boolean fused = expect.equals("fused") || expect.equals("tf32");
            check("relu fused: " + lt.reluKeepsNaN(), lt.reluKeepsNaN() == fused);
            check("weight gradient checked", lt.weightGradientChecked());
            check("tf32 " + lt.tf32(), lt.tf32() == expect.equals("tf32") && lt.tf32() == cuda.tf32());
        }
        long calls = lt == null ? 0 : lt.fusedCalls();
        int[][] shapes = {{64, 33, 17}, {1, 1, 1}, {513, 2, 100}, {7, 300, 5}, {6, 4, 0}};
        for (int[] s : shapes) {
            for (UnaryOp activation : new UnaryOp[] {null, UnaryOp.RELU, UnaryOp.SQUARE}) {
                for (boolean withBias : new boolean[] {true, false}) {
                    for (boolean inPlace : activation == null ? new boolean[] {true} : new boolean[] {true, false}) {
                        linearCase(s[0], s[1], s[2], activation, withBias, inPlace);
                    }
                }
                for (boolean withDx : new boolean[] {true, false}) {
                    for (boolean withDb : new boolean[] {true, false}) {
                        linearBackwardCase(s[0], s[1], s[2], activation, withDx, withDb);
                    }
                }
            }
        }
        if (lt == null) {
            return;
        }
        check("cuBLASLt ran", lt.fusedCalls() > calls);
        check("usable plans: " + lt.unusablePlans(), (lt.unusablePlans() == 0) == !expect.equals("unsupported"));
        // a shape seen before: no new plan, one more fused call
        long plans = lt.plansMade();
        calls = lt.fusedCalls();
        linearCase(513, 2, 100, UnaryOp.SQUARE, true, false);
        check("a plan per shape, made once", lt.plansMade() == plans);
        check("a cached plan runs", lt.fusedCalls() == calls + 1);
        // an input off cuBLASLt's 256-byte alignment (a row view) goes unfused, and still right
        try (TensorScope scope = TensorScope.open()) {
            int m = 9;
            int n = 8;
            int k = 17;
            Pair big = pair(uniform((m + 1) * k, -1, 1), m + 1, k);
            Pair w = pair(uniform(k * n, -1, 1), k, n);
            Pair b = pair(uniform(n, -1, 1), n);
            Pair z = empty(m, n);
            calls = lt.fusedCalls();
            ref.linear(big.cpu.rows(1, m + 1), w.cpu, b.cpu, null, 0f, z.cpu, z.cpu, m, n, k);
            dev.linear(big.dev.rows(1, m + 1), w.dev, b.dev, null, 0f, z.dev, z.dev, m, n, k);
            close("linear of a row view", z, 1e-5, 1e-6 * k);
            check("a row view is not given to cuBLASLt", lt.fusedCalls() == calls);
        }
    }

    /** One forward pass; x's first row NaN where there are several, which relu must keep. */
    private static void linearCase(int m, int n, int k, UnaryOp activation, boolean withBias, boolean inPlace) {
        String what = "linear " + m + "x" + n + "x" + k + " " + activation + " bias=" + withBias + " inPlace=" + inPlace;
        try (TensorScope scope = TensorScope.open()) {
            float[] xs = uniform(m * k, -1, 1);
            if (m > 1 && k > 0) {
                xs[0] = Float.NaN;
            }
            Pair x = pair(xs, m, k);
            Pair w = pair(uniform(k * n, -1, 1), k, n);
            Pair b = withBias ? pair(uniform(n, -1, 1), n) : null;
            Pair z = pair(uniform(m * n, -1, 1), m, n);
            Pair y = activation == null || inPlace ? z : empty(m, n);
            ref.linear(x.cpu, w.cpu, b == null ? null : b.cpu, activation, 0f, z.cpu, y.cpu, m, n, k);
            dev.linear(x.dev, w.dev, b == null ? null : b.dev, activation, 0f, z.dev, y.dev, m, n, k);
            close(what + " y", y, 1e-5, 1e-6 * k);
            if (y != z) {
                close(what + " z", z, 1e-5, 1e-6 * k);
            }
        }
    }

    /** One backward pass; dw always asked, with or without dx and db. */
    private static void linearBackwardCase(int m, int n, int k, UnaryOp activation, boolean withDx, boolean withDb) {
        String what = "linear backward " + m + "x" + n + "x" + k + " " + activation + " dx=" + withDx + " db=" + withDb;
        try (TensorScope scope = TensorScope.open()) {
            Pair x = pair(uniform(m * k, -1, 1), m, k);
            Pair w = pair(uniform(k * n, -1, 1), k, n);
            Pair z = pair(uniform(m * n, -1, 1), m, n);
            Pair y = z;
            if (activation != null) {
                y = empty(m, n);
                ref.unary(activation, 0f, z.cpu, y.cpu);
                dev.unary(activation, 0f, z.dev, y.dev);
            }
            Pair dy = pair(uniform(m * n, -1, 1), m, n);
            Pair dz = activation == null ? dy : empty(m, n);
            Pair dx = withDx ? empty(m, k) : null;
            Pair dw = empty(k, n);
            Pair db = withDb ? empty(n) : null;
            ref.linearBackward(x.cpu, w.cpu, activation, 0f, z.cpu, y.cpu, dy.cpu, dz.cpu,
                    dx == null ? null : dx.cpu, dw.cpu, db == null ? null : db.cpu, m, n, k);
            dev.linearBackward(x.dev, w.dev, activation, 0f, z.dev, y.dev, dy.dev, dz.dev,
                    dx == null ? null : dx.dev, dw.dev, db == null ? null : db.dev, m, n, k);
            close(what + " dz", dz, 1e-5, 1e-7);
            if (dx != null) {
                close(what + " dx", dx, 1e-5, 1e-6 * n);
            }
            close(what + " dw", dw, 1e-5, 1e-6 * m);
            if (db != null) {
                close(what + " db", db, 1e-5, 1e-6 * m);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------

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

    private static float[] uniform(int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * RANDOM.nextFloat();
        }
        return v;
    }

    private static float[] ints(int n, int bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = RANDOM.nextInt(bound);
        }
        return v;
    }

    private static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static void check(String what, boolean ok) {
        comparisons++;
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static void close(String what, Pair p, double rtol, double atol) {
        float[] want = p.cpu.toFloatArray();
        float[] got = p.dev.toFloatArray();
        comparisons++;
        for (int i = 0; i < want.length; i++) {
            boolean ok = Float.isNaN(want[i]) ? Float.isNaN(got[i])
                    : Math.abs(want[i] - got[i]) <= atol + rtol * Math.abs(want[i]);
            if (!ok) {
                throw new AssertionError(what + ": element " + i + " is " + want[i] + " on the CPU, " + got[i]
                        + " on the stub device");
            }
        }
    }
}
