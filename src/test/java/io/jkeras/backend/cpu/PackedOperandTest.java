package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PackedOperandTest {

    @Test
    void aThreadsBufferIsAlignedReusedAndGrown() {
        long first = PackedOperand.of(1000);
        assertEquals(0, first % 64, "64-byte aligned");
        OffHeap.putFloat(first + 4 * 999, 3f);
        assertEquals(3f, OffHeap.getFloat(first + 4 * 999), "all 1000 floats are usable");
        assertEquals(first, PackedOperand.of(10), "a smaller request reuses the buffer");
        long grown = PackedOperand.of(1 << 20);
        assertEquals(0, grown % 64);
        OffHeap.putFloat(grown + 4L * ((1 << 20) - 1), 5f);
        assertEquals(5f, OffHeap.getFloat(grown + 4L * ((1 << 20) - 1)));
        assertEquals(grown, PackedOperand.of(1000), "it never shrinks");
    }

    @Test
    void eachThreadHasItsOwn() throws InterruptedException {
        long mine = PackedOperand.of(4096);
        AtomicLong theirs = new AtomicLong();
        Thread t = new Thread(() -> theirs.set(PackedOperand.of(4096)));
        t.start();
        t.join();
        assertNotEquals(0, theirs.get());
        assertNotEquals(mine, theirs.get(), "two threads' GEMMs never pack into one buffer");
    }
}
