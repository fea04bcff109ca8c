package io.jkeras.bench;

import java.util.List;
import java.util.Map;

/**
 * One benchmark run, as both reports render it.
 *
 * @param date      when it started (ISO local date and time)
 * @param machine   CPU, cores, memory, operating system ({@link MachineInfo#machine})
 * @param versions  Java, jkeras commit, OpenBLAS ({@link MachineInfo#versions})
 * @param settings  repeats, samples, workloads, peer threads
 * @param notes     what was skipped or failed, and how the figures were taken
 */
record BenchReport(String date, Map<String, Object> machine, Map<String, Object> versions,
                   Map<String, Object> settings, List<DeviceResult> devices, List<String> notes) {
}
