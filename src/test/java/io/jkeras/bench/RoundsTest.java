package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundsTest {
    private static final String W1 = "W1 train";
    private static final String W4 = "W4 trainOnBatch";

    private static Figure fig(String workload, String unit, Double rss, double... runs) {
        List<Double> r = new ArrayList<>();
        for (double v : runs) {
            r.add(v);
        }
        return new Figure(workload, unit, Stats.median(r), r, rss, Map.of());
    }

    private static PeerResult torch(Figure... figures) {
        Map<String, Figure> m = new LinkedHashMap<>();
        for (Figure f : figures) {
            m.put(f.workload(), f);
        }
        PeerOutput o = new PeerOutput("", List.of("python3"), Map.of("version", "1.13"), List.of(figures), Map.of(),
                null, 1);
        return new PeerResult("pytorch", "PyTorch", "cpu", m, List.of(o), List.of("a note"));
    }

    /** One round on the CPU: jkeras's W1 (samples/s) and W4 (us), and PyTorch's when {@code peer} is given. */
    private static DeviceResult round(double ourW1, double ourW4, double pool, Double raw, boolean reset,
                                      double peerW1, double peerW4, boolean peer) {
        List<OurFigure> ours = List.of(
                new OurFigure(fig(W1, "samples/s", 500 + ourW1 / 1000, ourW1, ourW1 + 2), (long) pool, raw, reset),
                new OurFigure(fig(W4, "us", 400.0, ourW4), (long) pool, raw, true));
        List<PeerResult> peers = peer ? List.of(torch(fig(W1, "samples/s", 700.0, peerW1), fig(W4, "us", 650.0, peerW4)))
                : List.of();
        return new DeviceResult("cpu", "cpu", ours, new PeakGemm(2048, ourW1 / 100), peers);
    }

    @Test
    void oneRoundIsReturnedAsItIs() {
        DeviceResult d = round(100, 2000, 1 << 20, 0.0, true, 80, 1000, true);
        assertSame(d, Rounds.mergeDevice(List.of(d)));
        assertSame(d, Rounds.merge(List.of(List.of(d))).get(0));
        assertEquals(Figure.ratio(d.ours(W1).figure(), d.peers().get(0).figures().get(W1)),
                Rounds.ratio(d.ours(W1).figure(), d.peers().get(0).figures().get(W1)));
    }

    @Test
    void figuresAreMediansOfTheRoundsAndRatiosTheMedianOfTheRoundsRatios() {
        // W1 (a rate) jkeras 100, 200, 400 against PyTorch 100, 400, 100: per round 1, 0.5, 4,
        // median 1; the ratio of the medians (200 / 100) would say 2
        DeviceResult m = Rounds.mergeDevice(List.of(
                round(100, 1000, 1 << 20, 0.0, true, 100, 2000, true),
                round(200, 4000, 3 << 20, 0.5, false, 400, 1000, true),
                round(400, 2000, 2 << 20, null, true, 100, 1000, true)));
        Figure ours = m.ours(W1).figure();
        assertEquals(201, ours.median(), 1e-9); // the round medians are 101, 201, 401
        assertEquals(List.of(101.0, 201.0, 401.0), ours.extra().get(Rounds.ROUND_MEDIANS));
        assertEquals(List.of(100.0, 102.0, 200.0, 202.0, 400.0, 402.0), ours.runs());
        Figure theirs = m.peers().get(0).figures().get(W1);
        assertEquals(100, theirs.median(), 1e-9);
        assertEquals(List.of(101 / 100.0, 201 / 400.0, 401 / 100.0), theirs.extra().get(Rounds.ROUND_RATIOS));
        assertEquals(101 / 100.0, Rounds.ratio(ours, theirs), 1e-12);
        assertEquals(2.01, Figure.ratio(ours, theirs), 1e-12);
        // W4 (a time) jkeras 1000, 4000, 2000 us against 2000, 1000, 1000: per round 2, 0.25, 0.5
        assertEquals(0.5, Rounds.ratio(m.ours(W4).figure(), m.peers().get(0).figures().get(W4)), 1e-12);
        // memory: the worst round's
        assertEquals(3 << 20, m.ours(W1).peakPoolBytes());
        assertEquals(0.5, m.ours(W1).rawAllocationsPerStep());
        assertFalse(m.ours(W1).rssReset());
        assertEquals(500.4, m.ours(W1).figure().peakRssMb(), 1e-9);
        assertEquals(4.0, m.peak().gflops(), 1e-12);
        PeerResult p = m.peers().get(0);
        assertEquals(3, p.outputs().size());
        assertEquals(List.of("a note"), p.notes());
    }

    @Test
    void aPeerMissingInARoundCountsInTheRoundsItRan() {
        DeviceResult m = Rounds.mergeDevice(List.of(
                round(100, 1000, 1, null, true, 50, 1000, true),
                round(300, 1000, 1, null, true, 0, 0, false),
                round(200, 1000, 1, null, true, 400, 1000, true)));
        assertEquals(201, m.ours(W1).figure().median(), 1e-9);
        Figure theirs = m.peers().get(0).figures().get(W1);
        assertEquals(List.of(50.0, 400.0), theirs.extra().get(Rounds.ROUND_MEDIANS));
        assertEquals(225, theirs.median(), 1e-9);
        assertEquals(List.of(101 / 50.0, 201 / 400.0), theirs.extra().get(Rounds.ROUND_RATIOS));
        assertEquals((101 / 50.0 + 201 / 400.0) / 2, Rounds.ratio(m.ours(W1).figure(), theirs), 1e-12);
        assertNull(m.ours(W1).rawAllocationsPerStep());
        // the round under way, before its peers ran, adds jkeras's figure and no ratio
        List<DeviceResult> partial = Rounds.merge(List.of(
                List.of(round(100, 1000, 1, null, true, 100, 1000, true)),
                List.of(round(300, 1000, 1, null, true, 0, 0, false))));
        assertEquals(1, partial.size());
        assertEquals(List.of(1.01), partial.get(0).peers().get(0).figures().get(W1).extra().get(Rounds.ROUND_RATIOS));
    }

    @Test
    void theReportsShowTheMedianRatioAndSayHowItWasTaken() {
        DeviceResult m = Rounds.mergeDevice(List.of(
                round(100, 1000, 1 << 20, 0.0, true, 100, 2000, true),
                round(200, 4000, 1 << 20, 0.0, true, 400, 1000, true),
                round(400, 2000, 1 << 20, 0.0, true, 100, 1000, true)));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("repeats", 2);
        settings.put("rounds", 3);
        settings.put("samples", 6400);
        settings.put("w2_samples", 6400);
        settings.put("workloads", "w1,w4");
        settings.put("threads", 2);
        BenchReport r = new BenchReport("2026-11-27 15:00:00", MachineInfo.machine(2), Map.of("jkeras", "abc"),
                settings, List.of(m), List.of());
        String md = MarkdownReport.render(r);
        assertTrue(md.contains("| W1 train | 201 samples/s | 100 samples/s | 1.01 |"), md);
        assertTrue(md.contains("| W4 trainOnBatch | 2,000 us | 1,000 us | 0.50 |"), md);
        assertTrue(md.contains("the median of those per-round ratios shown"), md);
        assertTrue(md.contains("- figures: the median of 2 runs each (W4: the median of 2,000 calls); 3 rounds"), md);
        assertTrue(md.contains("| W1 train | 500 MiB | 1.0 MiB | 0.000 | 700 MiB |"), md);
        @SuppressWarnings("unchecked")
        Map<String, Object> w1 = ((List<Map<String, Object>>) ((List<Map<String, Object>>) ((Map<String, Object>)
                Json.parse(JsonReport.render(r))).get("devices")).get(0).get("figures")).get(0);
        assertEquals(List.of(101.0, 201.0, 401.0), w1.get(Rounds.ROUND_MEDIANS));
        @SuppressWarnings("unchecked")
        Map<String, Object> torch = (Map<String, Object>) ((Map<String, Object>) w1.get("peers")).get("pytorch");
        assertEquals(1.01, (Double) torch.get("ratio"), 1e-12);
        assertEquals(3, ((List<?>) torch.get(Rounds.ROUND_RATIOS)).size());
    }

    @Test
    void eachThreadLayoutShowsItsMedianOverRounds() {
        List<DeviceResult> rounds = new ArrayList<>();
        double[][] perRound = {{100, 300}, {200, 100}, {300, 200}}; // layout A, layout B, per round
        for (double[] v : perRound) {
            List<PeerOutput> outs = List.of(
                    new PeerOutput("A", List.of("python3"), null, List.of(fig(W1, "samples/s", null, v[0])), Map.of(),
                            null, 1),
                    new PeerOutput("B", List.of("python3"), null, List.of(fig(W1, "samples/s", null, v[1])), Map.of(),
                            null, 1));
            PeerResult p = new PeerResult("pytorch", "PyTorch", "cpu", PeerResult.best(outs), outs, List.of());
            rounds.add(new DeviceResult("cpu", "cpu", List.of(new OurFigure(fig(W1, "samples/s", null, 150), 1, 0.0,
                    true)), null, List.of(p)));
        }
        StringBuilder md = new StringBuilder();
        MarkdownReport.layouts(md, Rounds.mergeDevice(rounds));
        // the best per round is 300, 200, 300 (median 300); layout A's median is 200, B's 200
        assertTrue(md.toString().contains("| W1 train | 200 samples/s | 200 samples/s |"), md.toString());
    }

    @Test
    void roundsOfDifferentDevicesAreRefused() {
        DeviceResult cpu = round(1, 1, 1, null, true, 1, 1, false);
        DeviceResult gpu = new DeviceResult("cuda:0", "gpu", cpu.ours(), null, List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rounds.mergeDevice(List.of(cpu, gpu)))
                .getMessage().contains("expected results of cpu, got cuda:0"));
        assertEquals(2, Rounds.merge(List.of(List.of(cpu, gpu), List.of(cpu, gpu))).size());
    }
}
