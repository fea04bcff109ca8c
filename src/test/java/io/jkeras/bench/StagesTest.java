package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagesTest {
    private static final List<Workload> ALL = List.of(Workload.W1, Workload.W2, Workload.W3, Workload.W4, Workload.W5);

    private static Figure fig(String workload, double v) {
        return new Figure(workload, "samples/s", v, List.of(v), null, Map.of());
    }

    private static PeerResult peer(String name, String note, Figure... figures) {
        Map<String, Figure> m = new java.util.LinkedHashMap<>();
        for (Figure f : figures) {
            m.put(f.workload(), f);
        }
        PeerOutput o = new PeerOutput("", List.of(name), Map.of("version", "1"), List.of(figures), Map.of(), null, 0);
        return new PeerResult(name, name.toUpperCase(), "cpu", m, List.of(o), List.of(note));
    }

    private static DeviceResult stage(String device, PeakGemm peak, List<String> ours, PeerResult... peers) {
        return new DeviceResult(device, device + " described",
                ours.stream().map(w -> new OurFigure(fig(w, 100), 1L, 0.0, true)).toList(), peak, List.of(peers));
    }

    @Test
    void theCpuTakesAWorkloadAtATimeWithW3BesideW2() {
        assertEquals(List.of(List.of(Workload.W1), List.of(Workload.W2, Workload.W3), List.of(Workload.W4),
                List.of(Workload.W5)), Stages.of(ALL, false));
        assertEquals(List.of(List.of(Workload.W3), List.of(Workload.W5)),
                Stages.of(List.of(Workload.W3, Workload.W5), false));
        assertEquals(List.of(List.of(Workload.W3, Workload.W2), List.of(Workload.W1)),
                Stages.of(List.of(Workload.W3, Workload.W2, Workload.W1), false));
        assertEquals(List.of(List.of(Workload.W2), List.of(Workload.W4), List.of(Workload.W3)),
                Stages.of(List.of(Workload.W2, Workload.W4, Workload.W3), false));
        assertEquals(List.of(), Stages.of(List.of(), false));
    }

    @Test
    void onTheCpuThePeersGoFirstInEverySecondRound() {
        assertFalse(Stages.peersFirst(1, false));
        assertTrue(Stages.peersFirst(2, false));
        assertFalse(Stages.peersFirst(3, false));
        assertTrue(Stages.peersFirst(4, false));
        for (int round = 1; round <= 4; round++) {
            assertFalse(Stages.peersFirst(round, true), "a GPU keeps jkeras first, round " + round);
        }
    }

    @Test
    void aGpuTakesThemAllAtOnce() {
        assertEquals(List.of(ALL), Stages.of(ALL, true));
    }

    @Test
    void joinedStagesKeepEveryFigureInvocationAndNoteOnce() {
        DeviceResult w1 = stage("cpu", null, List.of("W1 train", "W1 predict"),
                peer("pytorch", "slow BLAS", fig("W1 train", 50)), peer("tfjava", "ok", fig("W1 train", 60)));
        DeviceResult w5 = stage("cpu", new PeakGemm(2048, 240), List.of("W5 wide MLP train"),
                peer("pytorch", "slow BLAS", fig("W5 wide MLP train", 70)), peer("dl4j", "late"));
        DeviceResult joined = Stages.join(List.of(w1, w5));
        assertEquals("cpu described", joined.description());
        assertEquals(List.of("W1 train", "W1 predict", "W5 wide MLP train"),
                joined.ours().stream().map(f -> f.figure().workload()).toList());
        assertEquals(240, joined.peak().gflops());
        assertEquals(List.of("pytorch", "tfjava", "dl4j"), joined.peers().stream().map(PeerResult::name).toList());
        PeerResult torch = joined.peers().get(0);
        assertEquals(List.of("W1 train", "W5 wide MLP train"), List.copyOf(torch.figures().keySet()));
        assertEquals(2, torch.outputs().size());
        assertEquals(List.of("slow BLAS"), torch.notes());
        assertEquals("PYTORCH", torch.label());
        assertTrue(joined.peers().get(2).figures().isEmpty());
    }

    @Test
    void aStageWithoutAPeakLeavesItNull() {
        assertNull(Stages.join(List.of(stage("cpu", null, List.of("W1 train")))).peak());
    }

    @Test
    void joiningNothingOrTwoDevicesIsAnError() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Stages.join(List.of()));
        assertTrue(none.getMessage().contains("at least one"), none.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> Stages.join(List.of(stage("cpu", null, List.of()), stage("cuda:0", null, List.of()))));
        assertTrue(two.getMessage().contains("cpu") && two.getMessage().contains("cuda:0"), two.getMessage());
    }
}
