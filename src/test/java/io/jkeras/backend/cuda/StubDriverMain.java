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
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.backend.TransferStats;
import io.jkeras.backend.UnaryOp;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Run by {@link CudaStubDriverTest} in a child JVM whose CUDA libraries are the stubs of
 * {@code stubdriver/}: the CUDA backend's own code (probe, context, pool, transfers, packed
 * launches, cuBLAS mapping, convolution blocks, training loop) against the CPU backend, with
 * C versions of the kernels standing in for the GPU. Prints "STUB DRIVER OK" and exits 0, or
 * prints what differs and exits 1.
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
            if (args.length > 0 && args[0].equals("oom")) {
                outOfMemory();
            } else if (args.length > 0 && args[0].equals("lt")) {
                blasLt(args[1]);
            } else {
                kernels();
                blasLt("fused");
                training();
                closing();
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
        }
    }

    /** An MLP trained on each backend from the same seed; then the residency rule on the stub device. */
    private static void training() {
        float[] cpu = train(Device.cpu(), null);
        float[] gpu = train(Device.cuda(0), dev);
        for (int i = 0; i < cpu.length; i++) {
            if (Math.abs(cpu[i] - gpu[i]) > 1e-5 + 1e-4 * Math.abs(cpu[i])) {
                throw new AssertionError("training: value " + i + " is " + cpu[i] + " on the CPU, " + gpu[i]
                        + " on the stub device");
            }
        }
        comparisons++;
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
            float[] x = new float[batch * 12];
            float[] y = new float[batch * 4];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) r.nextGaussian();
            }
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
            float[] result = new float[values.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = values.get(i);
            }
            return result;
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
