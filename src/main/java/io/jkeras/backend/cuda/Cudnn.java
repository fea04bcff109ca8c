package io.jkeras.backend.cuda;

import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FMA_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_TENSOR_NCHW;
import static org.bytedeco.cuda.global.cudnn.CUDNN_TENSOR_NHWC;
import static org.bytedeco.cuda.global.cudnn.cudnnCreate;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateFilterDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroy;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyFilterDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnGetErrorString;
import static org.bytedeco.cuda.global.cudnn.cudnnSetFilter4dDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetStream;
import static org.bytedeco.cuda.global.cudnn.cudnnSetTensor4dDescriptor;

import io.jkeras.backend.MemoryPool;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One cuDNN handle as the CUDA backend uses it: bound to the backend's single stream (so
 * cuDNN work is ordered with our kernels and cuBLAS, and a pool block freed after a call is
 * safe to hand out again), with its workspaces taken from the backend's {@link MemoryPool}
 * per call, so cuDNN allocates no device memory of its own in a step.
 *
 * <p>cuDNN 9's legacy calls (convolution, pooling, batch normalisation; deprecated in 9.x
 * in favour of the graph API but present and stable, gpu-runtime-notes 5.1) through the
 * JavaCPP preset, with the library loaded by {@link CudaProbe} first. Every status goes
 * through {@link #check}, which names the call and cuDNN's own message.
 *
 * <p>Device layout: NHWC. Keras's channels_last tensors are row-major (batch, rows, cols,
 * channels), which is exactly cuDNN's NHWC, so activations go to cuDNN as they are, with no
 * transpose in or out: an NCHW device layout would need two more passes over every
 * activation per call (or a second memory layout under the whole backend). NHWC is also the
 * layout cuDNN's tensor-core convolutions are written for (TF32 here; FP16/BF16 later), while
 * for strict float32 cuDNN runs both layouts. Not measured yet: this was written without a
 * GPU, and whether some float32 shapes run faster as NCHW plus transposes is still to be
 * timed on one. Only the filters change order (see {@link CudnnConv}).
 *
 * <p>Precision: with TF32 off (the backend's default) every descriptor asks for
 * {@code CUDNN_FMA_MATH}, which rules out tensor cores, so results are float32 like the
 * CPU's; with TF32 on, {@code CUDNN_DEFAULT_MATH} lets cuDNN use TF32 tensor cores.
 *
 * <p>cuDNN is used only where it beats or matches our own kernels and fits the Backend
 * contract exactly; what stays on our kernels and why is said in {@link CudaBackend}.
 * A handle must not be used by two threads at once: the cuDNN classes lock this object
 * around every call.
 */
final class Cudnn implements AutoCloseable {
    private final CudaDevice device;
    private final MemoryPool pool;
    private final boolean tf32;
    private final boolean benchmark;
    private final cudnnContext handle = new cudnnContext();
    /** Host cells for cuDNN's alpha and beta scalars: 1 and 0, read during each call. */
    private final FloatPointer one = new FloatPointer(1f);
    private final FloatPointer zero = new FloatPointer(0f);
    private boolean closed;

    /**
     * A handle on {@code device}'s stream. {@code benchmark}: pick convolution algorithms by
     * timing them (cudnnFind...Ex) instead of by cuDNN's heuristics; see {@link CudnnConvPlan}.
     * Throws IllegalStateException when cuDNN cannot start on this GPU.
     */
    Cudnn(CudaDevice device, MemoryPool pool, boolean tf32, boolean benchmark) {
        this.device = device;
        this.pool = pool;
        this.tf32 = tf32;
        this.benchmark = benchmark;
        device.enter();
        try {
            check(cudnnCreate(handle), "cudnnCreate");
            check(cudnnSetStream(handle, device.stream()), "cudnnSetStream");
        } catch (IllegalStateException e) {
            if (!handle.isNull()) {
                cudnnDestroy(handle);
                handle.setNull();
            }
            one.close();
            zero.close();
            throw e;
        }
    }

    /** Throws an IllegalStateException naming the call and cuDNN's message unless {@code status} is success. */
    static void check(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed: " + errorName(status) + " (" + status + ")");
        }
    }

    static String errorName(int status) {
        try {
            BytePointer p = cudnnGetErrorString(status);
            return p == null || p.isNull() ? "unknown cuDNN error" : p.getString();
        } catch (LinkageError e) {
            return "cuDNN error";
        }
    }

    cudnnContext handle() {
        return handle;
    }

    CudaDevice device() {
        return device;
    }

    MemoryPool pool() {
        return pool;
    }

    boolean tf32() {
        return tf32;
    }

    boolean benchmark() {
        return benchmark;
    }

    /** The math type every convolution asks for: no tensor cores (strict float32) unless TF32 is on. */
    int mathType() {
        return tf32 ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH;
    }

    FloatPointer one() {
        return one;
    }

    FloatPointer zero() {
        return zero;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The cuDNN handle of " + device.name() + " is closed");
        }
    }

    /** A float32 NHWC tensor descriptor; cuDNN takes the sizes in (n, c, h, w) order whatever the layout. */
    static cudnnTensorStruct tensorNhwc(int n, int c, int h, int w) {
        return tensor(CUDNN_TENSOR_NHWC, n, c, h, w);
    }

    /** A float32 NCHW tensor descriptor: batch normalisation's (1, C, 1, 1) parameters. */
    static cudnnTensorStruct tensorNchw(int n, int c, int h, int w) {
        return tensor(CUDNN_TENSOR_NCHW, n, c, h, w);
    }

    private static cudnnTensorStruct tensor(int format, int n, int c, int h, int w) {
        cudnnTensorStruct d = new cudnnTensorStruct();
        check(cudnnCreateTensorDescriptor(d), "cudnnCreateTensorDescriptor");
        int status = cudnnSetTensor4dDescriptor(d, format, CUDNN_DATA_FLOAT, n, c, h, w);
        if (status != 0) {
            destroy(d);
            check(status, "cudnnSetTensor4dDescriptor(" + n + ", " + c + ", " + h + ", " + w + ")");
        }
        return d;
    }

    /**
     * A float32 filter descriptor of k output and c input channels over an (h, w) window:
     * {@code CUDNN_TENSOR_NHWC} means the memory order (k, h, w, c), "KRSC";
     * {@code CUDNN_TENSOR_NCHW} means (k, c, h, w), "KCRS".
     */
    static cudnnFilterStruct filter(int format, int k, int c, int h, int w) {
        cudnnFilterStruct d = new cudnnFilterStruct();
        check(cudnnCreateFilterDescriptor(d), "cudnnCreateFilterDescriptor");
        int status = cudnnSetFilter4dDescriptor(d, CUDNN_DATA_FLOAT, format, k, c, h, w);
        if (status != 0) {
            destroy(d);
            check(status, "cudnnSetFilter4dDescriptor(" + k + ", " + c + ", " + h + ", " + w + ")");
        }
        return d;
    }

    static void destroy(cudnnTensorStruct d) {
        if (d != null && !d.isNull()) {
            cudnnDestroyTensorDescriptor(d);
            d.setNull();
        }
    }

    static void destroy(cudnnFilterStruct d) {
        if (d != null && !d.isNull()) {
            cudnnDestroyFilterDescriptor(d);
            d.setNull();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.enter();
        int status = cudnnDestroy(handle);
        handle.setNull();
        one.close();
        zero.close();
        check(status, "cudnnDestroy");
    }
}
