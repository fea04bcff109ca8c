package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRelease;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreateWithFlags;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamNonBlocking;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUstream_st;

/**
 * One GPU as the backend uses it: its primary context (the one the runtime API uses too, so
 * runtime and driver calls share memory and modules) and the single stream, created
 * non-blocking so it never synchronises with the legacy default stream, that every kernel,
 * cuBLAS call and copy of the backend goes to. Work on one stream runs in order, which is
 * what lets the memory pool hand a freed block to the next request at once.
 *
 * <p>Driver calls act on the calling thread's current context, so every entry point calls
 * {@link #enter()} first; a thread-local remembers which context the thread has current, so
 * the JNI call is paid only when it changes.
 */
final class CudaDevice implements AutoCloseable {
    /** The context each thread last made current (0: none yet), and the {@link #epoch} it did so in. */
    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[2]);
    /**
     * Bumped when a device closes: a primary context released to nothing and retained again
     * may come back with the same handle, which no thread has current any more.
     */
    private static volatile long epoch;

    final int index;
    private final int driverDevice;
    private final CUctx_st context = new CUctx_st();
    private final long contextAddress;
    private final CUstream_st stream = new CUstream_st();
    private boolean closed;

    CudaDevice(int index) {
        this.index = index;
        check(cuInit(0), "cuInit");
        // from CUDA 12 on, cudaSetDevice initialises the primary context and makes it current
        check(cudaSetDevice(index), "cudaSetDevice");
        int[] dev = new int[1];
        check(cuDeviceGet(dev, index), "cuDeviceGet");
        driverDevice = dev[0];
        check(cuDevicePrimaryCtxRetain(context, driverDevice), "cuDevicePrimaryCtxRetain");
        contextAddress = context.address();
        forgetCurrent();
        enter();
        check(cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    }

    /**
     * Forgets which context the calling thread has current, after code outside this class
     * (the probe's cudaSetDevice) may have changed it, so the next {@link #enter()} sets it.
     */
    static void forgetCurrent() {
        CURRENT.get()[0] = 0;
    }

    /** Makes this device's context current on the calling thread, if it is not already. */
    void enter() {
        long[] current = CURRENT.get();
        long now = epoch;
        if (current[0] != contextAddress || current[1] != now) {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            current[0] = contextAddress;
            current[1] = now;
        }
    }

    CUstream_st stream() {
        return stream;
    }

    /** Waits for everything queued on the stream. */
    void synchronize() {
        enter();
        check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        enter();
        check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
        check(cudaStreamDestroy(stream), "cudaStreamDestroy");
        stream.setNull();
        check(cuDevicePrimaryCtxRelease(driverDevice), "cuDevicePrimaryCtxRelease");
        synchronized (CudaDevice.class) {
            epoch++;
        }
    }

    String name() {
        return "cuda:" + index;
    }
}
