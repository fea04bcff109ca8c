package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.Cudnn.check;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_NOT_SUPPORTED;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardData;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardFilter;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionForward;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.MemoryPool;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.cuda.CudnnConvPlan.Choice;
import io.jkeras.backend.cuda.CudnnConvPlan.Direction;

/**
 * Conv2D forward, input gradient and kernel gradient on cuDNN, over NHWC activations and
 * KRSC filters. One
 * {@link CudnnConvPlan} per geometry, made at the geometry's first call and kept (the most
 * recently used {@link CudnnPlans#MAX_PLANS}), holds the descriptors and each direction's algorithm.
 * Workspaces come from the pool for the call and go back when it is queued: the stream runs
 * in order, so the block's next user runs after cuDNN is done with it.
 *
 * <p>Filters: Keras stores a Conv2D kernel as (kh, kw, in, out), "RSCK"; cuDNN's filters
 * put the output channel first, KRSC for NHWC (or KCRS for NCHW), and a filter descriptor
 * takes no strides. So each call that reads the kernel transposes it, as the
 * (kh*kw*in, out) matrix, into a block from the pool, and the kernel gradient is written
 * KRSC and transposed back; where out or kh*kw*in is 1 the two orders are the same bytes and
 * nothing moves. The transpose is one pass over the kernel, small beside the convolution's
 * pass over the activations. A cached KRSC copy would save it, but would go stale whenever
 * the weights change in place (every optimizer step, {@code Variable.assign}), so every
 * write to device memory, by any kernel, cuBLAS(Lt) call or copy, would have to report to
 * it, and one path that forgets gives silently wrong convolutions; in training the cache
 * would save only the input gradient's transpose anyway (the update between steps makes
 * the forward's copy stale again). Not measured on a GPU yet.
 *
 * <p>Each method returns false, having done nothing, where cuDNN does not run the geometry
 * (asymmetric "same" padding, an empty batch, no algorithm that fits): the caller then runs
 * the im2col + cuBLAS {@link CudaConv}.
 */
final class CudnnConv extends CudnnOp<Conv2DGeometry, CudnnConvPlan> {
    private final CudaBackend be;
    private long transposes;

    CudnnConv(CudaBackend be, Cudnn dnn) {
        super(dnn, "convolutions");
        this.be = be;
    }

    /** {@code y = conv(x, kernel)}; false when cuDNN does not run {@code g}. */
    boolean forward(Conv2DGeometry g, Tensor x, Tensor kernel, Tensor y) {
        return withKernel(g, kernel, Direction.FORWARD, x.address(), y.address(), "cudnnConvolutionForward",
                (plan, c, w, ws) -> cudnnConvolutionForward(dnn.handle(), dnn.one(), plan.x, ptr(x.address()), plan.w,
                        ptr(w), plan.conv, c.algorithm(), ptr(ws), c.workspace(), dnn.zero(), plan.y, ptr(y.address())));
    }

    /** {@code dx} = the gradient of the input; false when cuDNN does not run {@code g}. */
    boolean backwardData(Conv2DGeometry g, Tensor dy, Tensor kernel, Tensor dx) {
        return withKernel(g, kernel, Direction.BACKWARD_DATA, dx.address(), dy.address(), "cudnnConvolutionBackwardData",
                (plan, c, w, ws) -> cudnnConvolutionBackwardData(dnn.handle(), dnn.one(), plan.w, ptr(w), plan.y,
                        ptr(dy.address()), plan.conv, c.algorithm(), ptr(ws), c.workspace(), dnn.zero(), plan.x,
                        ptr(dx.address())));
    }

    /** A cuDNN call reading the kernel: the plan, the chosen algorithm, the KRSC kernel's address, the workspace. */
    private interface KernelCall {
        int run(CudnnConvPlan plan, Choice c, long krsc, MemoryPool.Block workspace);
    }

    /**
     * Runs {@code call} (forward or input gradient: the two that read the kernel) with the
     * kernel in KRSC order and the direction's algorithm and workspace; {@code x} and {@code y}
     * are the input-side and output-side addresses the algorithm search is timed on.
     */
    private boolean withKernel(Conv2DGeometry g, Tensor kernel, Direction d, long x, long y, String name,
                               KernelCall call) {
        synchronized (dnn) {
            CudnnConvPlan plan = plan(g);
            if (plan == null || plan.hasNoAlgorithm(d)) {
                return false;
            }
            MemoryPool.Block krsc = krsc(g, kernel);
            MemoryPool.Block ws = null;
            try {
                long w = krsc == null ? kernel.address() : krsc.address();
                Choice c = plan.choose(d, x, w, y);
                if (c == null) {
                    return false;
                }
                ws = workspace(c);
                plan.useMath(c.mathType());
                if (!ran(call.run(plan, c, w, ws), plan, d, name)) {
                    return false;
                }
            } finally {
                free(ws);
                free(krsc);
            }
            ran();
            return true;
        }
    }

    /**
     * {@code dKernel} = the gradient of the (kh, kw, in, out) kernel: cuDNN writes it in KRSC
     * order into a block from the pool, transposed into dKernel after (no block and no
     * transpose where the two orders are the same bytes); false when cuDNN does not run g.
     */
    boolean backwardFilter(Conv2DGeometry g, Tensor x, Tensor dy, Tensor dKernel) {
        synchronized (dnn) {
            CudnnConvPlan plan = plan(g);
            if (plan == null || plan.hasNoAlgorithm(Direction.BACKWARD_FILTER)) {
                return false;
            }
            int out = g.outChannels();
            int taps = g.kernelH() * g.kernelW() * g.inChannels();
            boolean sameOrder = sameOrder(g);
            MemoryPool.Block krsc = sameOrder ? null : dnn.pool().allocate(4L * dKernel.size(), CudaBackend.STREAM);
            try {
                long dw = sameOrder ? dKernel.address() : krsc.address();
                Choice c = plan.choose(Direction.BACKWARD_FILTER, x.address(), dw, dy.address());
                if (c == null) {
                    return false;
                }
                MemoryPool.Block ws = workspace(c);
                try {
                    plan.useMath(c.mathType());
                    if (!ran(cudnnConvolutionBackwardFilter(dnn.handle(), dnn.one(), plan.x, ptr(x.address()), plan.y,
                            ptr(dy.address()), plan.conv, c.algorithm(), ptr(ws), c.workspace(), dnn.zero(), plan.w,
                            ptr(dw)), plan, Direction.BACKWARD_FILTER, "cudnnConvolutionBackwardFilter")) {
                        return false;
                    }
                } finally {
                    free(ws);
                }
                if (!sameOrder) {
                    be.transpose2d(dw, dKernel.address(), out, taps);
                    transposes++;
                }
            } finally {
                free(krsc);
            }
            ran();
            return true;
        }
    }

    /**
     * True when a convolution call succeeded; false when cuDNN answered NOT_SUPPORTED for the
     * algorithm its own search offered (nothing was launched), after which the direction
     * stays on im2col + cuBLAS: the heuristics rank algorithms without running them, and a
     * layer that falls back is better than a training run that stops. Any other failure
     * throws.
     */
    private static boolean ran(int status, CudnnConvPlan plan, Direction d, String call) {
        if (status == CUDNN_STATUS_NOT_SUPPORTED) {
            plan.markNoAlgorithm(d);
            return false;
        }
        check(status, call);
        return true;
    }

    /** Whether RSCK and KRSC are the same bytes for {@code g}'s kernel (one output channel, or one tap). */
    static boolean sameOrder(Conv2DGeometry g) {
        return g.outChannels() == 1 || g.kernelH() * g.kernelW() * g.inChannels() == 1;
    }

    /** {@code kernel} (RSCK) transposed to KRSC into a block from the pool; null when the orders are the same bytes. */
    private MemoryPool.Block krsc(Conv2DGeometry g, Tensor kernel) {
        if (sameOrder(g)) {
            return null;
        }
        MemoryPool.Block b = dnn.pool().allocate(4L * kernel.size(), CudaBackend.STREAM);
        try {
            be.transpose2d(kernel.address(), b.address(), g.kernelH() * g.kernelW() * g.inChannels(),
                    g.outChannels());
        } catch (RuntimeException e) {
            dnn.pool().free(b);
            throw e;
        }
        transposes++;
        return b;
    }

    /** The plan of {@code g}, made now if needed; null when cuDNN cannot express g. */
    private CudnnConvPlan plan(Conv2DGeometry g) {
        return plan(g, k -> CudnnConvPlan.expressible(k) ? new CudnnConvPlan(dnn, k) : null);
    }

    private MemoryPool.Block workspace(Choice c) {
        return c.workspace() > 0 ? dnn.pool().allocate(c.workspace(), CudaBackend.STREAM) : null;
    }

    private void free(MemoryPool.Block b) {
        if (b != null) {
            dnn.pool().free(b);
        }
    }

    private static DevicePointer ptr(long address) {
        return new DevicePointer(address);
    }

    private static DevicePointer ptr(MemoryPool.Block b) {
        return b == null ? null : new DevicePointer(b.address());
    }

    // ---- for tests ---------------------------------------------------------------------------

    /** Kernel transposes made (into KRSC, and of kernel gradients back to RSCK). */
    long transposes() {
        synchronized (dnn) {
            return transposes;
        }
    }
}
