package io.jkeras.backend.cpu;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendChecks;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryPool;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TransferStats;
import io.jkeras.backend.UnaryOp;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU fallback: tensors in native memory from the shared {@link MemoryPool}, GEMM in the
 * engine {@link GemmEngine} picks (jkeras's AVX-512 sgemm, else OpenBLAS), the optimizer
 * updates, pooling, im2col and most elementwise functions in the CPU kernel library
 * ({@link NativeKernels}) where it loads, everything else in Java over heap chunks (see
 * {@link OffHeap}), split over the cores by {@link CpuParallel}. Work runs synchronously on the calling thread.
 */
public final class CpuBackend implements Backend {
    private final Device device;
    private final MemoryPool pool;
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong uploadBytes = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong downloadBytes = new AtomicLong();

    public CpuBackend(Device device) {
        this.device = device;
        this.pool = new MemoryPool(new CpuRawAllocator());
        CpuBlas.init(Runtime.getRuntime().availableProcessors());
        NativeKernels.checkRequired();
        GemmEngine.current(); // a -Djkeras.cpu.gemm that cannot run fails here, not at the first GEMM
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public MemoryPool pool() {
        return pool;
    }

    /**
     * Copies with both cores when large, in parts of at least {@link CpuElementwise#GRAIN} floats
     * as {@link #uploadRows} does: W1 predict uploads 3.2 MB a batch of 1024, and split it ran at
     * 1.016, 1.031 and 1.047 of one thread's samples/s (medians of 48 alternations each, in one
     * JVM).
     */
    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        int n = dst.size();
        if (srcOffset < 0 || srcOffset + n > src.length) {
            throw new IllegalArgumentException("upload of " + n + " floats from offset " + srcOffset
                    + " overruns an array of " + src.length);
        }
        long address = dst.address();
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> OffHeap.put(src, srcOffset + s, address + 4L * s, e - s));
        uploads.incrementAndGet();
        uploadBytes.addAndGet(4L * n);
    }

    /**
     * Gathers each row straight into dst, with both cores: a batch of shuffled rows is a
     * cache miss a row, and staging it first copied every byte twice (W1 spent 4% of its
     * step here on one thread).
     */
    @Override
    public void uploadRows(float[] src, int rowSize, int[] order, int from, int to, float[] staging, Tensor dst) {
        int rows = to - from;
        if (dst.size() != (long) rows * rowSize) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + rowSize + " floats do not fill "
                    + "a tensor of " + dst.size() + " floats");
        }
        for (int i = from; i < to; i++) {
            if (order[i] < 0 || ((long) order[i] + 1) * rowSize > src.length) {
                throw new IllegalArgumentException("row " + order[i] + " (order[" + i + "]) is outside an array of "
                        + src.length / Math.max(1, rowSize) + " rows");
            }
        }
        long base = dst.address();
        CpuParallel.forRange(rows, Math.max(1, CpuElementwise.GRAIN / Math.max(1, rowSize)), (s, e) -> {
            for (int r = s; r < e; r++) {
                OffHeap.put(src, order[from + r] * rowSize, base + 4L * r * rowSize, rowSize);
            }
        });
        uploads.incrementAndGet();
        uploadBytes.addAndGet(4L * dst.size());
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        int n = src.size();
        if (dstOffset < 0 || dstOffset + n > dst.length) {
            throw new IllegalArgumentException("download of " + n + " floats to offset " + dstOffset
                    + " overruns an array of " + dst.length);
        }
        OffHeap.get(src.address(), dst, dstOffset, n);
        downloads.incrementAndGet();
        downloadBytes.addAndGet(4L * n);
    }

    @Override
    public TransferStats transferStats() {
        return new TransferStats(uploads.get(), uploadBytes.get(), downloads.get(), downloadBytes.get());
    }

    @Override
    public void fill(Tensor dst, float value) {
        CpuElementwise.fill(dst.address(), value, dst.size());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        BackendChecks.sameSize(src, dst, "copy");
        OffHeap.copy(src.address(), dst.address(), 4L * src.size());
    }

    @Override
    public void unary(UnaryOp op, float param, Tensor x, Tensor y) {
        BackendChecks.sameSize(x, y, op.name());
        CpuElementwise.unary(op, param, x.address(), y.address(), x.size());
    }

    @Override
    public void unaryBackward(UnaryOp op, float param, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        BackendChecks.sameSize(x, dx, op.name() + " backward");
        CpuElementwise.unaryBackward(op, param, x.address(), y.address(), dy.address(), dx.address(), x.size());
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] expected = BackendChecks.binary(op, a, b, out);
        CpuElementwise.binary(op, a.address(), a.shape(), b.address(), b.shape(), out.address(), expected);
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor x, float c, boolean scalarFirst, Tensor out) {
        BackendChecks.sameSize(x, out, op.name());
        CpuElementwise.binaryScalar(op, x.address(), c, scalarFirst, out.address(), x.size());
    }

    @Override
    public void clip(Tensor x, float lo, float hi, Tensor out) {
        BackendChecks.sameSize(x, out, "clip");
        CpuElementwise.clip(x.address(), lo, hi, out.address(), x.size());
    }

    @Override
    public void affine(Tensor x, float a, float b, Tensor out) {
        BackendChecks.sameSize(x, out, "affine");
        CpuElementwise.affine(x.address(), a, b, out.address(), x.size());
    }

    @Override
    public void broadcastTo(Tensor x, Tensor out) {
        BackendChecks.broadcastTo(x, out);
        CpuElementwise.binary(null, x.address(), x.shape(), 0, null, out.address(), out.shape());
    }

    @Override
    public void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        BackendChecks.sameSize(condition, out, "where");
        BackendChecks.sameSize(a, out, "where");
        BackendChecks.sameSize(b, out, "where");
        CpuElementwise.where(condition.address(), a.address(), b.address(), out.address(), out.size());
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int outer, int axisLength, int inner, Tensor out) {
        BackendChecks.reduce(x, outer, axisLength, inner, out);
        if (axisLength == 0) {
            CpuElementwise.fill(out.address(), op == ReduceOp.SUM ? 0f : Float.NaN, out.size());
            return;
        }
        CpuReduce.reduce(op, x.address(), outer, axisLength, inner, out.address());
    }

    @Override
    public void transpose(Tensor x, int[] perm, Tensor out) {
        BackendChecks.sameSize(x, out, "transpose");
        CpuReduce.transpose(x.address(), x.shape(), perm, out.address());
    }

    @Override
    public void copyAxis(Tensor x, int xAxisLength, int xStart, Tensor out, int outAxisLength, int outStart,
                         int outer, int length, int inner) {
        CpuReduce.copyAxis(x.address(), xAxisLength, xStart, out.address(), outAxisLength, outStart, outer,
                length, inner);
    }

    @Override
    public void oneHot(Tensor labels, int classes, Tensor out) {
        CpuReduce.oneHot(labels.address(), labels.size(), classes, out.address());
    }

    @Override
    public void inTopK(Tensor predictions, Tensor targets, int k, Tensor out) {
        int classes = predictions.dim(-1);
        CpuReduce.inTopK(predictions.address(), targets.address(), targets.size(), classes, k, out.address());
    }

    @Override
    public void gemm(Tensor a, boolean transA, Tensor b, boolean transB, float alpha, float beta, Tensor c,
                     int m, int n, int k) {
        BackendChecks.gemm(a, b, c, m, n, k);
        CpuBlas.sgemm(transA, transB, m, n, k, alpha, a.address(), b.address(), beta, c.address());
    }

    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, UnaryOp activation, float param, Tensor z, Tensor y,
                       int m, int n, int k) {
        BackendChecks.linear(x, w, bias, activation, z, y, m, n, k);
        CpuBlas.linear(m, n, k, x.address(), w.address(), bias == null ? 0 : bias.address(), activation, param,
                z.address(), activation == null ? 0 : y.address());
    }

    @Override
    public void softmax(Tensor x, Tensor y) {
        BackendChecks.sameSize(x, y, "softmax");
        int cols = x.dim(-1);
        CpuReduce.softmax(x.address(), y.address(), x.size() / Math.max(1, cols), cols, false);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        int cols = y.dim(-1);
        CpuReduce.softmaxBackward(y.address(), dy.address(), dx.address(), y.size() / Math.max(1, cols), cols, false);
    }

    @Override
    public void logSoftmax(Tensor x, Tensor y) {
        BackendChecks.sameSize(x, y, "log_softmax");
        int cols = x.dim(-1);
        CpuReduce.softmax(x.address(), y.address(), x.size() / Math.max(1, cols), cols, true);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        int cols = y.dim(-1);
        CpuReduce.softmaxBackward(y.address(), dy.address(), dx.address(), y.size() / Math.max(1, cols), cols, true);
    }

    @Override
    public void conv2d(Conv2DGeometry g, Tensor x, Tensor kernel, Tensor y) {
        BackendChecks.conv(g, x, kernel, y, "conv2d");
        new CpuConv(g).forward(x.address(), kernel.address(), y.address(), pool);
    }

    @Override
    public void conv2dBackwardInput(Conv2DGeometry g, Tensor dy, Tensor kernel, Tensor dx) {
        BackendChecks.conv(g, dx, kernel, dy, "conv2d backward input");
        new CpuConv(g).backwardInput(dy.address(), kernel.address(), dx.address(), pool);
    }

    @Override
    public void conv2dBackwardKernel(Conv2DGeometry g, Tensor x, Tensor dy, Tensor dKernel) {
        BackendChecks.conv(g, x, dKernel, dy, "conv2d backward kernel");
        new CpuConv(g).backwardKernel(x.address(), dy.address(), dKernel.address(), pool);
    }

    @Override
    public void pool2d(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y) {
        BackendChecks.pool(g, x, y, "pool2d");
        CpuPool.forward(mode, g, x.address(), y.address());
    }

    @Override
    public void pool2dBackward(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        BackendChecks.pool(g, x, y, "pool2d backward");
        BackendChecks.pool(g, dx, dy, "pool2d backward");
        CpuPool.backward(mode, g, x.address(), y.address(), dy.address(), dx.address());
    }

    @Override
    public void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float epsilon, Tensor y, Tensor mean,
                                  Tensor variance) {
        int channels = BackendChecks.batchNorm(x, gamma, beta, mean, variance, y);
        CpuBatchNorm.training(x.address(), gamma.address(), beta.address(), epsilon, y.address(), mean.address(),
                variance.address(), x.size() / channels, channels);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor variance, float epsilon, Tensor dy,
                                  Tensor dx, Tensor dGamma, Tensor dBeta) {
        int channels = BackendChecks.batchNorm(x, gamma, dBeta, mean, variance, dx);
        BackendChecks.sameSize(x, dy, "batchnorm backward");
        BackendChecks.sameSize(gamma, dGamma, "batchnorm backward");
        CpuBatchNorm.backward(x.address(), gamma.address(), mean.address(), variance.address(), epsilon,
                dy.address(), dx.address(), dGamma.address(), dBeta.address(), x.size() / channels, channels);
    }

    @Override
    public void dropout(Tensor x, float rate, long seed, Tensor y) {
        BackendChecks.sameSize(x, y, "dropout");
        CpuNn.dropout(x.address(), rate, seed, y.address(), x.size());
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov) {
        BackendChecks.sameSize(param, grad, "sgd");
        CpuOptimizers.sgd(param.address(), grad.address(), velocity == null ? 0 : velocity.address(), param.size(),
                lr, momentum, nesterov);
    }

    @Override
    public void rmspropUpdate(Tensor param, Tensor grad, Tensor accumulator, float lr, float rho, float epsilon) {
        BackendChecks.sameSize(param, grad, "rmsprop");
        CpuOptimizers.rmsprop(param.address(), grad.address(), accumulator.address(), param.size(), lr, rho, epsilon);
    }

    @Override
    public void adagradUpdate(Tensor param, Tensor grad, Tensor accumulator, float lr, float epsilon) {
        BackendChecks.sameSize(param, grad, "adagrad");
        CpuOptimizers.adagrad(param.address(), grad.address(), accumulator.address(), param.size(), lr, epsilon);
    }

    @Override
    public void adadeltaUpdate(Tensor param, Tensor grad, Tensor accumulator, Tensor deltaAccumulator, float lr,
                               float rho, float epsilon) {
        BackendChecks.sameSize(param, grad, "adadelta");
        CpuOptimizers.adadelta(param.address(), grad.address(), accumulator.address(), deltaAccumulator.address(),
                param.size(), lr, rho, epsilon);
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vHat, float lrT, float beta1,
                           float beta2, float epsilon) {
        BackendChecks.sameSize(param, grad, "adam");
        CpuOptimizers.adam(param.address(), grad.address(), m.address(), v.address(),
                vHat == null ? 0 : vHat.address(), param.size(), lrT, beta1, beta2, epsilon);
    }

    @Override
    public void adamaxUpdate(Tensor param, Tensor grad, Tensor m, Tensor u, float lrT, float beta1, float beta2,
                             float epsilon) {
        BackendChecks.sameSize(param, grad, "adamax");
        CpuOptimizers.adamax(param.address(), grad.address(), m.address(), u.address(), param.size(), lrT, beta1,
                beta2, epsilon);
    }

    @Override
    public void nadamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float epsilon, float muT, float muNext, float mScheduleNew, float mScheduleNext,
                            float beta2PowT) {
        BackendChecks.sameSize(param, grad, "nadam");
        CpuOptimizers.nadam(param.address(), grad.address(), m.address(), v.address(), param.size(), lr, beta1, beta2,
                epsilon, muT, muNext, mScheduleNew, mScheduleNext, beta2PowT);
    }

    @Override
    public void synchronize() {
        // Kernels run synchronously on the calling thread.
    }

    @Override
    public void close() {
        pool.close();
    }

    /** One line on what runs the CPU backend's work here: threads, GEMM library, kernels. */
    public static String describe() {
        String gemm = GemmEngine.describe();
        String kernels = NativeKernels.enabled() ? "kernels in the CPU kernel library (native/cpu)"
                : "kernels in Java" + (NativeKernels.unavailableReason() == null ? ""
                        : " (kernel library not used: " + NativeKernels.unavailableReason() + ")");
        return CpuParallel.THREADS + " threads, " + gemm + ", " + kernels;
    }

    @Override
    public String toString() {
        return "CpuBackend[" + CpuParallel.THREADS + " threads]";
    }
}
