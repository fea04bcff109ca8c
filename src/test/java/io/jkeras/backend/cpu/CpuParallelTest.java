package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
