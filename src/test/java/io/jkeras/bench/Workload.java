package io.jkeras.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The workloads of the peer protocol (bench/peers/README.md), by their command-line key and
 * the names of the figures each one prints.
 */
enum Workload {
    W1("w1", "W1 train", "W1 predict"),
    W2("w2", "W2 train"),
    W3("w3", "W3 Fashion-MNIST"),
    W4("w4", "W4 trainOnBatch"),
    W5("w5", "W5 wide MLP train");

    /** Per sample of W5: five GEMMs (two forward, two weight gradients, one input gradient) of 4096 x 4096. */
    static final double W5_FLOPS_PER_SAMPLE = 5.0 * 2 * 4096 * 4096;

    private final String key;
    private final List<String> figures;

    Workload(String key, String... figures) {
        this.key = key;
        this.figures = List.of(figures);
    }

    String key() {
        return key;
    }

    List<String> figures() {
        return figures;
    }

    /** A comma-separated list of keys, e.g. "w1,w4"; in the order given, each once. */
    static List<Workload> parseList(String csv) {
        List<Workload> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            String k = part.trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            Workload w = Arrays.stream(values()).filter(v -> v.key.equals(k)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--workloads: unknown workload \"" + part.trim()
                            + "\"; expected some of w1,w2,w3,w4,w5, got \"" + csv + "\""));
            if (!out.contains(w)) {
                out.add(w);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--workloads: expected some of w1,w2,w3,w4,w5, got \"" + csv + "\"");
        }
        return out;
    }

    static String keys(List<Workload> workloads) {
        return String.join(",", workloads.stream().map(Workload::key).toList());
    }
}
