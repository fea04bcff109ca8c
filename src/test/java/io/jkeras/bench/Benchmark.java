package io.jkeras.bench;

import io.jkeras.CompileOptions;
import io.jkeras.FitOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.PredictOptions;
import io.jkeras.Utils;
import io.jkeras.backend.Device;
import io.jkeras.backend.MemoryStats;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.optimizers.Adam;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * The benchmark program behind {@code scripts/bench} (a program, not a test): trains the
 * workloads on the current device, runs the PyTorch peer on the same machine in the same run,
 * and prints each figure beside the peer's with the ratio; writes Markdown and JSON to
 * bench/results/.
 *
 * <p>W1: MLP 784-512-512-10 relu/softmax, Adam 1e-3, batch 128, 60,000 synthetic samples
 * (train samples/s) and predict at batch 1024. W2: the CNN of the main job at batch 128.
 * W4: trainOnBatch latency of W1's model at batch 32 (median microseconds).
 */
public final class Benchmark {
    private record Figure(String workload, String unit, double median, double[] runs, boolean higherIsBetter) {
    }

    private final int repeats;
    private final int samples;
    private final List<String> workloads;
    private final Map<String, String> notes = new LinkedHashMap<>();

    private Benchmark(int repeats, int samples, List<String> workloads) {
        this.repeats = repeats;
        this.samples = samples;
        this.workloads = workloads;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value pairs, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        int repeats = Integer.parseInt(opt.getOrDefault("repeats", "3"));
        int samples = Integer.parseInt(opt.getOrDefault("samples", "60000"));
        List<String> workloads = List.of(opt.getOrDefault("workloads", "w1,w2,w4").split(","));
        String python = opt.getOrDefault("python", "/usr/bin/python3");
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        new Benchmark(repeats, samples, workloads).run(python, out);
    }

    private void run(String python, Path outDir) throws Exception {
        Utils.setRandomSeed(42);
        String device = Device.current().toString();
        List<Figure> ours = new ArrayList<>();
        if (workloads.contains("w1")) {
            ours.addAll(w1());
        }
        if (workloads.contains("w2")) {
            ours.addAll(w2());
        }
        if (workloads.contains("w4")) {
            ours.add(w4());
        }
        Map<String, Figure> peer = pytorch(python);
        StringBuilder md = new StringBuilder();
        String machine = machine();
        md.append("# jkeras benchmark, ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                .append("\n\n").append(machine).append("\n\n");
        md.append("jkeras device: ").append(device).append("; medians of ").append(repeats).append(" runs\n\n");
        md.append("| workload | jkeras | PyTorch (best of two thread layouts) | ratio jkeras/PyTorch (>1 is better for us) |\n|---|---|---|---|\n");
        for (Figure f : ours) {
            Figure p = peer.get(f.workload());
            String ratio = p == null ? "-" : String.format(Locale.ROOT, "%.2f",
                    f.higherIsBetter() ? f.median() / p.median() : p.median() / f.median());
            md.append(String.format(Locale.ROOT, "| %s | %,.0f %s | %s | %s |%n", f.workload(), f.median(), f.unit(),
                    p == null ? "-" : String.format(Locale.ROOT, "%,.0f %s", p.median(), p.unit()), ratio));
        }
        md.append('\n');
        notes.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        System.out.println();
        System.out.print(md);
        Files.createDirectories(outDir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path mdFile = outDir.resolve("bench-" + device.replace(':', '-') + "-" + stamp + ".md");
        Files.writeString(mdFile, md.toString());
        Files.writeString(outDir.resolve("bench-" + device.replace(':', '-') + "-" + stamp + ".json"), json(ours, peer, device));
        System.out.println("written: " + mdFile);
    }

    // ---- workloads ------------------------------------------------------------------------------

    private static Model w1Model() {
        KerasTensor in = Input.of(784);
        KerasTensor h = new Dense(512).activation("relu").apply(in);
        h = new Dense(512).activation("relu").apply(h);
        KerasTensor o = new Dense(10).activation("softmax").apply(h);
        Model m = new Model(in, o);
        m.compile(new CompileOptions().optimizer(new Adam().learningRate(1e-3)).loss("categorical_crossentropy"));
        return m;
    }

    private List<Figure> w1() {
        Random r = new Random(0);
        float[] x = new float[samples * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = r.nextInt(10);
        }
        NDArray xs = NDArray.of(x, samples, 784);
        NDArray ys = Utils.toCategorical(labels, 10);
        List<Figure> out = new ArrayList<>();
        try (Model m = w1Model()) {
            m.fit(xs.slice(0, 128 * 20), ys.slice(0, 128 * 20), new FitOptions().batchSize(128).verbose(0));
            double[] train = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                m.fit(xs, ys, new FitOptions().batchSize(128).epochs(1).verbose(0));
                train[i] = samples / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "W1 train run %d: %.0f samples/s%n", i + 1, train[i]);
            }
            out.add(figure("W1 train", "samples/s", train, true));
            double[] predict = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                m.predict(xs, new PredictOptions().batchSize(1024));
                predict[i] = samples / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "W1 predict run %d: %.0f samples/s%n", i + 1, predict[i]);
            }
            out.add(figure("W1 predict", "samples/s", predict, true));
        }
        return out;
    }

    /** The CNN of the benchmark brief (the main job's CNN without its dropout). */
    private static Model w2Model() {
        KerasTensor in = Input.of(28, 28, 1);
        KerasTensor h = new Conv2D(32, 3).activation("relu").apply(in);
        h = new MaxPooling2D(2).apply(h);
        h = new Conv2D(64, 3).activation("relu").apply(h);
        h = new MaxPooling2D(2).apply(h);
        h = new Flatten().apply(h);
        h = new Dense(128).activation("relu").apply(h);
        KerasTensor o = new Dense(10).activation("softmax").apply(h);
        Model m = new Model(in, o);
        m.compile(new CompileOptions().optimizer(new Adam().learningRate(1e-3)).loss("categorical_crossentropy"));
        return m;
    }

    private List<Figure> w2() {
        int n = Math.min(samples, 12800);
        Random r = new Random(2);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        NDArray xs = NDArray.of(x, n, 28, 28, 1);
        NDArray ys = Utils.toCategorical(labels, 10);
        try (Model m = w2Model()) {
            m.fit(xs.slice(0, 128 * 10), ys.slice(0, 128 * 10), new FitOptions().batchSize(128).verbose(0));
            double[] train = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                m.fit(xs, ys, new FitOptions().batchSize(128).epochs(1).verbose(0));
                train[i] = n / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "W2 train run %d: %.0f samples/s%n", i + 1, train[i]);
            }
            notes.put("W2 samples per run", Integer.toString(n));
            return List.of(figure("W2 train", "samples/s", train, true));
        }
    }

    private Figure w4() {
        Random r = new Random(1);
        float[] x = new float[32 * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[32];
        for (int i = 0; i < 32; i++) {
            labels[i] = r.nextInt(10);
        }
        NDArray xs = NDArray.of(x, 32, 784);
        NDArray ys = Utils.toCategorical(labels, 10);
        try (Model m = w1Model()) {
            for (int i = 0; i < 200; i++) {
                m.trainOnBatch(xs, ys);
            }
            MemoryStats before = Device.current().memoryStats();
            double[] times = new double[2000];
            for (int i = 0; i < times.length; i++) {
                long t0 = System.nanoTime();
                m.trainOnBatch(xs, ys);
                times[i] = (System.nanoTime() - t0) / 1e3;
            }
            MemoryStats after = Device.current().memoryStats();
            notes.put("raw allocations per steady-state trainOnBatch step (W4)",
                    String.format(Locale.ROOT, "%.3f", (after.rawAllocations() - before.rawAllocations()) / 2000.0));
            notes.put("pool after W4", after.toString());
            double med = new Median().evaluate(times);
            System.out.printf(Locale.ROOT, "W4 trainOnBatch median: %.0f us%n", med);
            return new Figure("W4 trainOnBatch", "us", med, new double[] {med}, false);
        }
    }

    private static Figure figure(String name, String unit, double[] runs, boolean higherIsBetter) {
        return new Figure(name, unit, new Median().evaluate(runs), runs, higherIsBetter);
    }

    // ---- the PyTorch peer --------------------------------------------------------------------------

    /**
     * PyTorch's best figure per workload over two thread layouts: the brief's 2 torch threads
     * (with single-threaded OpenBLAS, which it needs to avoid oversubscription) and 1 torch
     * thread over 2 OpenBLAS threads. On AVX-512 machines OPENBLAS_CORETYPE=SkylakeX is set,
     * since Debian's OpenBLAS 0.3.21 otherwise falls back to SSE3 kernels there.
     */
    private Map<String, Figure> pytorch(String python) throws IOException, InterruptedException {
        Map<String, Figure> best = new LinkedHashMap<>();
        Path script = Path.of("bench/peers/pytorch_bench.py");
        if (!Files.exists(script) || !Files.isExecutable(Path.of(python))) {
            notes.put("PyTorch", "not run (" + python + " or " + script + " missing)");
            return best;
        }
        String[][] layouts = {{"2", "1"}, {"1", "2"}};
        for (String[] layout : layouts) {
            Map<String, Figure> run = pytorchRun(python, script, layout[0], layout[1]);
            for (Figure f : run.values()) {
                Figure b = best.get(f.workload());
                boolean better = b == null || (f.higherIsBetter() ? f.median() > b.median() : f.median() < b.median());
                if (better) {
                    best.put(f.workload(), f);
                }
            }
        }
        return best;
    }

    private Map<String, Figure> pytorchRun(String python, Path script, String torchThreads, String blasThreads)
            throws IOException, InterruptedException {
        Map<String, Figure> out = new LinkedHashMap<>();
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--threads", torchThreads,
                "--repeats", Integer.toString(repeats), "--samples", Integer.toString(samples),
                "--workloads", String.join(",", workloads)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", blasThreads);
        if (avx512() && System.getenv("OPENBLAS_CORETYPE") == null) {
            pb.environment().put("OPENBLAS_CORETYPE", "SkylakeX");
        }
        Process p = pb.start();
        Pattern fig = Pattern.compile("\"workload\": \"([^\"]+)\", \"unit\": \"([^\"]+)\", \"median\": ([0-9.eE+-]+)");
        Pattern head = Pattern.compile("\"version\": \"([^\"]+)\".*\"sgemm_gflops\": ([0-9.]+)");
        String layout = torchThreads + " torch threads, " + blasThreads + " OpenBLAS threads";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("pytorch (" + layout + ")> " + line);
                Matcher m = fig.matcher(line);
                if (m.find()) {
                    boolean higher = !m.group(2).equals("us");
                    double v = Double.parseDouble(m.group(3));
                    out.put(m.group(1), new Figure(m.group(1) + "", m.group(2), v, new double[] {v}, higher));
                    notes.put("PyTorch " + m.group(1) + " (" + layout + ")",
                            String.format(Locale.ROOT, "%,.0f %s", v, m.group(2)));
                }
                Matcher h = head.matcher(line);
                if (h.find()) {
                    notes.put("PyTorch", h.group(1) + " (Debian python3-torch), flush-denormal on; 1024^3 sgemm "
                            + h.group(2) + " GFLOP/s with " + layout
                            + (Double.parseDouble(h.group(2)) < 20 ? " - its BLAS looks like the reference BLAS:"
                            + " apt-get install libopenblas0-pthread" : ""));
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            notes.put("PyTorch exit status (" + layout + ")", Integer.toString(rc));
        }
        return out;
    }

    private static boolean avx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (IOException e) {
            return false;
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: keep "unknown CPU"
        }
        return String.format(Locale.ROOT, "machine: %s, %d cores, Java %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private static String json(List<Figure> ours, Map<String, Figure> peer, String device) {
        StringBuilder sb = new StringBuilder("{\n  \"device\": \"" + device + "\",\n  \"figures\": [\n");
        for (int i = 0; i < ours.size(); i++) {
            Figure f = ours.get(i);
            Figure p = peer.get(f.workload());
            sb.append(String.format(Locale.ROOT, "    {\"workload\": \"%s\", \"unit\": \"%s\", \"jkeras\": %.1f, "
                    + "\"jkeras_runs\": %s, \"pytorch\": %s}%s%n", f.workload(), f.unit(), f.median(),
                    Arrays.toString(f.runs()), p == null ? "null" : String.format(Locale.ROOT, "%.1f", p.median()),
                    i + 1 < ours.size() ? "," : ""));
        }
        return sb.append("  ]\n}\n").toString();
    }
}
