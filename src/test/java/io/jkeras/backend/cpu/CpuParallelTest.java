package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuParallelTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {0, 1, 17, 1000, 65537}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, n));
            CpuParallel.forRange(n, 1, (s, e) -> {
                for (int i = s; i < e; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen.get(i), "index " + i + " of " + n);
            }
            AtomicIntegerArray items = new AtomicIntegerArray(Math.max(1, n));
            CpuParallel.forItems(n, 1, (s, e) -> {
                for (int i = s; i < e; i++) {
                    items.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, items.get(i), "item " + i + " of " + n);
            }
        }
    }

    @Test
    void aFailureInAnyPartReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CpuParallel.forItems(4, 1, (s, end) -> {
            if (end == 4) {
                throw new IllegalStateException("part ending at 4 failed");
            }
        }));
        assertEquals("part ending at 4 failed", e.getMessage());
        // the pool still works afterwards
        AtomicLong sum = new AtomicLong();
        CpuParallel.forRange(100, 1, (s, end) -> {
            for (int i = s; i < end; i++) {
                sum.addAndGet(i);
            }
        });
        assertEquals(4950, sum.get());
    }

    @Test
    void nestedLoopsRunInlineInsteadOfDeadlocking() {
        AtomicLong count = new AtomicLong();
        CpuParallel.forItems(2, 1, (s, e) -> CpuParallel.forRange(1000, 1, (s2, e2) -> count.addAndGet(e2 - s2)));
        assertEquals(2000, count.get());
    }

    @Test
    void whileOnePartRunsLongTheOtherThreadsTakeTheRest() throws InterruptedException {
        assumeTrue(CpuParallel.THREADS >= 2, "needs two threads");
        int parts = CpuParallel.THREADS * CpuParallel.PARTS_PER_THREAD;
        CountDownLatch others = new CountDownLatch(parts - 1);
        AtomicBoolean waitedInVain = new AtomicBoolean();
        // with parts dealt out in advance, the thread holding part 0 would also hold part 1
        CpuParallel.forItems(parts, 1, (s, e) -> {
            for (int p = s; p < e; p++) {
                if (p == 0) {
                    try {
                        waitedInVain.set(!others.await(20, TimeUnit.SECONDS));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    others.countDown();
                }
            }
        });
        assertEquals(0, others.getCount());
        assertTrue(!waitedInVain.get(), "part 0 waited 20 s for parts no other thread took");
    }

    @Test
    void partsAreTheSameWhicheverThreadRunsThem() {
        List<String> first = null;
        for (int run = 0; run < 20; run++) {
            List<String> parts = Collections.synchronizedList(new ArrayList<>());
            CpuParallel.forRange(1000, 1, (s, e) -> parts.add(s + "-" + e));
            List<String> sorted = new ArrayList<>(parts);
            Collections.sort(sorted);
            for (String part : sorted) {
                assertEquals(0, Integer.parseInt(part.substring(0, part.indexOf('-'))) % 16, part);
            }
            if (first == null) {
                first = sorted;
            }
            assertEquals(first, sorted, "run " + run);
        }
        assertTrue(first.size() <= CpuParallel.THREADS * CpuParallel.PARTS_PER_THREAD, first.toString());
    }
}
