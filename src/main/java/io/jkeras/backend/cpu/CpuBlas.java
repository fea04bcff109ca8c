package io.jkeras.backend.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision GEMM through the OpenBLAS bundled with {@code org.bytedeco:openblas}
 * (its {@code linux-x86_64} classifier). Tensors are already in native memory, so the
 * library reads them in place: passing Java arrays instead would copy them on every call.
 */
final class CpuBlas {
    private CpuBlas() {
    }

    /** A view of native memory at a raw address; allocates nothing native and frees nothing. */
    private static final class AddressPointer extends FloatPointer {
        AddressPointer(long addr) {
            address = addr;
        }
    }

    static void init(int threads) {
        openblas_nolapack.blas_set_num_threads(threads);
    }

    /** Row-major {@code c = alpha * op(a) op(b) + beta * c}. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta,
                      long c) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (beta == 0f) {
                CpuElementwise.fill(c, 0f, m * n);
            } else {
                CpuElementwise.affine(c, beta, 0f, c, m * n);
            }
            return;
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, new AddressPointer(a), transA ? m : k, new AddressPointer(b), transB ? k : n,
                beta, new AddressPointer(c), n);
    }
}
