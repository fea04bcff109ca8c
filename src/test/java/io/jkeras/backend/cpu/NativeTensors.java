package io.jkeras.backend.cpu;

import java.util.function.Consumer;

/** Native float tensors for tests that run a CPU kernel once in Java and once in the library. */
final class NativeTensors {
    private NativeTensors() {
    }

    /**
     * Copies each of {@code start} into native memory, runs {@code kernel} on their addresses with
     * the library on or off, and returns every tensor afterwards; frees them all and leaves the
     * library switched as it found it.
     */
    static float[][] run(float[][] start, boolean natively, Consumer<long[]> kernel) {
        boolean was = NativeKernels.enabled();
        NativeKernels.setEnabled(natively);
        long[] a = new long[start.length];
        try {
            for (int t = 0; t < a.length; t++) {
                a[t] = OffHeap.allocate(4L * start[t].length);
                OffHeap.put(start[t], 0, a[t], start[t].length);
            }
            kernel.accept(a);
            float[][] out = new float[a.length][];
            for (int t = 0; t < a.length; t++) {
                out[t] = new float[start[t].length];
                OffHeap.get(a[t], out[t], 0, out[t].length);
            }
            return out;
        } finally {
            NativeKernels.setEnabled(was);
            for (long address : a) {
                if (address != 0) {
                    OffHeap.free(address);
                }
            }
        }
    }
}
