package io.jkeras.backend;

/**
 * One pool block shared by a tensor and its views (reshapes, row slices). The block goes
 * back to the pool when the last holder releases it.
 */
final class Storage {
    final MemoryPool pool;
    final MemoryPool.Block block;
    private int holders = 1;

    Storage(MemoryPool pool, MemoryPool.Block block) {
        this.pool = pool;
        this.block = block;
    }

    synchronized void retain() {
        if (holders <= 0) {
            throw new IllegalStateException("Storage already released: " + block);
        }
        holders++;
    }

    synchronized void release() {
        if (--holders == 0) {
            pool.free(block);
        }
    }
}
