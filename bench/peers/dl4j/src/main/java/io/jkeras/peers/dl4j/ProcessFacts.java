package io.jkeras.peers.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What Linux says about this process and its CPU: peak resident set, mapped shared libraries, CPU model and flags. */
final class ProcessFacts {
    private ProcessFacts() {
    }

    /** VmHWM from /proc/self/status in MiB, or -1 where it cannot be read. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Math.round(Long.parseLong(kb) / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Resets VmHWM to the current resident set (writing 5 to /proc/self/clear_refs, Linux 4.0+), so each
     * workload's peak_rss_mb is its own and not the largest earlier one's; false where the kernel refuses.
     */
    static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A field of the first processor in /proc/cpuinfo ("model name", "flags"), or "unknown". */
    static String cpuInfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(field)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown: " + e.getClass().getSimpleName();
        }
        return "unknown";
    }

    /** The path of the first mapped file whose name contains {@code fragment}, or "not mapped". */
    static String mappedLibrary(String fragment) {
        try {
            List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
            for (String line : maps) {
                int slash = line.indexOf('/');
                if (slash >= 0) {
                    String path = line.substring(slash);
                    if (Path.of(path).getFileName().toString().contains(fragment)) {
                        return path;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unreadable: " + e.getClass().getSimpleName();
        }
        return "not mapped";
    }
}
