package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A round on the CPU is taken a workload at a time: jkeras's W1 and every peer's W1 (in an
 * order that alternates between rounds: {@link #peersFirst}), then W2, and so on, so that each ratio compares figures taken seconds apart rather than a whole
 * jkeras run apart: the shared 2-core machine's speed moves by up to 2x within minutes (W5 of
 * jkeras and of TF Java were once 5 minutes apart). W2 and W3 form one stage, because a peer
 * runs W3 in the thread layout that won W2. A GPU takes all its workloads as one stage: its
 * clocks do not drift like a shared VM's, and every peer invocation there costs a start-up
 * (torch.compile compiles again) out of scarce device time.
 */
final class Stages {
    private Stages() {
    }

    /**
     * Whether round {@code round} (from 1) runs each stage's peers before jkeras: every second
     * round on the CPU. A stage's figures are seconds apart, but the machine's speed moves in
     * seconds too (W1 predict, about 0.4 s a figure, gave single-round ratios of 0.82 to 1.45
     * against PyTorch over three runs); with the order alternating, a machine speeding up or
     * slowing down through a stage favours each side in turn, and the median of the rounds'
     * ratios no longer leans towards whoever goes first. A GPU keeps jkeras first: its clocks
     * do not drift like a shared VM's.
     */
    static boolean peersFirst(int round, boolean whole) {
        return !whole && round % 2 == 0;
    }

    /** {@code workloads} in order, cut into stages; {@code whole}: one stage of them all. */
    static List<List<Workload>> of(List<Workload> workloads, boolean whole) {
        List<List<Workload>> out = new ArrayList<>();
        if (workloads.isEmpty()) {
            return out;
        }
        if (whole) {
            out.add(List.copyOf(workloads));
            return out;
        }
        for (Workload w : workloads) {
            List<Workload> last = out.isEmpty() ? null : out.get(out.size() - 1);
            boolean pairsWithLast = last != null && last.size() == 1
                    && (last.get(0) == Workload.W2 && w == Workload.W3 || last.get(0) == Workload.W3 && w == Workload.W2);
            if (pairsWithLast) {
                last.add(w);
            } else {
                out.add(new ArrayList<>(List.of(w)));
            }
        }
        return out.stream().map(List::copyOf).toList();
    }

    /**
     * One device's stages of a round (at least one) as one result: jkeras's figures in stage
     * order, the GEMM peak of the stage that measured it, each peer's figures, invocations and
     * notes (each note once) gathered under its first stage's name and label.
     */
    static DeviceResult join(List<DeviceResult> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("stages: expected at least one stage's result, got none");
        }
        DeviceResult first = stages.get(0);
        List<OurFigure> ours = new ArrayList<>();
        Map<String, List<PeerResult>> byPeer = new LinkedHashMap<>();
        for (DeviceResult s : stages) {
            if (!s.device().equals(first.device())) {
                throw new IllegalArgumentException("stages: expected results of " + first.device() + ", got "
                        + s.device());
            }
            ours.addAll(s.ours());
            s.peers().forEach(p -> byPeer.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p));
        }
        PeakGemm peak = stages.stream().map(DeviceResult::peak).filter(Objects::nonNull).findFirst().orElse(null);
        List<PeerResult> peers = byPeer.values().stream().map(Stages::joinPeer).toList();
        return new DeviceResult(first.device(), first.description(), ours, peak, peers);
    }

    private static PeerResult joinPeer(List<PeerResult> stages) {
        PeerResult first = stages.get(0);
        Map<String, Figure> figures = new LinkedHashMap<>();
        List<PeerOutput> outputs = new ArrayList<>();
        LinkedHashSet<String> notes = new LinkedHashSet<>();
        for (PeerResult p : stages) {
            figures.putAll(p.figures());
            outputs.addAll(p.outputs());
            notes.addAll(p.notes());
        }
        return new PeerResult(first.name(), first.label(), first.device(), figures, outputs, List.copyOf(notes));
    }
}
