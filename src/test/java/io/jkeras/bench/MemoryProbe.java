package io.jkeras.bench;

import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory use of one workload: the process's peak resident set (Linux VmHWM) and the device
 * pool's peak bytes in use, both reset when the probe starts, and the pool's raw
 * allocation counter, for allocations per steady-state step. Writing "5" to
 * /proc/self/clear_refs resets VmHWM to the current resident set; where the kernel refuses,
 * the figure is the process's peak so far, and {@link #rssReset()} says so.
 */
final class MemoryProbe {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final MemoryPool pool;
    private final boolean rssReset;

    private MemoryProbe(MemoryPool pool, boolean rssReset) {
        this.pool = pool;
        this.rssReset = rssReset;
    }

    /**
     * Collects garbage and empties the pool's cache first, so that one workload's dead arrays
     * and cached segments do not count in the next one's peak where a process runs several
     * ({@link OurStage}: W1's train and predict, a GPU's whole stage; once all of jkeras's
     * workloads shared one JVM, and W1 of a second round read 1,365 MiB with W5's 600 MiB of
     * cached segments, against 519 MiB in a fresh JVM).
     */
    static MemoryProbe start(Device device) {
        System.gc();
        MemoryPool pool = device.backend().pool();
        pool.emptyCache();
        pool.resetPeak();
        return new MemoryProbe(pool, resetPeakRss());
    }

    /** True when VmHWM was reset at the start; false: {@link #peakRssMb()} is the process's peak. */
    boolean rssReset() {
        return rssReset;
    }

    long rawAllocations() {
        return pool.stats().rawAllocations();
    }

    long peakPoolBytes() {
        return pool.stats().peakBytesInUse();
    }

    /** VmHWM in MiB, or null where /proc is not there. */
    static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return kib(line) / 1024.0;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return null;
    }

    static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The number of a /proc/self/status line such as "VmHWM:    123456 kB". */
    static long kib(String statusLine) {
        String digits = statusLine.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("statusLine: expected \"Name: <n> kB\", got \"" + statusLine + "\"");
        }
        return Long.parseLong(digits);
    }
}
