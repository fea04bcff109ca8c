package io.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryPoolTest {

    /** A raw allocator over a fake address space with a capacity, counting calls. */
    static final class FakeRaw implements RawAllocator {
        final long capacity;
        long used;
        long next = 1L << 20;
        int allocs;
        int frees;
        int syncs;
        final Map<Long, Long> live = new HashMap<>();

        FakeRaw(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                return 0;
            }
            allocs++;
            used += bytes;
            long a = next;
            next += bytes + 4096;
            live.put(a, bytes);
            return a;
        }

        @Override
        public void free(long address, long bytes) {
            Long b = live.remove(address);
            assertEquals(bytes, b, "freed size differs from allocated size");
            frees++;
            used -= bytes;
        }

        @Override
        public void synchronize() {
            syncs++;
        }

        @Override
        public long[] memoryInfo() {
            return new long[] {capacity - used, capacity};
        }

        @Override
        public String deviceName() {
            return "fake:0";
        }
    }

    @Test
    void roundsToBlocksAndCarvesSmallRequestsFromOneSegment() {
        FakeRaw raw = new FakeRaw(1L << 30);
        MemoryPool pool = new MemoryPool(raw);
        MemoryPool.Block a = pool.allocate(1, 0);
        MemoryPool.Block b = pool.allocate(1000, 0);
        assertEquals(512, a.size());
        assertEquals(1024, b.size());
        assertEquals(1, raw.allocs, "both come from one 2 MiB small segment");
        assertEquals(MemoryPool.SMALL_SEGMENT, pool.stats().bytesReserved());
        assertEquals(a.address() + 512, b.address());
        assertEquals(1536, pool.stats().bytesInUse());
    }

    @Test
    void segmentSizesFollowThePolicy() {
        assertEquals(MemoryPool.SMALL_SEGMENT, MemoryPool.segmentSize(512));
        assertEquals(MemoryPool.SMALL_SEGMENT, MemoryPool.segmentSize(1 << 20));
        assertEquals(MemoryPool.LARGE_SEGMENT, MemoryPool.segmentSize((1 << 20) + 512));
        assertEquals(12L << 20, MemoryPool.segmentSize((11L << 20) + 1));
    }

    @Test
    void freedBlocksAreReusedWithoutRawAllocation() {
        FakeRaw raw = new FakeRaw(1L << 30);
        MemoryPool pool = new MemoryPool(raw);
        List<Long> first = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            List<MemoryPool.Block> blocks = new ArrayList<>();
            for (long size : new long[] {4096, 3 << 20, 700, 12 << 20, 64}) {
                blocks.add(pool.allocate(size, 0));
            }
            if (step == 0) {
                blocks.forEach(b -> first.add(b.address()));
            } else {
                for (int i = 0; i < blocks.size(); i++) {
                    assertEquals(first.get(i), blocks.get(i).address(), "same requests get the same addresses");
                }
            }
            blocks.forEach(pool::free);
        }
        // 4096/700/64 share a small segment; 3 MiB takes a 20 MiB segment whose 17 MiB rest serves 12 MiB
        assertEquals(2, raw.allocs, "one small and one large segment, then only reuse");
        assertEquals(0, pool.stats().bytesInUse());
    }

    @Test
    void splitsAndCoalescesNeighbours() {
        FakeRaw raw = new FakeRaw(1L << 30);
        MemoryPool pool = new MemoryPool(raw);
        MemoryPool.Block a = pool.allocate(512, 0);
        MemoryPool.Block b = pool.allocate(512, 0);
        MemoryPool.Block c = pool.allocate(512, 0);
        pool.free(a);
        pool.free(c);
        pool.free(b);
        // everything merged back: the whole segment is one free block again
        MemoryPool.Block whole = pool.allocate(MemoryPool.SMALL_SIZE, 0);
        assertEquals(a.address(), whole.address());
        assertEquals(1, raw.allocs);
        pool.free(whole);
        pool.emptyCache();
        assertEquals(1, raw.frees);
        assertEquals(0, pool.stats().bytesReserved());
    }

    @Test
    void largeBlocksSplitOnlyWhenTheRestIsWorthKeeping() {
        FakeRaw raw = new FakeRaw(1L << 30);
        MemoryPool pool = new MemoryPool(raw);
        MemoryPool.Block big = pool.allocate(2L << 20, 0);
        assertEquals(2L << 20, big.size(), "rest of the 20 MiB segment (18 MiB) is split off");
        MemoryPool.Block next = pool.allocate(19L << 20, 0);
        assertEquals(2, raw.allocs, "19 MiB does not fit the 18 MiB rest");
        pool.free(next);
        MemoryPool.Block almostAll = pool.allocate((20L << 20) - (1L << 20), 0);
        assertEquals(20L << 20, almostAll.size(), "a 1 MiB rest is not worth a split in the large pool");
    }

    @Test
    void blocksAreReusedOnlyByTheirStream() {
        FakeRaw raw = new FakeRaw(1L << 30);
        MemoryPool pool = new MemoryPool(raw);
        MemoryPool.Block a = pool.allocate(4096, 1);
        pool.free(a);
        MemoryPool.Block b = pool.allocate(4096, 2);
        assertNotEquals(a.segmentAddress(), b.segmentAddress());
        assertEquals(2, raw.allocs);
        MemoryPool.Block c = pool.allocate(4096, 1);
        assertEquals(a.address(), c.address());
    }

    @Test
    void crossStreamUseDelaysReuseUntilEventsComplete() {
        FakeRaw raw = new FakeRaw(1L << 30);
        List<boolean[]> events = new ArrayList<>();
        StreamEvents ev = new StreamEvents() {
            @Override
            public Object record(int stream) {
                boolean[] e = {false};
                events.add(e);
                return e;
            }

            @Override
            public boolean isComplete(Object event) {
                return ((boolean[]) event)[0];
            }

            @Override
            public void release(Object event) {
            }
        };
        MemoryPool pool = new MemoryPool(raw, ev);
        MemoryPool.Block a = pool.allocate(1 << 20, 0);
        pool.recordStream(a, 3);
        pool.free(a);
        assertEquals(1, events.size());
        MemoryPool.Block b = pool.allocate(1 << 20, 0);
        assertNotEquals(a.address(), b.address(), "not reusable while stream 3 may still read it");
        pool.free(b);
        events.get(0)[0] = true;
        MemoryPool.Block c = pool.allocate(1 << 20, 0);
        MemoryPool.Block d = pool.allocate(1 << 20, 0);
        assertTrue(c.address() == a.address() || d.address() == a.address(), "reused once the event completed");
    }

    @Test
    void outOfMemoryReleasesCacheRetriesThenFailsWithFigures() {
        FakeRaw raw = new FakeRaw(21L << 20);
        MemoryPool pool = new MemoryPool(raw);
        MemoryPool.Block small = pool.allocate(4096, 0);
        pool.free(small);
        MemoryPool.Block big = pool.allocate(20L << 20, 0);
        assertEquals(1, pool.stats().allocRetries(), "the cached 2 MiB segment was released to make room");
        assertEquals(1, raw.frees);
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> pool.allocate(8L << 20, 0));
        assertTrue(e.getMessage().contains("tried to allocate 8.0 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("20.0 MiB in use"), e.getMessage());
        assertTrue(e.getMessage().contains("fake:0"), e.getMessage());
        assertTrue(raw.syncs >= 1, "synchronised before giving up");
        assertEquals(1, pool.stats().outOfMemory());
        pool.free(big);
        MemoryPool.Block after = pool.allocate(8L << 20, 0);
        assertEquals(8L << 20, after.size());
    }

    @Test
    void statsTrackPeakAndDoubleFreeFails() {
        FakeRaw raw = new FakeRaw(1L << 30);
        MemoryPool pool = new MemoryPool(raw);
        MemoryPool.Block a = pool.allocate(1 << 20, 0);
        MemoryPool.Block b = pool.allocate(1 << 20, 0);
        pool.free(a);
        MemoryStats s = pool.stats();
        assertEquals(2L << 20, s.peakBytesInUse());
        assertEquals(1L << 20, s.bytesInUse());
        pool.resetPeak();
        assertEquals(1L << 20, pool.stats().peakBytesInUse());
        assertThrows(IllegalStateException.class, () -> pool.free(a));
        pool.free(b);
        pool.close();
        assertEquals(0, raw.used);
        assertThrows(IllegalStateException.class, () -> pool.allocate(1, 0));
    }
}
