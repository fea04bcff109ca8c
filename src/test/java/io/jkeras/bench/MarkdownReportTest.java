package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static Figure fig(String workload, String unit, double median, Double rss) {
        return new Figure(workload, unit, median, List.of(median), rss, Map.of());
    }

    private static BenchReport report() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("peer", "pytorch");
        header.put("version", "1.13.0a0");
        header.put("threads", 2.0);
        header.put("sgemm_gflops", 100.0);
        header.put("sgemm_size", 2048.0);
        PeerOutput twoTorch = new PeerOutput("2 torch threads, 1 OpenBLAS thread", List.of("python3"), header,
                List.of(fig("W1 train", "samples/s", 20000, 400.0), fig("W4 trainOnBatch", "us", 2000, 300.0),
                        fig("W5 wide MLP train", "GFLOP/s", 40, 1100.0)), Map.of(), null, 10);
        PeerOutput oneTorch = new PeerOutput("1 torch thread, 2 OpenBLAS threads", List.of("python3"), header,
                List.of(fig("W1 train", "samples/s", 25000, 410.0), fig("W4 trainOnBatch", "us", 3000, 310.0),
                        fig("W5 wide MLP train", "GFLOP/s", 80, 1150.0)), Map.of(), null, 10);
        List<PeerOutput> outs = List.of(twoTorch, oneTorch);
        PeerResult pytorch = new PeerResult("pytorch", "PyTorch", "cpu", PeerResult.best(outs), outs, List.of());
        PeerResult tf = PeerResult.notRun("tfjava", "TF Java", "cpu", "bench/peers/tfjava/run is missing");
        List<OurFigure> cpuOurs = List.of(
                new OurFigure(fig("W1 train", "samples/s", 30000, 600.0), 64L << 20, 0.0, true),
                new OurFigure(fig("W4 trainOnBatch", "us", 2500, 620.0), 8L << 20, 0.25, false),
                new OurFigure(fig("W5 wide MLP train", "GFLOP/s", 60, 1500.0), 700L << 20, 0.0, true),
                new OurFigure(fig("W3 Fashion-MNIST", "s", 100, 900.0).withExtra("accuracy", 0.88), 90L << 20, null,
                        true));
        DeviceResult cpu = new DeviceResult("cpu", "cpu", cpuOurs, new PeakGemm(2048, 75), List.of(pytorch, tf));
        DeviceResult gpu = new DeviceResult("cuda:0", "NVIDIA H100", List.of(
                new OurFigure(fig("W1 train", "samples/s", 300000, 900.0), 64L << 20, 0.0, true),
                new OurFigure(fig("W3 Fashion-MNIST", "s", 10, 950.0).withExtra("accuracy", 0.885), 90L << 20, null,
                        true)), new PeakGemm(4096, 50000), List.of());
        Map<String, Object> machine = MachineInfo.machine(2);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("repeats", 3);
        settings.put("samples", 60000);
        settings.put("w2_samples", 12800);
        settings.put("workloads", "w1,w3,w4,w5");
        settings.put("threads", 2);
        return new BenchReport("2026-11-27 12:00:00", machine, Map.of("jkeras", "abc123"), settings,
                List.of(cpu, gpu), List.of("W3: one run"));
    }

    private static String line(String md, String start) {
        return md.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting with \"" + start + "\" in:\n" + md));
    }

    @Test
    void figuresBesideTheBestPeerFigureWithOrientedRatios() {
        String md = MarkdownReport.render(report());
        assertEquals("| workload | jkeras | PyTorch | ratio (>1: jkeras wins) |", line(md, "| workload | jkeras |"));
        assertTrue(md.indexOf("peer / jkeras for times (s, us), so above 1 jkeras wins") < md.indexOf("| workload | jkeras |"),
                "the ratio's orientation is said above the table:\n" + md);
        assertEquals("|---|---:|---:|---:|", line(md, "|---|---:|---:|---:|"));
        // 30,000 against PyTorch's better layout (25,000): 1.20
        assertEquals("| W1 train | 30,000 samples/s | 25,000 samples/s | 1.20 |", line(md, "| W1 train | 30,000"));
        // 2,500 us against 2,000 us: slower, so below 1
        assertEquals("| W4 trainOnBatch | 2,500 us | 2,000 us | 0.80 |", line(md, "| W4 trainOnBatch | 2,500"));
        assertEquals("| W3 Fashion-MNIST | 100.0 s, accuracy 0.8800 | - | - |", line(md, "| W3 Fashion-MNIST | 100"));
    }

    @Test
    void layoutsPeakMemoryGpuAndNotes() {
        String md = MarkdownReport.render(report());
        assertTrue(md.contains("| W1 train | 20,000 samples/s | **25,000 samples/s** |"), md);
        assertTrue(md.contains("jkeras 60.0 GFLOP/s = 80% of its 2048^3 sgemm through the backend's gemm"
                + " (75.0 GFLOP/s); PyTorch 80.0 GFLOP/s = 80% of its header's 2048^3 sgemm (100.0 GFLOP/s)."), md);
        assertEquals("| W4 trainOnBatch | 620 MiB * | 8.0 MiB | 0.250 | 300 MiB |", line(md, "| W4 trainOnBatch | 620"));
        assertEquals("| W3 Fashion-MNIST | 900 MiB | 90.0 MiB | - | - |", line(md, "| W3 Fashion-MNIST | 900"));
        assertTrue(md.contains("\\* the kernel refused to reset the peak"), md);
        assertTrue(md.contains("## jkeras: cuda:0 beside cpu"), md);
        assertEquals("| W1 train | 30,000 samples/s | 300,000 samples/s | 10.00 |", line(md, "| W1 train | 30,000 samples/s | 300"));
        assertEquals("| W3 Fashion-MNIST | 100.0 s, accuracy 0.8800 | 10.0 s, accuracy 0.8850 | 10.00 |",
                line(md, "| W3 Fashion-MNIST | 100.0 s, accuracy 0.8800 | 10"));
        assertTrue(md.contains("- TF Java: not run: bench/peers/tfjava/run is missing"), md);
        assertTrue(md.contains("- W3: one run"), md);
        assertTrue(md.contains("- PyTorch (1 torch thread, 2 OpenBLAS threads): 1.13.0a0, threads 2, sgemm_gflops 100, sgemm_size 2048"),
                md);
        assertTrue(md.contains("- cuda:0: NVIDIA H100"), md);
        assertFalse(md.contains("| TF Java"), "a peer without figures gets no column:\n" + md);
    }

    @Test
    void jsonReportCarriesRatiosAndReadsBack() {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) Json.parse(JsonReport.render(report()));
        @SuppressWarnings("unchecked")
        Map<String, Object> cpu = ((List<Map<String, Object>>) root.get("devices")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> w4 = ((List<Map<String, Object>>) cpu.get("figures")).get(1);
        assertEquals("W4 trainOnBatch", w4.get("workload"));
        assertEquals(false, w4.get("peak_rss_reset"));
        @SuppressWarnings("unchecked")
        Map<String, Object> torch = (Map<String, Object>) ((Map<String, Object>) w4.get("peers")).get("pytorch");
        assertEquals(0.8, (Double) torch.get("ratio"), 1e-9);
        assertEquals("2 torch threads, 1 OpenBLAS thread", torch.get("layout"));
    }

    @Test
    void valuesInTheirUnits() {
        assertEquals("1,234 samples/s", MarkdownReport.value(fig("W", "samples/s", 1234.4, null)));
        assertEquals("61.3 s", MarkdownReport.value(fig("W", "s", 61.25, null)));
        assertEquals("-", MarkdownReport.ratio(Double.NaN));
        assertEquals("-", MarkdownReport.mib(null));
    }

    @Test
    void settingsLine() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("repeats", 1);
        s.put("samples", 6400);
        s.put("w2_samples", 6400);
        s.put("workloads", "w1,w5");
        s.put("threads", 2);
        assertEquals("one run each; W1 6,400 synthetic samples, W2 6,400; workloads w1,w5; peers get --threads 2",
                MarkdownReport.settings(s));
        s.put("repeats", 3);
        s.put("workloads", "w3,w4");
        assertTrue(MarkdownReport.settings(s).startsWith("the median of 3 runs each (W4: the median of 2,000 calls;"
                + " W3: one run of 3 epochs); "), MarkdownReport.settings(s));
        s.put("peers", List.of());
        assertTrue(MarkdownReport.settings(s).endsWith("workloads w3,w4; no peers"), MarkdownReport.settings(s));
    }

    @Test
    void procStatusLines() {
        assertEquals(123456, MemoryProbe.kib("VmHWM:\t  123456 kB"));
    }
}
