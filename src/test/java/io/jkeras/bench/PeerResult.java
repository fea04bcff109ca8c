package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One peer's column on one device: its best figure per workload over the invocations it
 * ran (thread layouts, and the separate W3 invocation), every invocation as it came, and the
 * notes the report prints about it (missing, failed, timed out).
 *
 * @param name   the peer's key (pytorch, pytorch-cuda, pytorch-compile, tfjava, dl4j)
 * @param label  its column title
 */
record PeerResult(String name, String label, String device, Map<String, Figure> figures, List<PeerOutput> outputs,
                  List<String> notes) {

    PeerResult {
        figures = new LinkedHashMap<>(figures);
        outputs = List.copyOf(outputs);
        notes = List.copyOf(notes);
    }

    static PeerResult notRun(String name, String label, String device, String why) {
        return new PeerResult(name, label, device, Map.of(), List.of(), List.of("not run: " + why));
    }

    /**
     * The best figure per workload over {@code outputs}, each tagged with the layout it came
     * from (extra key "layout") when there was more than one layout.
     */
    static Map<String, Figure> best(List<PeerOutput> outputs) {
        long layouts = outputs.stream().map(PeerOutput::layout).distinct().count();
        Map<String, Figure> best = new LinkedHashMap<>();
        for (PeerOutput o : outputs) {
            for (Figure f : o.figures()) {
                Figure tagged = layouts > 1 ? f.withExtra("layout", o.layout()) : f;
                Figure b = best.get(f.workload());
                if (b == null || f.betterThan(b)) {
                    best.put(f.workload(), tagged);
                }
            }
        }
        return best;
    }

    /** The notes an invocation earns: how it ended when not well, and each workload it reported as failed. */
    static List<String> problems(PeerOutput o) {
        List<String> out = new ArrayList<>();
        String where = o.layout().isEmpty() ? "" : " (" + o.layout() + ")";
        if (o.problem() != null) {
            out.add(o.problem() + where);
        }
        o.failures().forEach((w, msg) -> out.add(w + " failed" + where + ": " + msg));
        return out;
    }

    /** The header of the first invocation that printed one, or null. */
    Map<String, Object> header() {
        return outputs.stream().map(PeerOutput::header).filter(h -> h != null).findFirst().orElse(null);
    }
}
