package io.jkeras.backend.cpu;

/**
 * Softmax and log-softmax over matrix rows in the CPU kernel library ({@code native/cpu/softmax.c}):
 * the loop of {@link CpuReduce#softmaxRow} over raw addresses, in place, to the same bits, as
 * vector code. For W5's 512 x 4096 logits on 2 threads: 1.7 ms a call, against 11 ms for the
 * Java loop and about 10 ms for the Java loop before it, on {@link Math#exp}. The library is loaded by
 * {@link NativeKernels}: callers check {@link NativeKernels#enabled()} first, which loads it.
 */
final class NativeSoftmax {
    private NativeSoftmax() {
    }

    /** Softmax (log-softmax where log) of rows [0, rows) of x (rows x cols) into y, which may be x. */
    static native void softmaxRows(long x, long y, int rows, int cols, boolean log);
}
