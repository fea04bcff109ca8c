package io.jkeras.ops;

import io.jkeras.backend.CounterRng;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one global seed. Every consumer (an initializer, a dropout layer, the shuffling of an
 * epoch) takes the next seed of a counter-based stream, so a program that sets the seed
 * first and builds in the same order gets the same numbers on every run and every device.
 */
public final class RandomSeeds {
    private static volatile long base = System.nanoTime() ^ 0x5DEECE66DL;
    private static final AtomicLong COUNTER = new AtomicLong();

    private RandomSeeds() {
    }

    /** Seeds every random choice made from now on. */
    public static void setSeed(long seed) {
        base = seed;
        COUNTER.set(0);
    }

    /** A fresh seed for one consumer. */
    public static long next() {
        return CounterRng.bits(base, COUNTER.getAndIncrement());
    }
}
