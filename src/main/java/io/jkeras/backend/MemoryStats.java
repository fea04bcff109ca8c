package io.jkeras.backend;

/**
 * A snapshot of one device's memory pool, taken under the pool's lock.
 *
 * @param bytesInUse      bytes held by live tensors (block sizes after rounding)
 * @param bytesReserved   bytes the pool holds from the system or driver (in use + cached)
 * @param peakBytesInUse  highest {@code bytesInUse} since creation or the last {@link MemoryPool#resetPeak()}
 * @param rawAllocations  how many times the pool asked the system or the driver for memory
 * @param rawFrees        how many segments the pool gave back
 * @param allocRetries    allocations that succeeded only after releasing cached segments
 * @param outOfMemory     allocations that failed even after releasing every cached segment
 */
public record MemoryStats(long bytesInUse, long bytesReserved, long peakBytesInUse,
                          long rawAllocations, long rawFrees, long allocRetries, long outOfMemory) {

    @Override
    public String toString() {
        return String.format("in use %s, reserved %s, peak %s, raw allocations %d, raw frees %d",
                MemoryPool.human(bytesInUse), MemoryPool.human(bytesReserved),
                MemoryPool.human(peakBytesInUse), rawAllocations, rawFrees);
    }
}
