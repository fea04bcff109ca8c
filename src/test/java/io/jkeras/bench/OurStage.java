package io.jkeras.bench;

import io.jkeras.backend.Device;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jkeras's side of one stage of the benchmark, in a process of its own as each peer's is
 * ({@link OurStageProcess} starts it): the workloads through {@link JkerasWorkloads} on one
 * device, reported in the peer protocol of bench/peers/README.md on stdout, with jkeras's
 * memory figures as extra keys of each figure line and the device's GEMM peak in the header.
 * A fresh process per stage makes each peak resident set that of the stage's own work: run
 * in the harness's JVM, W4 (a 784-512-512-10 MLP at batch 32) read 1,329 MiB after W3's data
 * and heap, against 104 MiB in a process of its own.
 *
 * <p>Command line: the harness's own options naming one device ({@link BenchOptions#stageArgs}).
 */
public final class OurStage {
    static final String PEAK_POOL_BYTES = "peak_pool_bytes";
    static final String RAW_ALLOCATIONS = "raw_allocations_per_step";
    static final String RSS_RESET = "peak_rss_reset";
    static final String SGEMM_SIZE = "sgemm_size";
    static final String SGEMM_GFLOPS = "sgemm_gflops";
    static final String SGEMM_ERROR = "sgemm_error";

    private OurStage() {
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parse(args);
        List<Device> devices = DeviceList.wanted(options.devices());
        if (devices.size() != 1) {
            throw new IllegalArgumentException("--devices: expected one device, got \"" + options.devices() + "\"");
        }
        Device device = devices.get(0);
        Device.set(device);
        PrintStream out = System.out;
        // the GEMM peak before the workloads, so that it heads the output as the protocol's header does
        out.println(JsonWriter.line(header(device, options)));
        Map<String, String> failures = new LinkedHashMap<>();
        new JkerasWorkloads(options, device, out, failures).run(f -> out.println(JsonWriter.line(line(f))));
        failures.forEach((w, why) -> out.println(JsonWriter.line(Map.of("workload", w, "error", why))));
        out.flush();
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static Map<String, Object> header(Device device, BenchOptions options) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("peer", "jkeras");
        h.put("device", device.toString());
        h.put("threads", BenchOptions.defaultThreads());
        if (options.runs(Workload.W5)) {
            try {
                PeakGemm peak = PeakGemm.measure(device);
                h.put(SGEMM_SIZE, peak.size());
                h.put(SGEMM_GFLOPS, peak.gflops());
            } catch (RuntimeException e) {
                h.put(SGEMM_ERROR, e.toString());
            }
        }
        return h;
    }

    /** {@code f} as a protocol figure line: the figure's keys, then jkeras's memory figures. */
    static Map<String, Object> line(OurFigure f) {
        Map<String, Object> m = JsonReport.figure(f.figure());
        m.put(PEAK_POOL_BYTES, f.peakPoolBytes());
        m.put(RAW_ALLOCATIONS, f.rawAllocationsPerStep());
        m.put(RSS_RESET, f.rssReset());
        return m;
    }

    /** The inverse of {@link #line}: a figure read back from the protocol, its memory keys taken out of the extras. */
    static OurFigure ourFigure(Figure read) {
        Map<String, Object> extra = new LinkedHashMap<>(read.extra());
        Object pool = extra.remove(PEAK_POOL_BYTES);
        Object raw = extra.remove(RAW_ALLOCATIONS);
        Object reset = extra.remove(RSS_RESET);
        if (!(pool instanceof Number poolBytes) || !(reset instanceof Boolean rssReset)) {
            throw new IllegalArgumentException("a jkeras figure needs a numeric \"" + PEAK_POOL_BYTES
                    + "\" and a boolean \"" + RSS_RESET + "\", got " + read.extra());
        }
        Figure f = new Figure(read.workload(), read.unit(), read.median(), read.runs(), read.peakRssMb(), extra);
        return new OurFigure(f, poolBytes.longValue(), raw instanceof Number n ? n.doubleValue() : null, rssReset);
    }

    /** The GEMM peak a header carries, or null where it has none. */
    static PeakGemm peak(Map<String, Object> header) {
        if (header != null && header.get(SGEMM_SIZE) instanceof Number size
                && header.get(SGEMM_GFLOPS) instanceof Number gflops) {
            return new PeakGemm(size.intValue(), gflops.doubleValue());
        }
        return null;
    }
}
