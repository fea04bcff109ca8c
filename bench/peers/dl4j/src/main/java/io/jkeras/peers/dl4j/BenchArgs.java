package io.jkeras.peers.dl4j;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The peer protocol's command line: threads, repeats, samples, workloads, data folder, device. */
final class BenchArgs {
    static final List<String> WORKLOADS = List.of("w1", "w2", "w3", "w4", "w5");

    int threads = 2;
    int repeats = 3;
    int samples = 60000;
    Set<String> workloads = new LinkedHashSet<>(List.of("w1", "w2", "w4"));
    Path data = Path.of("/usr/share/datasets/fashion-mnist");

    static BenchArgs parse(String[] args) {
        BenchArgs a = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                // --threads=2 as well as --threads 2, as argparse (the PyTorch peer) accepts both
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("argument " + name + ": expected a value after it, got none");
            }
            switch (name) {
                case "--threads" -> a.threads = positive(name, value);
                case "--repeats" -> a.repeats = positive(name, value);
                case "--samples" -> a.samples = positive(name, value);
                case "--data" -> a.data = Path.of(value);
                case "--workloads" -> a.workloads = workloads(value);
                case "--device" -> {
                    // ND4J's CUDA backend is a different artifact (nd4j-cuda): this peer runs on the CPU only
                    if (!value.equals("cpu")) {
                        throw new IllegalArgumentException("argument --device: expected cpu, got " + value);
                    }
                }
                default -> throw new IllegalArgumentException("argument " + name
                        + ": expected one of --threads, --repeats, --samples, --workloads, --data, --device");
            }
        }
        return a;
    }

    private static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + name + ": expected a positive integer, got " + value);
        }
        if (n < 1) {
            throw new IllegalArgumentException("argument " + name + ": expected a positive integer, got " + value);
        }
        return n;
    }

    private static Set<String> workloads(String value) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String w : value.split(",")) {
            String name = w.trim().toLowerCase();
            if (!WORKLOADS.contains(name)) {
                throw new IllegalArgumentException("argument --workloads: expected names from " + WORKLOADS
                        + ", got " + w);
            }
            chosen.add(name);
        }
        return chosen;
    }
}
