package io.jkeras.backend.cuda;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The one check every CUDA, driver and cuBLAS status goes through: a non-zero status throws
 * an {@link IllegalStateException} naming the call and the error. The three APIs number
 * their errors differently, so the call's name picks the table: {@code cublas*} statuses
 * are named by cublasGetStatusName, driver calls ({@code cu} followed by a capital) by
 * cuGetErrorName, runtime calls ({@code cuda*}) by cudaGetErrorName.
 */
final class CudaErrors {
    private CudaErrors() {
    }

    static void check(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed: " + name(status, call) + " (" + status + ")");
        }
    }

    /** The error's symbolic name, e.g. cudaErrorMemoryAllocation or CUDA_ERROR_NO_BINARY_FOR_GPU. */
    static String name(int status, String call) {
        try {
            if (call.startsWith("cublas")) {
                return string(cublas.cublasGetStatusName(status));
            }
            if (isDriverCall(call)) {
                try (PointerPointer<BytePointer> out = new PointerPointer<>(1)) {
                    if (cudart.cuGetErrorName(status, out) != 0 || out.get(0) == null) {
                        return "unknown driver error";
                    }
                    return out.getString(0);
                }
            }
            return string(cudart.cudaGetErrorName(status));
        } catch (LinkageError e) {
            return "error " + status;
        }
    }

    static boolean isDriverCall(String call) {
        return call.length() > 2 && call.startsWith("cu") && Character.isUpperCase(call.charAt(2));
    }

    private static String string(BytePointer p) {
        return p == null || p.isNull() ? "unknown error" : p.getString();
    }
}
