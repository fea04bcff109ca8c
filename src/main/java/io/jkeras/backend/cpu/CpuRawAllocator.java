package io.jkeras.backend.cpu;

import io.jkeras.backend.RawAllocator;
import java.util.HashMap;
import java.util.Map;

/**
 * Segments for the CPU pool from the C heap, aligned to 64 bytes so that every block
 * (a multiple of 512 bytes from its segment's start) suits AVX-512 loads.
 */
final class CpuRawAllocator implements RawAllocator {
    private static final long ALIGN = 64;
    private final Map<Long, Long> rawOf = new HashMap<>();

    @Override
    public synchronized long allocate(long bytes) {
        long raw;
        try {
            raw = OffHeap.allocate(bytes + ALIGN);
        } catch (OutOfMemoryError e) {
            return 0;
        }
        long aligned = (raw + ALIGN - 1) & -ALIGN;
        rawOf.put(aligned, raw);
        return aligned;
    }

    @Override
    public synchronized void free(long address, long bytes) {
        Long raw = rawOf.remove(address);
        if (raw == null) {
            throw new IllegalStateException("Free of an address this allocator did not give: 0x" + Long.toHexString(address));
        }
        OffHeap.free(raw);
    }

    @Override
    public String deviceName() {
        return "cpu";
    }
}
