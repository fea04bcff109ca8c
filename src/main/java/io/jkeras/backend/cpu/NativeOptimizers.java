package io.jkeras.backend.cpu;

/**
 * The fused optimizer updates of the CPU kernel library ({@code native/cpu/optimizers.c}): the
 * loops of {@link CpuOptimizers} in C over one thread's range of the tensors, bit for bit.
 * Callers check {@link NativeKernels#enabled()} first, which loads the library.
 */
final class NativeOptimizers {
    private NativeOptimizers() {
    }

    static native void sgd(long p, long g, long v, int n, float lr, float momentum, boolean nesterov);

    static native void rmsprop(long p, long g, long acc, int n, float lr, float rho, float eps);

    static native void adagrad(long p, long g, long acc, int n, float lr, float eps);

    static native void adadelta(long p, long g, long acc, long delta, int n, float lr, float rho, float eps);

    static native void adam(long p, long g, long m, long v, long vHat, int n, float lrT, float b1, float b2,
                            float eps);

    static native void adamax(long p, long g, long m, long u, int n, float lrT, float b1, float b2, float eps);

    static native void nadam(long p, long g, long m, long v, int n, float lr, float b1, float b2, float eps,
                             float muT, float muNext, float mScheduleNew, float mScheduleNext, float beta2PowT);
}
