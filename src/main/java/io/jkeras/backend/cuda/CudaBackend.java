package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendChecks;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.BroadcastPlan;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryPool;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TransferStats;
import io.jkeras.backend.UnaryOp;
import io.jkeras.backend.cuda.CudaKernels.Kernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CUDA backend: every kernel runs on one NVIDIA GPU, in order on one stream, so a
 * model's weights, gradients, optimizer state and activations stay in device memory
 * between calls and only batches go up and scalars come down.
 *
 * <ul>
 *   <li>Memory: the shared {@link MemoryPool} over cudaMalloc/cudaFree
 *       ({@link CudaRawAllocator}), with CUDA events for cross-stream reuse; nothing is
 *       freed by the garbage collector.</li>
 *   <li>Kernels: our own, from the fatbin of {@code native/} ({@link CudaModule}), with the
 *       signatures of {@link CudaKernels}, launched with one reusable argument block per
 *       thread ({@link KernelArgs}).</li>
 *   <li>GEMM: cuBLAS ({@link CudaBlas}). Dense layers ({@link #linear}, {@link #linearBackward}) on
 *       cuBLASLt ({@link CudaBlasLt}) where an epilogue saves a pass: the bias (and, at
 *       inference, relu) added by the GEMM, the bias gradient summed by the weight gradient's
 *       GEMM; plain cuBLAS and our kernels where cuBLASLt lacks an entry point or a shape, or
 *       when the system property {@value #CUBLASLT_PROPERTY} is false.</li>
 *   <li>Precision: strict float32 (CUBLAS_DEFAULT_MATH, CUBLAS_COMPUTE_32F) unless the
 *       system property {@value #TF32_PROPERTY} is true, which lets cuBLAS (math mode
 *       CUBLAS_TF32_TENSOR_OP_MATH), cuDNN and cuBLASLt (CUBLAS_COMPUTE_32F_FAST_TF32) use TF32
 *       tensor cores on Ampere and later: inputs rounded to a 10-bit mantissa, float32
 *       accumulation, as TensorFlow's {@code enable_tensor_float_32_execution}.</li>
 *   <li>Convolution, pooling and batch normalisation: cuDNN 9 where the probe found it
 *       ({@link Cudnn}, {@link CudnnConv}, {@link CudnnPool}, {@link CudnnBatchNorm}), over
 *       NHWC activations as Keras lays them out; where cuDNN is missing (or turned off with
 *       {@value #CUDNN_PROPERTY}=false) convolution runs as im2col + cuBLAS ({@link CudaConv})
 *       and pooling and batch normalisation on our kernels, said once on standard error.
 *       Geometries cuDNN cannot express (TensorFlow's asymmetric "same" padding) take the
 *       same fallback one call at a time.</li>
 *   <li>Not on cuDNN, on purpose: softmax and the activations (each is one memory-bound
 *       pass, which cuDNN's calls would make too, behind descriptors built per shape, and
 *       cuDNN 9 deprecates its activation calls; there is nothing for cuDNN to win, though
 *       no GPU has timed the two yet), dropout (cuDNN's generator cannot give the mask
 *       our counter-based kernel and the CPU draw from the same seed, which the contract
 *       and the backward pass, recomputing the mask, need), global pooling (a
 *       {@code reduce} over the image axes, one pass like cuDNN's would be), the
 *       max-pooling gradient (ties, see {@link CudnnPool}) and batches cuDNN's batch
 *       normalisation cannot describe (see {@link CudnnBatchNorm}).</li>
 *   <li>Transfers: pinned staging buffers and asynchronous copies ({@link CudaTransfers});
 *       {@link #download} waits for the queued work.</li>
 * </ul>
 * Any thread may call in: the device's primary context is made current on it first.
 * Started by {@link io.jkeras.backend.DeviceSelector} through reflection, after
 * {@link #unavailableReason(int)} said the device is usable, so the CPU path never loads a
 * CUDA class.
 */
public final class CudaBackend implements Backend {
    /** The pool's number for the backend's single stream. */
    static final int STREAM = 0;
    /** System property: "true" lets GEMMs and convolutions use TF32 tensor cores (default: strict float32). */
    public static final String TF32_PROPERTY = "jkeras.cuda.tf32";
    /** System property: "false" keeps dense layers off cuBLASLt (default: its epilogues are used where they apply). */
    public static final String CUBLASLT_PROPERTY = "jkeras.cuda.cublaslt";
    /** System property: "false" keeps cuDNN out (convolutions on im2col + cuBLAS); default true. */
    public static final String CUDNN_PROPERTY = "jkeras.cuda.cudnn";
    /**
     * System property: how cuDNN's convolution algorithms are chosen, "heuristic" (default:
     * cuDNN's ranking, no timing runs, reproducible) or "benchmark" (each new shape's
     * algorithms are timed once; see {@link CudnnConvPlan}).
     */
    public static final String CUDNN_ALGORITHMS_PROPERTY = "jkeras.cuda.cudnn.algorithms";

    private final Device device;
    private final CudaDevice gpu;
    private final CudaStreamEvents events;
    private final MemoryPool pool;
    private final CudaTransfers transfers;
    private final CudaModule kernels;
    private final CudaBlas blas;
    /** Null: dense layers run unfused on {@link #blas} and our kernels, for the reason in {@link #blasLtOff}. */
    private CudaBlasLt blasLt;
    private String blasLtOff;
    /** The cuDNN parts: all null when cuDNN is not used, {@link #cudnnUnused} says why. */
    private final Cudnn cudnn;
    private final CudnnConv cudnnConv;
    private final CudnnPool cudnnPool;
    private final CudnnBatchNorm cudnnBatchNorm;
    private final String cudnnUnused;
    private final List<KernelArgs> argBlocks = new ArrayList<>();
    private final ThreadLocal<KernelArgs> threadArgs = ThreadLocal.withInitial(this::newArgBlock);
    private volatile boolean closed;

    /**
     * Null when CUDA device {@code index} can run jkeras, else what is missing (driver,
     * runtime, cuBLAS, a capable device, the kernels). Probes once per device and process.
     */
    public static String unavailableReason(int index) {
        return CudaProbe.probe(index).reason();
    }

    /** One line about a usable device (name, compute capability, library versions), else null. */
    public static String describe(int index) {
        return CudaProbe.probe(index).description();
    }

    public CudaBackend(Device device) {
        if (device.kind() != Device.Kind.CUDA) {
            throw new IllegalArgumentException("device must be a CUDA device, got " + device);
        }
        CudaProbe.Result probe = CudaProbe.probe(device.index());
        if (probe.reason() != null) {
            throw new IllegalStateException("Device " + device + " is not usable: " + probe.reason());
        }
        this.device = device;
        List<AutoCloseable> made = new ArrayList<>();
        try {
            gpu = add(made, new CudaDevice(device.index()));
            events = add(made, new CudaStreamEvents(gpu));
            pool = add(made, new MemoryPool(new CudaRawAllocator(gpu), events));
            transfers = add(made, new CudaTransfers(gpu));
            kernels = add(made, new CudaModule(CudaModule.readFatbin()));
            kernels.checkVersion(gpu.stream(), threadArgs.get());
            blas = add(made, new CudaBlas(gpu, pool, probe.computeMajor(), Boolean.getBoolean(TF32_PROPERTY)));
            startBlasLt(probe.computeMajor(), made);
            boolean benchmark = benchmarkAlgorithms();
            String why = Boolean.parseBoolean(System.getProperty(CUDNN_PROPERTY, "true")) ? CudaProbe.cudnnUnavailableReason()
                    : "turned off with -D" + CUDNN_PROPERTY + "=false";
            Cudnn dnn = null;
            if (why == null) {
                try {
                    dnn = add(made, new Cudnn(gpu, pool, blas.tf32(), benchmark));
                } catch (IllegalStateException e) {
                    why = "it did not start: " + e.getMessage();
                }
            }
            cudnn = dnn;
            cudnnUnused = why;
            cudnnConv = dnn == null ? null : add(made, new CudnnConv(this, dnn));
            cudnnPool = dnn == null ? null : add(made, new CudnnPool(dnn));
            cudnnBatchNorm = dnn == null ? null : add(made, new CudnnBatchNorm(this, dnn));
        } catch (RuntimeException e) {
            release(made, e);
            throw e;
        }
        if (cudnnUnused != null && !Boolean.getBoolean("jkeras.quiet")) {
            System.err.println("jkeras: cuDNN is not used on " + device + " (" + cudnnUnused + "); convolutions run as"
                    + " im2col + cuBLAS, pooling and batch normalisation on jkeras's kernels");
        }
    }

    private static boolean benchmarkAlgorithms() {
        String v = System.getProperty(CUDNN_ALGORITHMS_PROPERTY, "heuristic").trim();
        return switch (v) {
            case "heuristic" -> false;
            case "benchmark" -> true;
            default -> throw new IllegalArgumentException("system property " + CUDNN_ALGORITHMS_PROPERTY
                    + " must be heuristic or benchmark, got \"" + v + "\"");
        };
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> made, T resource) {
        made.add(resource);
        return resource;
    }

    /** Closes the argument blocks and {@code made} in reverse order, adding any failure to {@code failure}. */
    private void release(List<AutoCloseable> made, RuntimeException failure) {
        synchronized (argBlocks) {
            for (KernelArgs a : argBlocks) {
                a.close();
            }
            argBlocks.clear();
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                made.get(i).close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private KernelArgs newArgBlock() {
        KernelArgs a = new KernelArgs();
        synchronized (argBlocks) {
            argBlocks.add(a);
        }
        return a;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public MemoryPool pool() {
        return pool;
    }

    @Override
    public int currentStream() {
        return STREAM;
    }

    /** Whether GEMMs may use TF32 tensor cores ({@value #TF32_PROPERTY}). */
    public boolean tf32() {
        return blas.tf32();
    }

    /** Whether convolutions, pooling and batch normalisation run on cuDNN. */
    public boolean usesCudnn() {
        return cudnn != null;
    }

    /** Why cuDNN is not used (null when it is). */
    public String cudnnUnusedReason() {
        return cudnnUnused;
    }

    // the cuDNN parts, for tests (null when cuDNN is not used)

    Cudnn cudnn() {
        return cudnn;
    }

    CudnnConv cudnnConv() {
        return cudnnConv;
    }

    CudnnPool cudnnPool() {
        return cudnnPool;
    }

    CudnnBatchNorm cudnnBatchNorm() {
        return cudnnBatchNorm;
    }

    // ---- transfers ---------------------------------------------------------------------

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        checkOpen();
        int n = dst.size();
        if (srcOffset < 0 || srcOffset + n > src.length) {
            throw new IllegalArgumentException("upload of " + n + " floats from offset " + srcOffset
                    + " overruns an array of " + src.length);
        }
        transfers.upload(src, srcOffset, dst.address(), n);
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        checkOpen();
        int n = src.size();
        if (dstOffset < 0 || dstOffset + n > dst.length) {
            throw new IllegalArgumentException("download of " + n + " floats to offset " + dstOffset
                    + " overruns an array of " + dst.length);
        }
        transfers.download(src.address(), dst, dstOffset, n);
    }

    @Override
    public TransferStats transferStats() {
        return transfers.stats();
    }

    @Override
    public void fill(Tensor dst, float value) {
        fill(dst.address(), value, dst.size());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        BackendChecks.sameSize(src, dst, "copy");
        checkOpen();
        if (src.size() == 0) {
            return;
        }
        gpu.enter();
        check(cudaMemcpyAsync(new DevicePointer(dst.address()), new DevicePointer(src.address()), 4L * src.size(),
                cudaMemcpyDeviceToDevice, gpu.stream()), "cudaMemcpyAsync");
    }

    // ---- elementwise -------------------------------------------------------------------

    @Override
    public void unary(UnaryOp op, float param, Tensor x, Tensor y) {
        BackendChecks.sameSize(x, y, op.name());
        launchItems(args(CudaKernels.UNARY_FORWARD[op.ordinal()]).in(x).out(y).f(param).n(x.size()), x.size());
    }

    @Override
    public void unaryBackward(UnaryOp op, float param, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        BackendChecks.sameSize(x, dx, op.name() + " backward");
        BackendChecks.sameSize(y, dx, op.name() + " backward");
        BackendChecks.sameSize(dy, dx, op.name() + " backward");
        launchItems(args(CudaKernels.UNARY_BACKWARD[op.ordinal()]).in(x).in(y).in(dy).out(dx).f(param).n(x.size()),
                x.size());
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = BackendChecks.binary(op, a, b, out);
        broadcastLaunch(CudaKernels.BINARY[op.ordinal()], a.address(), b.address(), out.address(),
                BroadcastPlan.of(a.shape(), b.shape(), shape));
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor x, float c, boolean scalarFirst, Tensor out) {
        BackendChecks.sameSize(x, out, op.name());
        launchItems(args(CudaKernels.BINARY_SCALAR[op.ordinal()]).in(x).f(c).i(scalarFirst ? 1 : 0).out(out)
                .n(x.size()), x.size());
    }

    @Override
    public void clip(Tensor x, float lo, float hi, Tensor out) {
        BackendChecks.sameSize(x, out, "clip");
        launchItems(args(CudaKernels.CLIP).in(x).f(lo).f(hi).out(out).n(x.size()), x.size());
    }

    @Override
    public void affine(Tensor x, float a, float b, Tensor out) {
        BackendChecks.sameSize(x, out, "affine");
        launchItems(args(CudaKernels.AFFINE).in(x).f(a).f(b).out(out).n(x.size()), x.size());
    }

    @Override
    public void broadcastTo(Tensor x, Tensor out) {
        BackendChecks.broadcastTo(x, out);
        broadcastLaunch(CudaKernels.BROADCAST_TO, x.address(), 0, out.address(),
                BroadcastPlan.of(x.shape(), null, out.shape()));
    }

    @Override
    public void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        BackendChecks.sameSize(condition, out, "where");
        BackendChecks.sameSize(a, out, "where");
        BackendChecks.sameSize(b, out, "where");
        launchItems(args(CudaKernels.WHERE).in(condition).in(a).in(b).out(out).n(out.size()), out.size());
    }

    /**
     * Launches a broadcasting kernel ({@code b == 0}: broadcastTo, which has no second
     * operand). A plan of more axes than the kernels' struct holds (a pattern that alternates
     * between the operands on seven or more axes) runs as one launch per index of its leading
     * axes, each over the last {@link CudaKernels#MAX_RANK} axes.
     */
    private void broadcastLaunch(Kernel kernel, long a, long b, long out, BroadcastPlan plan) {
        int lead = Math.max(0, plan.rank() - CudaKernels.MAX_RANK);
        int inner = 1;
        for (int k = lead; k < plan.rank(); k++) {
            inner *= plan.dims[k];
        }
        int outer = inner == 0 ? 0 : plan.size / inner;
        for (int o = 0; o < Math.max(1, outer); o++) {
            long aOff = 0;
            long bOff = 0;
            for (int k = lead - 1, rest = o; k >= 0; k--) {
                int idx = rest % plan.dims[k];
                rest /= plan.dims[k];
                aOff += (long) idx * plan.aStrides[k];
                bOff += (long) idx * plan.bStrides[k];
            }
            KernelArgs args = args(kernel).in(a + 4 * aOff);
            if (b != 0) {
                args.in(b + 4 * bOff);
            }
            long n = outer == 0 ? 0 : inner;
            launchItems(args.out(out + 4L * o * inner).n(n).broadcast(plan, lead), n);
        }
    }

    // ---- reductions and layout ---------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Tensor x, int outer, int axisLength, int inner, Tensor out) {
        BackendChecks.reduce(x, outer, axisLength, inner, out);
        if (axisLength == 0) {
            // as the CPU: the sum of nothing is 0, every other reduction of nothing is undefined
            fill(out, op == ReduceOp.SUM ? 0f : Float.NaN);
            return;
        }
        launchRows(args(CudaKernels.REDUCE[op.ordinal()]).in(x).out(out).i(outer).i(axisLength).i(inner),
                (long) outer * inner);
    }

    @Override
    public void transpose(Tensor x, int[] perm, Tensor out) {
        BackendChecks.sameSize(x, out, "transpose");
        TransposePlan plan = TransposePlan.of(x.shape(), perm);
        if (plan.isCopy()) {
            copy(x, out);
            return;
        }
        if (plan.rank() > CudaKernels.MAX_RANK) {
            throw new IllegalArgumentException("transpose: permuting " + Arrays.toString(x.shape()) + " by "
                    + Arrays.toString(perm) + " needs " + plan.rank() + " axes after merging, the CUDA kernels take"
                    + " at most " + CudaKernels.MAX_RANK);
        }
        launchItems(args(CudaKernels.TRANSPOSE).in(x).out(out).n(x.size()).transpose(plan), x.size());
    }

    @Override
    public void copyAxis(Tensor x, int xAxisLength, int xStart, Tensor out, int outAxisLength, int outStart,
                         int outer, int length, int inner) {
        if ((long) outer * xAxisLength * inner != x.size() || (long) outer * outAxisLength * inner != out.size()
                || xStart < 0 || outStart < 0 || length < 0 || xStart + length > xAxisLength
                || outStart + length > outAxisLength) {
            throw new IllegalArgumentException("copyAxis: " + length + " positions from " + xStart + " of (" + outer
                    + ", " + xAxisLength + ", " + inner + ") to " + outStart + " of (" + outer + ", " + outAxisLength
                    + ", " + inner + ") do not fit " + x + " and " + out);
        }
        launchItems(args(CudaKernels.COPY_AXIS).in(x).i(xAxisLength).i(xStart).out(out).i(outAxisLength).i(outStart)
                .i(outer).i(length).i(inner), (long) outer * length * inner);
    }

    /**
     * One-hot rows. Unlike the CPU, the labels are not checked here: that would need a copy
     * to the host and a wait in every step. jkeras_kernels.h leaves the row of a label
     * outside [0, classes) undefined (the CPU backend rejects such a label).
     */
    @Override
    public void oneHot(Tensor labels, int classes, Tensor out) {
        if ((long) labels.size() * classes != out.size()) {
            throw new IllegalArgumentException("oneHot: " + labels.size() + " labels of " + classes
                    + " classes need " + (long) labels.size() * classes + " outputs, " + out + " has " + out.size());
        }
        launchItems(args(CudaKernels.ONE_HOT).in(labels).out(out).i(labels.size()).i(classes), out.size());
    }

    @Override
    public void inTopK(Tensor predictions, Tensor targets, int k, Tensor out) {
        int classes = predictions.dim(-1);
        int n = targets.size();
        if ((long) n * classes != predictions.size() || out.size() != n) {
            throw new IllegalArgumentException("inTopK: " + n + " targets need predictions of " + n + " x " + classes
                    + " and " + n + " outputs; got " + predictions + " and " + out);
        }
        launchItems(args(CudaKernels.IN_TOP_K).in(predictions).in(targets).out(out).i(n).i(classes).i(k), n);
    }

    // ---- linear algebra and networks ---------------------------------------------------

    @Override
    public void gemm(Tensor a, boolean transA, Tensor b, boolean transB, float alpha, float beta, Tensor c,
                     int m, int n, int k) {
        BackendChecks.gemm(a, b, c, m, n, k);
        gemm(transA, transB, m, n, k, alpha, a.address(), b.address(), beta, c.address());
    }

    /**
     * The dense layer's forward pass with the bias (and relu at inference, where cuBLASLt's
     * relu keeps NaN) in cuBLASLt's epilogue ({@link #linearOnBlasLt}); otherwise, and
     * without a bias, the SPI's unfused sequence: broadcast, cuBLAS GEMM onto it, activation.
     */
    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, UnaryOp activation, float param, Tensor z, Tensor y,
                       int m, int n, int k) {
        BackendChecks.linear(x, w, bias, activation, z, y, m, n, k);
        checkOpen();
        if (!linearOnBlasLt(x, w, bias, activation, param, z, y, m, n, k)) {
            Backend.super.linear(x, w, bias, activation, param, z, y, m, n, k);
        }
    }

    /**
     * The dense layer's gradients with the bias gradient summed by the weight gradient's GEMM
     * on cuBLASLt ({@link #weightGradientOnBlasLt}); the rest as the SPI's default.
     */
    @Override
    public void linearBackward(Tensor x, Tensor w, UnaryOp activation, float param, Tensor z, Tensor y, Tensor dy,
                               Tensor dz, Tensor dx, Tensor dw, Tensor db, int m, int n, int k) {
        BackendChecks.linearBackward(x, w, activation, z, y, dy, dz, dx, dw, db, m, n, k);
        checkOpen();
        if (blasLt == null || dw == null || db == null) {
            Backend.super.linearBackward(x, w, activation, param, z, y, dy, dz, dx, dw, db, m, n, k);
            return;
        }
        if (activation != null) {
            unaryBackward(activation, param, z, y, dy, dz);
        }
        if (dx != null) {
            gemm(false, true, m, k, n, 1f, dz.address(), w.address(), 0f, dx.address());
        }
        if (!weightGradientOnBlasLt(x, dz, dw, db, m, n, k)) {
            gemm(true, false, k, n, m, 1f, x.address(), dz.address(), 0f, dw.address());
            reduce(ReduceOp.SUM, dz, 1, m, n, db);
        }
    }

    @Override
    public void softmax(Tensor x, Tensor y) {
        BackendChecks.sameSize(x, y, "softmax");
        softmaxRows(CudaKernels.SOFTMAX_FORWARD, x, y);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        softmaxBackwardRows(CudaKernels.SOFTMAX_BACKWARD, y, dy, dx, "softmax backward");
    }

    @Override
    public void logSoftmax(Tensor x, Tensor y) {
        BackendChecks.sameSize(x, y, "log_softmax");
        softmaxRows(CudaKernels.LOG_SOFTMAX_FORWARD, x, y);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        softmaxBackwardRows(CudaKernels.LOG_SOFTMAX_BACKWARD, y, dy, dx, "log_softmax backward");
    }

    private void softmaxRows(Kernel kernel, Tensor x, Tensor y) {
        int cols = x.dim(-1);
        int rows = x.size() / Math.max(1, cols);
        if (cols == 0) {
            return;
        }
        launchRows(args(kernel).in(x).out(y).i(rows).i(cols), rows);
    }

    private void softmaxBackwardRows(Kernel kernel, Tensor y, Tensor dy, Tensor dx, String what) {
        BackendChecks.sameSize(y, dy, what);
        BackendChecks.sameSize(y, dx, what);
        int cols = y.dim(-1);
        int rows = y.size() / Math.max(1, cols);
        if (cols == 0) {
            return;
        }
        launchRows(args(kernel).in(y).in(dy).out(dx).i(rows).i(cols), rows);
    }

    @Override
    public void conv2d(Conv2DGeometry g, Tensor x, Tensor kernel, Tensor y) {
        BackendChecks.conv(g, x, kernel, y, "conv2d");
        checkOpen();
        if (cudnnConv == null || !cudnnConv.forward(g, x, kernel, y)) {
            new CudaConv(this, g).forward(x.address(), kernel.address(), y.address());
        }
    }

    @Override
    public void conv2dBackwardInput(Conv2DGeometry g, Tensor dy, Tensor kernel, Tensor dx) {
        BackendChecks.conv(g, dx, kernel, dy, "conv2d backward input");
        checkOpen();
        if (cudnnConv == null || !cudnnConv.backwardData(g, dy, kernel, dx)) {
            new CudaConv(this, g).backwardInput(dy.address(), kernel.address(), dx.address());
        }
    }

    @Override
    public void conv2dBackwardKernel(Conv2DGeometry g, Tensor x, Tensor dy, Tensor dKernel) {
        BackendChecks.conv(g, x, dKernel, dy, "conv2d backward kernel");
        checkOpen();
        if (cudnnConv == null || !cudnnConv.backwardFilter(g, x, dy, dKernel)) {
            new CudaConv(this, g).backwardKernel(x.address(), dy.address(), dKernel.address());
        }
    }

    @Override
    public void pool2d(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y) {
        BackendChecks.pool(g, x, y, "pool2d");
        checkOpen();
        if (cudnnPool != null && cudnnPool.forward(mode, g, x, y)) {
            return;
        }
        Kernel kernel = mode == PoolMode.MAX ? CudaKernels.MAX_POOL_FORWARD : CudaKernels.AVG_POOL_FORWARD;
        launchItems(args(kernel).in(x).out(y).conv(g), y.size());
    }

    @Override
    public void pool2dBackward(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        BackendChecks.pool(g, x, y, "pool2d backward");
        BackendChecks.pool(g, dx, dy, "pool2d backward");
        checkOpen();
        if (cudnnPool != null && cudnnPool.backward(mode, g, x, y, dy, dx)) {
            return;
        }
        // dx is written whole, in gather form: one work item per input cell
        if (mode == PoolMode.MAX) {
            launchItems(args(CudaKernels.MAX_POOL_BACKWARD).in(x).in(y).in(dy).out(dx).conv(g), dx.size());
        } else {
            launchItems(args(CudaKernels.AVG_POOL_BACKWARD).in(dy).out(dx).conv(g), dx.size());
        }
    }

    @Override
    public void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float epsilon, Tensor y, Tensor mean,
                                  Tensor variance) {
        int channels = BackendChecks.batchNorm(x, gamma, beta, mean, variance, y);
        int rows = x.size() / channels;
        if (rows == 0) {
            // as the CPU: the statistics of no rows are undefined
            fill(mean, Float.NaN);
            fill(variance, Float.NaN);
            return;
        }
        checkOpen();
        if (cudnnBatchNorm != null && cudnnBatchNorm.training(x, gamma, beta, epsilon, y, mean, variance, channels)) {
            return;
        }
        launchRows(args(CudaKernels.BATCHNORM_STATS).in(x).out(mean).out(variance).i(rows).i(channels), channels);
        launchItems(args(CudaKernels.BATCHNORM_FORWARD).in(x).in(gamma).in(beta).in(mean).in(variance).f(epsilon)
                .out(y).i(rows).i(channels), x.size());
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor variance, float epsilon, Tensor dy,
                                  Tensor dx, Tensor dGamma, Tensor dBeta) {
        int channels = BackendChecks.batchNorm(x, gamma, dBeta, mean, variance, dx);
        BackendChecks.sameSize(x, dy, "batchnorm backward");
        BackendChecks.sameSize(gamma, dGamma, "batchnorm backward");
        int rows = x.size() / channels;
        if (rows == 0) {
            fill(dGamma, 0f);
            fill(dBeta, 0f);
            return;
        }
        checkOpen();
        if (cudnnBatchNorm != null
                && cudnnBatchNorm.backward(x, gamma, mean, variance, epsilon, dy, dx, dGamma, dBeta, channels)) {
            return;
        }
        launchRows(args(CudaKernels.BATCHNORM_BACKWARD_REDUCE).in(x).in(dy).in(mean).in(variance).f(epsilon)
                .out(dGamma).out(dBeta).i(rows).i(channels), channels);
        launchItems(args(CudaKernels.BATCHNORM_BACKWARD).in(x).in(gamma).in(mean).in(variance).f(epsilon).in(dy)
                .in(dGamma).in(dBeta).out(dx).i(rows).i(channels), x.size());
    }

    /**
     * Our counter-based kernel, never cuDNN's dropout: cuDNN draws its mask from a generator
     * state of its own, so the same seed would not give the mask the CPU draws, and the
     * contract (and the backward pass, which recomputes the mask) needs exactly that.
     */
    @Override
    public void dropout(Tensor x, float rate, long seed, Tensor y) {
        BackendChecks.sameSize(x, y, "dropout");
        launchItems(args(CudaKernels.DROPOUT).in(x).out(y).f(rate).seed(seed).n(x.size()), x.size());
    }

    // ---- optimizer updates -------------------------------------------------------------

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov) {
        slots("sgd", param, grad, velocity);
        if (velocity == null) {
            launchItems(args(CudaKernels.SGD).out(param).in(grad).f(lr).n(param.size()), param.size());
        } else {
            launchItems(args(CudaKernels.SGD_MOMENTUM).out(param).in(grad).out(velocity).f(lr).f(momentum)
                    .i(nesterov ? 1 : 0).n(param.size()), param.size());
        }
    }

    @Override
    public void rmspropUpdate(Tensor param, Tensor grad, Tensor accumulator, float lr, float rho, float epsilon) {
        slots("rmsprop", param, grad, accumulator);
        launchItems(args(CudaKernels.RMSPROP).out(param).in(grad).out(accumulator).f(lr).f(rho).f(epsilon)
                .n(param.size()), param.size());
    }

    @Override
    public void adagradUpdate(Tensor param, Tensor grad, Tensor accumulator, float lr, float epsilon) {
        slots("adagrad", param, grad, accumulator);
        launchItems(args(CudaKernels.ADAGRAD).out(param).in(grad).out(accumulator).f(lr).f(epsilon).n(param.size()),
                param.size());
    }

    @Override
    public void adadeltaUpdate(Tensor param, Tensor grad, Tensor accumulator, Tensor deltaAccumulator, float lr,
                               float rho, float epsilon) {
        slots("adadelta", param, grad, accumulator, deltaAccumulator);
        launchItems(args(CudaKernels.ADADELTA).out(param).in(grad).out(accumulator).out(deltaAccumulator).f(lr).f(rho)
                .f(epsilon).n(param.size()), param.size());
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vHat, float lrT, float beta1,
                           float beta2, float epsilon) {
        slots("adam", param, grad, m, v, vHat);
        KernelArgs a = vHat == null
                ? args(CudaKernels.ADAM).out(param).in(grad).out(m).out(v)
                : args(CudaKernels.ADAM_AMSGRAD).out(param).in(grad).out(m).out(v).out(vHat);
        launchItems(a.f(lrT).f(beta1).f(beta2).f(epsilon).n(param.size()), param.size());
    }

    @Override
    public void adamaxUpdate(Tensor param, Tensor grad, Tensor m, Tensor u, float lrT, float beta1, float beta2,
                             float epsilon) {
        slots("adamax", param, grad, m, u);
        launchItems(args(CudaKernels.ADAMAX).out(param).in(grad).out(m).out(u).f(lrT).f(beta1).f(beta2).f(epsilon)
                .n(param.size()), param.size());
    }

    @Override
    public void nadamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float epsilon, float muT, float muNext, float mScheduleNew, float mScheduleNext,
                            float beta2PowT) {
        slots("nadam", param, grad, m, v);
        launchItems(args(CudaKernels.NADAM).out(param).in(grad).out(m).out(v).f(lr).f(beta1).f(beta2).f(epsilon)
                .f(muT).f(muNext).f(mScheduleNew).f(mScheduleNext).f(beta2PowT).n(param.size()), param.size());
    }

    /** The gradient and every slot (null ones skipped) must match the parameter: the kernel reads all of them. */
    private static void slots(String what, Tensor param, Tensor... others) {
        for (Tensor t : others) {
            if (t != null) {
                BackendChecks.sameSize(param, t, what);
            }
        }
    }

    // ---- lifetime ----------------------------------------------------------------------

    @Override
    public void synchronize() {
        checkOpen();
        gpu.synchronize();
    }

    /** Frees everything the backend holds; tensors of this backend must not be used afterwards. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        RuntimeException failure = new IllegalStateException("Closing the CUDA backend of " + device + " failed");
        try {
            gpu.synchronize();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        // the reverse of the constructor's order: cuDNN's, cuBLASLt's and cuBLAS's blocks go back before the pool closes
        List<AutoCloseable> resources = new ArrayList<>(List.of(gpu, events, pool, transfers, kernels, blas));
        addBlasLt(resources);
        for (AutoCloseable c : new AutoCloseable[] {cudnn, cudnnConv, cudnnPool, cudnnBatchNorm}) {
            if (c != null) {
                resources.add(c);
            }
        }
        release(resources, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "CudaBackend[" + device + (cudnn != null ? ", cuDNN" : "") + (blas.tf32() ? ", tf32" : "") + "]";
    }

    // ---- cuBLASLt ------------------------------------------------------------------------

    /**
     * Opens cuBLASLt for the dense layers unless {@value #CUBLASLT_PROPERTY} is false. Where it
     * cannot be used (an entry point missing, a failed self-check, an error while starting)
     * the reason is kept in {@link #blasLtOff} and dense layers run unfused: cuBLASLt is an
     * optimisation, never a reason for the backend not to start.
     */
    private void startBlasLt(int computeMajor, List<AutoCloseable> made) {
        if (!Boolean.parseBoolean(System.getProperty(CUBLASLT_PROPERTY, "true"))) {
            blasLtOff = "the system property " + CUBLASLT_PROPERTY + " is false";
            return;
        }
        CudaBlasLt lt;
        try {
            lt = new CudaBlasLt(gpu, pool, computeMajor, blas.tf32());
        } catch (RuntimeException e) {
            blasLtOff = "starting cuBLASLt failed: " + e.getMessage();
            return;
        }
        if (lt.disabledReason() != null) {
            blasLtOff = lt.disabledReason();
            lt.close();
            return;
        }
        blasLt = add(made, lt);
    }

    /** Adds cuBLASLt, when open, to the resources {@link #close} releases (after the pool's users, before the pool). */
    private void addBlasLt(List<AutoCloseable> resources) {
        if (blasLt != null) {
            resources.add(blasLt);
        }
    }

    /**
     * {@link #linear} on cuBLASLt: {@code z = x w + bias} with the BIAS epilogue, relu too
     * (RELU_BIAS, or RELU without a bias) at inference (y is z) where cuBLASLt's relu keeps
     * NaN; any other activation is our kernel from z into y afterwards. False, with nothing
     * done, where that saves nothing (no bias and no fusable relu: plain cuBLAS is as fast)
     * or cuBLASLt cannot (no cuBLASLt, a shape it has no algorithm for, an unaligned view).
     */
    private boolean linearOnBlasLt(Tensor x, Tensor w, Tensor bias, UnaryOp activation, float param, Tensor z,
                                   Tensor y, int m, int n, int k) {
        if (blasLt == null) {
            return false;
        }
        boolean fuseRelu = activation == UnaryOp.RELU && y == z && blasLt.reluKeepsNaN();
        if (bias == null && !fuseRelu) {
            return false;
        }
        if (!blasLt.forward(m, n, k, x.address(), w.address(), bias == null ? 0 : bias.address(), fuseRelu,
                z.address())) {
            return false;
        }
        if (activation != null && !fuseRelu) {
            unary(activation, param, z, y);
        }
        return true;
    }

    /** {@code dw = x^T dz} and {@code db} in one cuBLASLt GEMM (BGRADA); false, with nothing done, where it cannot. */
    private boolean weightGradientOnBlasLt(Tensor x, Tensor dz, Tensor dw, Tensor db, int m, int n, int k) {
        return blasLt.weightGradient(m, n, k, x.address(), dz.address(), dw.address(), db.address());
    }

    /** The cuBLASLt of the dense layers, or null (then {@link #blasLtOff()} says why); for tests. */
    CudaBlasLt blasLt() {
        return blasLt;
    }

    /**
     * Another cuBLASLt on this backend's device, stream and pool, with the given precision,
     * for tests that compare precisions on one device; the caller closes it before the backend.
     */
    CudaBlasLt openBlasLt(boolean tf32) {
        checkOpen();
        return new CudaBlasLt(gpu, pool, CudaProbe.probe(device.index()).computeMajor(), tf32);
    }

    /** Why dense layers do not use cuBLASLt, or null when they do. */
    String blasLtOff() {
        return blasLtOff;
    }

    // ---- for CudaConv and the methods above ---------------------------------------------

    /** The calling thread's argument block, started for {@code kernel}, with the context current. */
    KernelArgs args(Kernel kernel) {
        checkOpen();
        gpu.enter();
        return threadArgs.get().begin(kernel);
    }

    void launchItems(KernelArgs args, long items) {
        kernels.launchItems(args, items, gpu.stream());
    }

    void launchRows(KernelArgs args, long rows) {
        kernels.launchRows(args, rows, gpu.stream());
    }

    /** Row-major {@code dst (cols, rows) = src (rows, cols)} transposed, on device addresses. */
    void transpose2d(long src, long dst, int rows, int cols) {
        long n = (long) rows * cols;
        if (n == 0) {
            return;
        }
        TransposePlan plan = TransposePlan.of(new int[] {rows, cols}, new int[] {1, 0});
        if (plan.isCopy()) {
            gpu.enter();
            check(cudaMemcpyAsync(new DevicePointer(dst), new DevicePointer(src), 4L * n, cudaMemcpyDeviceToDevice,
                    gpu.stream()), "cudaMemcpyAsync");
            return;
        }
        launchItems(args(CudaKernels.TRANSPOSE).in(src).out(dst).n(n).transpose(plan), n);
    }

    void fill(long address, float value, long n) {
        launchItems(args(CudaKernels.FILL).out(address).f(value).n(n), n);
    }

    /**
     * Row-major GEMM on device addresses. With nothing to sum (k = 0), c becomes beta * c, as
     * BLAS defines it, without calling cuBLAS.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta, long c) {
        checkOpen();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            long size = (long) m * n;
            if (beta == 0f) {
                fill(c, 0f, size);
            } else {
                launchItems(args(CudaKernels.AFFINE).in(c).f(beta).f(0f).out(c).n(size), size);
            }
            return;
        }
        blas.sgemm(transA, transB, m, n, k, alpha, a, b, beta, c);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The CUDA backend of " + device + " is closed");
        }
    }
}
