package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cublas.CUBLAS_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_TF32_TENSOR_OP_MATH;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetMathMode;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetWorkspace_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;

import io.jkeras.backend.MemoryPool;
import java.nio.ByteBuffer;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Row-major single-precision GEMM on cuBLAS, which is column-major. A row-major (r, c)
 * buffer is the column-major (c, r) matrix, its transpose; so row-major
 * {@code C = op(A) op(B)} is computed as column-major {@code C^T = op(B)^T op(A)^T}: the
 * operands swap, m and n swap, each keeps its own transpose flag, and every leading
 * dimension is the row length of its row-major buffer (gpu-runtime-notes 4.2).
 *
 * <p>Precision: strict float32 by default ({@code CUBLAS_DEFAULT_MATH}); with
 * {@code tf32} the handle may use TF32 tensor cores (10-bit mantissa inputs, float32
 * accumulation) on Ampere and later, as TensorFlow's {@code enable_tensor_float_32_execution}.
 *
 * <p>One handle, bound to the backend's stream, with a workspace from the backend's pool at
 * a fixed address (set after the stream, which resets it), so cuBLAS allocates nothing of
 * its own in a step. Handles must not be used by two threads at once: calls are serialised.
 * alpha and beta go through two reusable host cells, read by cuBLAS during the call.
 */
final class CudaBlas implements AutoCloseable {
    /** Workspace bytes: cuBLAS's recommendation, 32 MiB on Hopper and later, 4 MiB before. */
    static long workspaceBytes(int computeMajor) {
        return computeMajor >= 9 ? 32L << 20 : 4L << 20;
    }

    private final CudaDevice device;
    private final MemoryPool pool;
    private final cublasContext handle = new cublasContext();
    private final MemoryPool.Block workspace;
    private final FloatPointer alpha = new FloatPointer(1);
    private final FloatPointer beta = new FloatPointer(1);
    private final ByteBuffer alphaCell = alpha.asByteBuffer();
    private final ByteBuffer betaCell = beta.asByteBuffer();
    private final boolean tf32;
    private boolean closed;

    CudaBlas(CudaDevice device, MemoryPool pool, int computeMajor, boolean tf32) {
        this.device = device;
        this.pool = pool;
        this.tf32 = tf32;
        device.enter();
        check(cublasCreate_v2(handle), "cublasCreate_v2");
        check(cublasSetStream_v2(handle, device.stream()), "cublasSetStream_v2");
        long bytes = workspaceBytes(computeMajor);
        workspace = pool.allocate(bytes, CudaBackend.STREAM);
        check(cublasSetWorkspace_v2(handle, new DevicePointer(workspace.address()), bytes), "cublasSetWorkspace_v2");
        check(cublasSetMathMode(handle, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    }

    boolean tf32() {
        return tf32;
    }

    /**
     * Row-major {@code c = alpha * op(a) * op(b) + beta * c} with a (m, k) or (k, m) when
     * transposed, b (k, n) or (n, k), c (m, n), all device addresses.
     */
    synchronized void sgemm(boolean transA, boolean transB, int m, int n, int k, float alphaValue, long a, long b,
                            float betaValue, long c) {
        if (closed) {
            throw new IllegalStateException("The cuBLAS handle of " + device.name() + " is closed");
        }
        if (m == 0 || n == 0) {
            return;
        }
        device.enter();
        alphaCell.putFloat(0, alphaValue);
        betaCell.putFloat(0, betaValue);
        int lda = Math.max(1, transA ? m : k);
        int ldb = Math.max(1, transB ? k : n);
        check(cublasSgemm_v2(handle, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
                n, m, k, alpha, new DeviceFloats(b), ldb, new DeviceFloats(a), lda, beta, new DeviceFloats(c), n),
                "cublasSgemm_v2");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.enter();
        check(cublasDestroy_v2(handle), "cublasDestroy_v2");
        handle.setNull();
        pool.free(workspace);
        alpha.close();
        beta.close();
    }
}
