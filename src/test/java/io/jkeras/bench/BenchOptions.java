package io.jkeras.bench;

import io.jkeras.datasets.FashionMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's command line (see {@code scripts/bench}). {@code --quick} is a rehearsal:
 * one run of 6,400 samples, W3 left out, PyTorch on the CPU in one thread layout; explicit
 * options still win over it.
 *
 * @param repeats     timed runs per figure; each figure is their median (W3: always one run)
 * @param samples     synthetic samples of W1 (W2 takes min(samples, 12,800))
 * @param workloads   which workloads, in order
 * @param devices     "auto" (the CPU, and cuda:0 when usable), or a list such as "cpu" or "cpu,cuda:0";
 *                    by default jkeras's own setting (jkeras.device, JKERAS_DEVICE), else auto
 * @param peers       which peers may run: some of {@link Peers#known}, all of them, or none
 * @param threads     passed to every peer as --threads; by default jkeras's own CPU threads
 * @param python      the interpreter of the PyTorch peer
 * @param data        the Fashion-MNIST folder of W3
 * @param out         where the Markdown and JSON reports go
 * @param peerTimeoutS seconds one peer invocation may take before it is stopped
 * @param commit      the jkeras commit to report; null: ask git
 * @param quick       a rehearsal: PyTorch on the CPU runs in one thread layout, not two
 * @param rounds      how many times the whole measurement (on each device, jkeras and the peers, a workload at
 *                    a time on the CPU, the peers first in every second round: {@link Stages}) is taken; figures are medians over rounds, ratios the
 *                    median of per-round ratios
 */
record BenchOptions(int repeats, int samples, List<Workload> workloads, String devices, List<String> peers,
                    int threads, String python, Path data, Path out, int peerTimeoutS, String commit,
                    boolean quick, int rounds) {

    static String usage() {
        return "options: --repeats N (3), --samples N (60000), --workloads w1,w2,w3,w4,w5 (all),"
                + " --devices auto|cpu|cuda|cpu,cuda:0 (JKERAS_DEVICE, else auto: cpu and a usable GPU),"
                + " --peers all|none|" + String.join(",", Peers.known(Peers.DEFAULT_ROOT)) + " (all),"
                + " --threads N (the peers'; default jkeras's: JKERAS_CPU_THREADS, else every core),"
                + " --python PATH (/usr/bin/python3), --data DIR (" + FashionMnist.DEFAULT_DIR + "),"
                + " --out DIR (bench/results), --peer-timeout SECONDS (1200), --commit TEXT (git's),"
                + " --rounds N (1: jkeras and the peers, taken N times, the peers first in every second round on"
                + " the CPU; each ratio the median of"
                + " the rounds' ratios), --quick (repeats 1, 6400 samples, no W3, one PyTorch CPU layout)";
    }

    static BenchOptions parse(String... args) {
        Map<String, String> opt = new LinkedHashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs (or --quick), got \"" + a + "\"; "
                        + usage());
            }
            String name = a.substring(2);
            if (!usage().contains("--" + name + " ")) {
                throw new IllegalArgumentException("unknown option --" + name + "; " + usage());
            }
            opt.put(name, args[++i]);
        }
        int repeats = positive(opt, "repeats", quick ? 1 : 3);
        int samples = positive(opt, "samples", quick ? 6400 : 60000);
        List<Workload> workloads = Workload.parseList(opt.getOrDefault("workloads",
                quick ? "w1,w2,w4,w5" : "w1,w2,w3,w4,w5"));
        String peersArg = opt.getOrDefault("peers", "all");
        List<String> known = Peers.known(Peers.DEFAULT_ROOT);
        List<String> peers = new ArrayList<>();
        if (peersArg.equals("all")) {
            peers.addAll(known);
        } else if (!peersArg.equals("none")) {
            for (String p : peersArg.split(",")) {
                if (!known.contains(p.trim())) {
                    throw new IllegalArgumentException("--peers: expected all, none or some of "
                            + String.join(",", known) + ", got \"" + peersArg + "\"");
                }
                if (!peers.contains(p.trim())) {
                    peers.add(p.trim());
                }
            }
        }
        int threads = positive(opt, "threads", defaultThreads());
        String devices = opt.getOrDefault("devices", defaultDevices());
        DeviceList.wanted(devices); // a misspelt device fails here, before anything runs
        return new BenchOptions(repeats, samples, workloads, devices, List.copyOf(peers),
                threads, opt.getOrDefault("python", "/usr/bin/python3"),
                opt.containsKey("data") ? Path.of(opt.get("data")) : FashionMnist.DEFAULT_DIR,
                Path.of(opt.getOrDefault("out", "bench/results")), positive(opt, "peer-timeout", 1200),
                opt.get("commit"), quick, positive(opt, "rounds", 1));
    }

    boolean runs(Workload w) {
        return workloads.contains(w);
    }

    /** These options with only {@code subset} of the workloads: one stage of a round ({@link Stages}). */
    BenchOptions only(List<Workload> subset) {
        return new BenchOptions(repeats, samples, List.copyOf(subset), devices, peers, threads, python, data, out,
                peerTimeoutS, commit, quick, rounds);
    }

    /**
     * The options of jkeras's side of one stage on {@code device}, for {@link OurStage}'s
     * command line: what its workloads read, no peers.
     */
    List<String> stageArgs(String device) {
        return List.of("--devices", device, "--workloads", Workload.keys(workloads), "--repeats", String.valueOf(repeats),
                "--samples", String.valueOf(samples), "--data", data.toString(), "--peers", "none");
    }

    /** jkeras's own device setting (-Djkeras.device, else JKERAS_DEVICE) when given, else "auto". */
    static String defaultDevices() {
        String p = System.getProperty("jkeras.device");
        if (p != null && !p.isBlank()) {
            return p;
        }
        String env = System.getenv("JKERAS_DEVICE");
        return env != null && !env.isBlank() ? env : "auto";
    }

    /** The CPU backend's rule (io.jkeras.backend.cpu.CpuParallel): JKERAS_CPU_THREADS, else every core. */
    static int defaultThreads() {
        String env = System.getenv("JKERAS_CPU_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(env.trim()));
            } catch (NumberFormatException e) {
                // the backend rejects it with its own message when it starts
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static int positive(Map<String, String> opt, String name, int fallback) {
        String v = opt.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, got \"" + v + "\"");
    }
}
