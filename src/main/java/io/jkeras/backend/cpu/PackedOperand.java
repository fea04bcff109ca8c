package io.jkeras.backend.cpu;

import java.lang.ref.Cleaner;

/**
 * The calling thread's native buffer for an operand packed once and read by every thread of a
 * split GEMM ({@link CpuBlas}). It grows to the largest request seen and is never shrunk, so
 * steady-state steps allocate nothing; it is freed once its thread is gone (a Cleaner, as the
 * JDK frees direct buffers). One per thread, because two threads may run GEMMs at once (a
 * model on a data-loading worker): a GEMM's caller waits for its loop to end, so its buffer is
 * never read by two GEMMs at a time.
 */
final class PackedOperand {
    /** Cache-line alignment: the packed panels are read with 64-byte vector loads. */
    private static final int ALIGN = 64;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<PackedOperand> LOCAL = ThreadLocal.withInitial(PackedOperand::new);

    /** Holds the raw allocation for the Cleaner, which must not reach the PackedOperand itself. */
    private static final class Memory implements Runnable {
        long raw;

        @Override
        public void run() {
            if (raw != 0) {
                OffHeap.free(raw);
                raw = 0;
            }
        }
    }

    private final Memory memory = new Memory();
    private long floats;

    private PackedOperand() {
        CLEANER.register(this, memory);
    }

    /** The calling thread's buffer, 64-byte aligned, with room for at least {@code n} floats. */
    static long of(long n) {
        return LOCAL.get().reserve(n);
    }

    private long reserve(long n) {
        if (n > floats) {
            long raw = OffHeap.allocate(4 * n + ALIGN);
            memory.run();
            memory.raw = raw;
            floats = n;
        }
        return (memory.raw + ALIGN - 1) & -ALIGN;
    }
}
