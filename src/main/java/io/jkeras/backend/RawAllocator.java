package io.jkeras.backend;

/**
 * What a device offers the {@link MemoryPool}: whole segments of raw memory. The CPU
 * backend mallocs; the CUDA backend calls cudaMalloc. Tests use a counting fake.
 */
public interface RawAllocator {

    /** @return the segment's address, or 0 when the device has no memory left for it */
    long allocate(long bytes);

    /** Returns a segment obtained from {@link #allocate(long)}. */
    void free(long address, long bytes);

    /** Waits until all work queued on the device may no longer touch freed memory. */
    default void synchronize() {
    }

    /** Free and total bytes of the device, for out-of-memory messages; {@code null} if unknown. */
    default long[] memoryInfo() {
        return null;
    }

    /** A short name of the device for messages, e.g. "cpu" or "cuda:0". */
    String deviceName();
}
