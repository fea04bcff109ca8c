package io.jkeras.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured on one device: jkeras's figures, the device's GEMM peak (null when it
 * could not be measured) and the peers that ran there (filled in after jkeras's run).
 */
record DeviceResult(String device, String description, List<OurFigure> ours, PeakGemm peak, List<PeerResult> peers) {

    DeviceResult {
        ours = List.copyOf(ours);
        peers = new ArrayList<>(peers);
    }

    /** jkeras's figure for {@code workload}, or null. */
    OurFigure ours(String workload) {
        return ours.stream().filter(f -> f.figure().workload().equals(workload)).findFirst().orElse(null);
    }

    /** The peers that gave at least one figure: the report's columns. */
    List<PeerResult> peerColumns() {
        return peers.stream().filter(p -> !p.figures().isEmpty()).toList();
    }
}
