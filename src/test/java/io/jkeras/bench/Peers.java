package io.jkeras.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The peers of bench/peers/ and how each is started with the protocol's command line
 * (bench/peers/README.md). PyTorch is {@code pytorch_bench.py}: on the CPU in two thread
 * layouts (the better figure per workload kept; one layout under {@code --quick}), on a GPU
 * eager and under torch.compile. Every other peer is a folder with a {@code run} program
 * ({@code bench/peers/*}{@code /run}), run on the CPU; TF Java and DL4J are expected, so their
 * absence is reported. W3 runs in an invocation of its own with {@code --repeats 1}. A peer
 * that is missing, not executable or failing becomes one note; the others still run.
 */
final class Peers {
    static final Path DEFAULT_ROOT = Path.of("bench/peers");
    /** The PyTorch peer's three ways of running: CPU, GPU eager, GPU under torch.compile. */
    static final List<String> PYTORCH_NAMES = List.of("pytorch", "pytorch-cuda", "pytorch-compile");
    /** Folder peers reported as missing when absent (the others are found by their run program). */
    static final Map<String, String> EXPECTED = Map.of("tfjava", "TF Java", "dl4j", "DL4J");

    /** Below this sgemm rate on the CPU a peer's BLAS is taken for the reference one (OpenBLAS gives tens a core, it a few). */
    static final double REFERENCE_BLAS_GFLOPS = 10;

    /** One way of running a peer: its threads and environment, described for the report. */
    record Layout(String description, int threads, Map<String, String> env) {
    }

    private final BenchOptions options;
    private final Path root;
    private final boolean w3DataPresent;
    private final PrintStream echo;

    Peers(BenchOptions options, Path root, boolean w3DataPresent, PrintStream echo) {
        this.options = options;
        this.root = root;
        this.w3DataPresent = w3DataPresent;
        this.echo = echo;
    }

    /**
     * Every peer name {@code --peers} accepts under {@code root}: PyTorch's three, TF Java and
     * DL4J, then each other folder holding a {@code run} file, by name.
     */
    static List<String> known(Path root) {
        List<String> out = new ArrayList<>(PYTORCH_NAMES);
        out.add("tfjava");
        out.add("dl4j");
        TreeSet<String> found = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path d : dirs) {
                    if (Files.exists(d.resolve("run"))) {
                        found.add(d.getFileName().toString());
                    }
                }
            } catch (IOException e) {
                // an unreadable folder holds no peers; the expected ones are still reported missing
            }
        }
        found.removeAll(out);
        out.addAll(found);
        return out;
    }

    static String label(String name) {
        return EXPECTED.getOrDefault(name, name);
    }

    /** Every selected peer on {@code device} ("cpu" or "cuda:N"), in the report's column order. */
    List<PeerResult> run(String device) {
        return run(device, r -> { });
    }

    /** As {@link #run(String)}, handing each peer's result to {@code done} as soon as it is there. */
    List<PeerResult> run(String device, Consumer<PeerResult> done) {
        List<PeerResult> out = new ArrayList<>();
        int t = options.threads();
        if (device.equals("cpu")) {
            for (String name : options.peers()) {
                if (name.equals("pytorch")) {
                    // jkeras's own layout first: T threads of its own over a single-threaded OpenBLAS
                    List<Layout> layouts = new ArrayList<>();
                    layouts.add(new Layout(t + " torch threads, 1 OpenBLAS thread", t, pytorchEnv(1)));
                    if (t > 1 && !options.quick()) {
                        layouts.add(new Layout("1 torch thread, " + t + " OpenBLAS threads", 1, pytorchEnv(t)));
                    }
                    add(out, done, pytorch(name, "PyTorch", device, List.of(), layouts));
                } else if (!PYTORCH_NAMES.contains(name)) {
                    add(out, done, folder(name, device));
                }
            }
        } else {
            List<Layout> one = List.of(new Layout("", t, Map.of()));
            if (options.peers().contains("pytorch-cuda")) {
                add(out, done, pytorch("pytorch-cuda", "PyTorch " + device, device, List.of("--device", device), one));
            }
            if (options.peers().contains("pytorch-compile")) {
                add(out, done, pytorch("pytorch-compile", "PyTorch " + device + " compile", device,
                        List.of("--device", device, "--compile"), one));
            }
        }
        return out;
    }

    private static void add(List<PeerResult> out, Consumer<PeerResult> done, PeerResult r) {
        out.add(r);
        done.accept(r);
    }

    private PeerResult pytorch(String name, String label, String device, List<String> extra, List<Layout> layouts) {
        Path script = root.resolve("pytorch_bench.py");
        if (!Files.isRegularFile(script)) {
            return skipped(name, label, device, script + " is missing");
        }
        if (!Files.isExecutable(Path.of(options.python()))) {
            return skipped(name, label, device, options.python() + " is not an executable (--python)");
        }
        List<String> cmd = new ArrayList<>(List.of(options.python(), script.toString()));
        cmd.addAll(extra);
        PeerResult r = run(name, label, device, cmd, layouts);
        String blas = device.equals("cpu") ? referenceBlas(r) : null;
        if (blas == null) {
            return r;
        }
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(blas);
        return new PeerResult(r.name(), r.label(), r.device(), r.figures(), r.outputs(), notes);
    }

    /**
     * Debian's python3-torch calls whatever libblas.so.3 is installed; the reference BLAS
     * makes it some 50 times slower than OpenBLAS, which no ratio should be read against.
     */
    static String referenceBlas(PeerResult r) {
        for (PeerOutput o : r.outputs()) {
            if (o.header() != null && o.header().get("sgemm_gflops") instanceof Number g
                    && g.doubleValue() < REFERENCE_BLAS_GFLOPS) {
                return String.format(java.util.Locale.ROOT, "its sgemm ran at %.1f GFLOP/s (%s): that is the"
                        + " reference BLAS's pace; apt-get install libopenblas0-pthread", g.doubleValue(),
                        o.layout().isEmpty() ? "its header" : o.layout());
            }
        }
        return null;
    }

    private PeerResult folder(String name, String device) {
        Path run = root.resolve(name).resolve("run");
        if (!Files.isRegularFile(run)) {
            return skipped(name, label(name), device, run + " is missing");
        }
        if (!Files.isExecutable(run)) {
            return skipped(name, label(name), device, run + " is not executable");
        }
        return run(name, label(name), device, List.of(run.toString()),
                List.of(new Layout("", options.threads(), Map.of())));
    }

    private PeerResult skipped(String name, String label, String device, String why) {
        echo.println("---- peer " + name + " skipped: " + why);
        return PeerResult.notRun(name, label, device, why);
    }

    /**
     * The timed workloads but W3 in each layout, then W3 alone, once, in the layout that won
     * W2 (the same model), or the first layout when W2 did not run.
     */
    private PeerResult run(String name, String label, String device, List<String> cmd, List<Layout> layouts) {
        List<PeerOutput> outputs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Workload> main = new ArrayList<>(options.workloads());
        main.remove(Workload.W3);
        boolean started = true;
        if (!main.isEmpty()) {
            for (Layout l : layouts) {
                PeerOutput o = invoke(name, cmd, l, main, options.repeats(), false);
                outputs.add(o);
                notes.addAll(PeerResult.problems(o));
                if (o.header() == null) {
                    started = false;
                    notes.add("no protocol header: the remaining invocations of " + label + " were left out");
                    break;
                }
            }
        }
        if (options.runs(Workload.W3) && started && w3DataPresent) {
            Map<String, Figure> sofar = PeerResult.best(outputs);
            Layout w3Layout = layouts.get(0);
            Figure w2 = sofar.get("W2 train");
            if (w2 != null && w2.extra().get("layout") instanceof String winner) {
                w3Layout = layouts.stream().filter(l -> l.description().equals(winner)).findFirst().orElse(w3Layout);
            }
            PeerOutput o = invoke(name, cmd, w3Layout, List.of(Workload.W3), 1, true);
            outputs.add(o);
            notes.addAll(PeerResult.problems(o));
        }
        Map<String, Figure> best = PeerResult.best(outputs);
        PeerResult r = new PeerResult(name, label, device, best, outputs, notes);
        if (best.isEmpty()) {
            echo.println("---- peer " + name + " gave no figures: " + String.join("; ", notes));
        }
        return r;
    }

    private PeerOutput invoke(String name, List<String> base, Layout layout, List<Workload> workloads, int repeats,
                              boolean withData) {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of("--threads", Integer.toString(layout.threads()), "--repeats", Integer.toString(repeats),
                "--samples", Integer.toString(options.samples()), "--workloads", Workload.keys(workloads)));
        if (withData) {
            cmd.addAll(List.of("--data", options.data().toString()));
        }
        String tag = name + (layout.description().isEmpty() ? "" : ", " + layout.description());
        echo.println("---- peer " + tag + ": " + String.join(" ", cmd));
        return PeerProcess.run(layout.description(), cmd, layout.env(), options.peerTimeoutS(), tag, echo);
    }

    /**
     * PyTorch's CPU matmuls go to OpenBLAS, whose own threads must not oversubscribe torch's.
     * On AVX-512 machines Debian's OpenBLAS 0.3.21 picks SSE3 kernels unless told the core.
     */
    private static Map<String, String> pytorchEnv(int blasThreads) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENBLAS_NUM_THREADS", Integer.toString(blasThreads));
        if (avx512() && System.getenv("OPENBLAS_CORETYPE") == null) {
            env.put("OPENBLAS_CORETYPE", "SkylakeX");
        }
        return env;
    }

    private static boolean avx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (IOException e) {
            return false;
        }
    }
}
