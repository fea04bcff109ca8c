package io.jkeras.bench;

import io.jkeras.backend.Device;
import io.jkeras.datasets.FashionMnist;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benchmark program behind {@code scripts/bench} (a program, never run by {@code mvn
 * test}): the workloads of bench/peers/README.md through jkeras on every usable device,
 * then every peer present on the same machine in the same run, each figure beside the
 * peers' with the ratio, memory per workload, and our GPU beside our CPU. Writes
 * bench-&lt;devices&gt;-&lt;stamp&gt;.md and .json under {@code --out} (bench/results), rewritten
 * after each stage so an interrupted run leaves what it measured.
 */
public final class Benchmark {
    private final BenchOptions options;
    private final PrintStream log;
    private final List<String> notes = new ArrayList<>();
    private final LocalDateTime started = LocalDateTime.now();

    private Benchmark(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) throws IOException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println("bash scripts/bench [options]; " + BenchOptions.usage());
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        new Benchmark(options, System.out).run();
    }

    private void run() throws IOException {
        List<Device> devices = DeviceList.resolve(options.devices(), notes);
        boolean w3 = options.runs(Workload.W3) && FashionMnist.isPresent(options.data());
        if (options.runs(Workload.W3)) {
            notes.add(w3 ? "W3: one run per framework" + (options.rounds() > 1 ? " and round" : "")
                    + " (3 epochs from fresh weights; the wall time of training,"
                    + " not loading or evaluating), whatever --repeats says"
                    : "W3 skipped for every framework: Fashion-MNIST is not in " + options.data()
                    + " (apt-get install dataset-fashion-mnist, or --data DIR)");
        }
        if (options.threads() != BenchOptions.defaultThreads()) {
            notes.add("peers get --threads " + options.threads() + " while jkeras uses "
                    + BenchOptions.defaultThreads() + " (set JKERAS_CPU_THREADS to change jkeras's)");
        }
        Map<String, Object> machine = MachineInfo.machine(BenchOptions.defaultThreads());
        Map<String, Object> versions = MachineInfo.versions(options.commit());
        log.println("jkeras benchmark: " + MachineInfo.describe(machine) + "; devices "
                + devices.stream().map(Device::toString).collect(Collectors.joining(", ")));
        if (devices.contains(Device.cpu())) {
            log.println("cpu: " + DeviceList.describe(Device.cpu()));
        }
        // GPUs are measured first (on a lent GPU machine the device time is the scarce part, and a
        // run stopped midway keeps what it measured); the report still lists the CPU first
        List<Device> order = new ArrayList<>(devices);
        order.sort(Comparator.comparing(d -> d.kind() == Device.Kind.CPU));
        // on each device a round measures jkeras and the peers, a workload at a time on the CPU (Stages), so each
        // ratio compares figures taken close together, the peers first in every second round on the CPU
        // (Stages.peersFirst); Rounds merges the rounds after every stage, for the report rewritten then
        List<List<DeviceResult>> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            if (options.rounds() > 1) {
                log.println("==== round " + round + " of " + options.rounds());
            }
            List<DeviceResult> results = new ArrayList<>();
            rounds.add(results);
            for (Device d : order) {
                List<DeviceResult> stages = new ArrayList<>();
                boolean whole = d.kind() != Device.Kind.CPU;
                boolean peersFirst = Stages.peersFirst(round, whole);
                for (List<Workload> stage : Stages.of(options.workloads(), whole)) {
                    BenchOptions only = options.only(stage);
                    // peers first: they report into a stage without jkeras's figures, which jkeras's then complete
                    DeviceResult r = peersFirst ? new DeviceResult(d.toString(), DeviceList.describe(d), List.of(),
                            null, List.of()) : ours(d, only);
                    stages.add(r);
                    show(results, Stages.join(stages), devices);
                    write(report(machine, versions, rounds), devices);
                    new Peers(only, Peers.DEFAULT_ROOT, w3, log).run(r.device(), p -> {
                        r.peers().add(p);
                        show(results, Stages.join(stages), devices);
                        try {
                            write(report(machine, versions, rounds), devices);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    if (peersFirst) {
                        DeviceResult mine = ours(d, only);
                        stages.set(stages.size() - 1, new DeviceResult(mine.device(), mine.description(), mine.ours(),
                                mine.peak(), r.peers()));
                        show(results, Stages.join(stages), devices);
                        write(report(machine, versions, rounds), devices);
                    }
                }
            }
        }
        BenchReport report = report(machine, versions, rounds);
        log.println();
        log.print(MarkdownReport.render(report));
        log.println("written: " + write(report, devices));
    }

    /**
     * jkeras's figures for the stage {@code only} holds, on {@code d} (and the GEMM peak where
     * the stage has W5), no peers yet: from a process of its own, as each peer's are.
     */
    private DeviceResult ours(Device d, BenchOptions only) {
        return OurStageProcess.run(d, only, log, notes);
    }

    /** Puts {@code r} in place of its device's entry in this round's {@code results}, kept in the report's device order. */
    private static void show(List<DeviceResult> results, DeviceResult r, List<Device> devices) {
        results.removeIf(x -> x.device().equals(r.device()));
        results.add(r);
        List<String> order = devices.stream().map(Device::toString).toList();
        results.sort(Comparator.comparing(x -> order.indexOf(x.device())));
    }

    private BenchReport report(Map<String, Object> machine, Map<String, Object> versions,
                               List<List<DeviceResult>> rounds) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("repeats", options.repeats());
        if (options.rounds() > 1) {
            settings.put("rounds", options.rounds());
        }
        settings.put("samples", options.samples());
        settings.put("w2_samples", Math.min(options.samples(), 12800));
        settings.put("workloads", Workload.keys(options.workloads()));
        settings.put("threads", options.threads());
        settings.put("peers", options.peers());
        return new BenchReport(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")), machine, versions,
                settings, Rounds.merge(rounds), notes.stream().distinct().toList());
    }

    /** Writes both reports (over the previous stage's) and returns the Markdown file. */
    private Path write(BenchReport report, List<Device> devices) throws IOException {
        Files.createDirectories(options.out());
        String tag = devices.isEmpty() ? "none"
                : devices.stream().map(d -> d.toString().replace(":", "")).collect(Collectors.joining("-"));
        String base = "bench-" + tag + "-" + started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path md = options.out().resolve(base + ".md");
        Files.writeString(md, MarkdownReport.render(report));
        Files.writeString(options.out().resolve(base + ".json"), JsonReport.render(report));
        return md;
    }
}
