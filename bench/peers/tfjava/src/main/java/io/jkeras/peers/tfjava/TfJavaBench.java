package io.jkeras.peers.tfjava;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import org.tensorflow.Result;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow Java peer of jkeras's benchmark (scripts/bench): the protocol's workloads
 * W1-W5 written the TensorFlow Java way (a Graph built with Ops, the framework's Adam, a
 * Session fed batch tensors), one JSON object per line on stdout, logging on stderr.
 *
 * <pre>
 * TfJavaBench [--threads 2] [--inter-op 1] [--repeats 3] [--samples 60000]
 *             [--workloads w1,w2,w4] [--data DIR] [--device cpu]
 * </pre>
 *
 * <p>Threads: --threads sets the session's intra-op pool (the one every kernel, oneDNN's
 * included, splits its work over); --inter-op the pool that runs independent graph nodes side by
 * side. TensorFlow makes both pools once per process, from the first session's ConfigProto, and
 * every session here uses the same one.
 */
public final class TfJavaBench {

    private static final List<String> ALL = List.of("w1", "w2", "w3", "w4", "w5");
    private static final String DEFAULT_DATA = "/usr/share/datasets/fashion-mnist";
    private static final int BATCH = 128;
    private static final int WARMUP_BATCHES = 20;

    private final int threads;
    private final int interOp;
    private final int repeats;
    private final int samples;
    private final Path data;
    private final ConfigProto config;
    private final SplittableRandom shuffler = new SplittableRandom(7);
    /** The figure being measured, named in an error line if it fails. */
    private String current;

    private TfJavaBench(int threads, int interOp, int repeats, int samples, Path data) {
        this.threads = threads;
        this.interOp = interOp;
        this.repeats = repeats;
        this.samples = samples;
        this.data = data;
        this.config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(interOp)
                .build();
    }

    public static void main(String[] args) {
        int threads = 2;
        // inter-op 1: measured against 2 on the 2-core machine (W1 and W2 slightly faster with 1:
        // these graphs are chains, and a second inter-op thread only competes for the cores)
        int interOp = 1;
        int repeats = 3;
        int samples = 60000;
        String workloads = "w1,w2,w4";
        String data = DEFAULT_DATA;
        try {
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + ": expected a value, given none");
                }
                String value = args[++i];
                switch (name) {
                    case "--threads" -> threads = positive(name, value);
                    case "--inter-op" -> interOp = positive(name, value);
                    case "--repeats" -> repeats = positive(name, value);
                    case "--samples" -> samples = positive(name, value);
                    case "--workloads" -> workloads = value;
                    case "--data" -> data = value;
                    case "--device" -> {
                        if (!value.equals("cpu")) {
                            throw new IllegalArgumentException("--device: expected cpu (this build has TF's CPU "
                                    + "runtime only), given " + value);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + name + "; expected --threads, "
                            + "--inter-op, --repeats, --samples, --workloads, --data or --device");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("TfJavaBench: " + e.getMessage());
            System.exit(2);
        }
        Set<String> todo = new LinkedHashSet<>();
        for (String w : workloads.split(",")) {
            String name = w.trim().toLowerCase();
            if (!ALL.contains(name)) {
                System.err.println("TfJavaBench: --workloads: expected names among " + ALL + ", given " + w);
                System.exit(2);
            }
            todo.add(name);
        }
        System.exit(new TfJavaBench(threads, interOp, repeats, samples, Path.of(data)).run(todo) ? 0 : 1);
    }

    private static int positive(String name, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": expected a positive integer, given " + value);
    }

    /** Runs the workloads in the protocol's order; false when any failed. */
    private boolean run(Set<String> todo) {
        header().emit();
        boolean ok = true;
        for (String w : ALL) {
            if (!todo.contains(w)) {
                continue;
            }
            try {
                switch (w) {
                    case "w1" -> w1();
                    case "w2" -> w2();
                    case "w3" -> w3();
                    case "w4" -> w4();
                    default -> w5();
                }
            } catch (Exception | Error e) {
                e.printStackTrace();
                new JsonLine().put("workload", current).put("error", e.getClass().getSimpleName() + ": " + e.getMessage()).emit();
                ok = false;
            }
        }
        return ok;
    }

    private JsonLine header() {
        String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        return new JsonLine()
                .put("peer", "tensorflow-java")
                .put("version", tfJavaVersion())
                .put("threads", threads)
                .put("inter_op_threads", interOp)
                .put("tensorflow", TensorFlow.version())
                .put("onednn_opts", onednn == null ? "default (on for x86-64 Linux)" : onednn)
                .put("cpu", cpuFacts())
                .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("layout", "NHWC")
                .put("optimizer", "tensorflow-framework Adam (ApplyAdam)");
    }

    /** W1: MLP 784-512-512-10, one shuffled epoch per run at batch 128; then predict at 1024. */
    private void w1() {
        current = "W1 train";
        try (Batches set = Batches.synthetic(samples, Shape.of(784), 10, 1);
             Net net = Net.mlp(config, 11, 784, 512, 512, 10)) {
            double[] train = timedEpochs(net, set);
            JsonLine.figure("W1 train", "samples/s", train).put("samples", samples).emit();
            current = "W1 predict";
            double[] predict = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (int start = 0; start < samples; start += 1024) {
                    int size = Math.min(1024, samples - start);
                    set.slice(start, size);
                    try (Result probabilities = net.predict(set.inputBatch(size))) {
                        // fetched into host memory: that is the prediction
                    }
                }
                predict[r] = samples / seconds(t0);
            }
            JsonLine.figure("W1 predict", "samples/s", predict).put("samples", samples).emit();
        }
    }

    /** W2: the CNN on synthetic 28x28x1 inputs, min(samples, 12800) per epoch. */
    private void w2() {
        current = "W2 train";
        int n = Math.min(samples, 12800);
        try (Batches set = Batches.synthetic(n, Shape.of(28, 28, 1), 10, 2);
             Net net = Net.cnn(config, 21)) {
            JsonLine.figure("W2 train", "samples/s", timedEpochs(net, set)).put("samples", n).emit();
        }
    }

    /** W3: the CNN trained 3 epochs on Fashion-MNIST; wall time of the epochs, then test accuracy. */
    private void w3() throws IOException {
        current = "W3 Fashion-MNIST";
        try (Batches train = FashionMnist.load(data, "train"); Batches test = FashionMnist.load(data, "t10k")) {
            double[] times = new double[repeats];
            List<Double> accuracies = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                try (Net net = Net.cnn(config, 31 + 10L * r)) {
                    int[] order = range(train.count());
                    // no warm-up: like Keras's fit, the first step's graph set-up is part of the time
                    long t0 = System.nanoTime();
                    for (int epoch = 1; epoch <= 3; epoch++) {
                        float loss = epoch(net, train, order, train.count());
                        System.err.printf("W3 run %d epoch %d: last batch loss %.4f%n", r + 1, epoch, loss);
                    }
                    times[r] = seconds(t0);
                    accuracies.add(accuracy(net, test));
                    System.err.printf("W3 run %d: %.1f s, test accuracy %.4f%n", r + 1, times[r], accuracies.get(r));
                }
            }
            JsonLine line = JsonLine.figure("W3 Fashion-MNIST", "s", times).put("accuracy", accuracies.get(repeats - 1));
            if (repeats > 1) {
                line.put("accuracies", accuracies);
            }
            line.put("epochs", 3).put("samples", train.count()).emit();
        }
    }

    /** W4: 2,200 train steps on one fixed batch of 32 (loss read back each call), first 200 dropped. */
    private void w4() {
        current = "W4 trainOnBatch";
        try (Batches set = Batches.synthetic(32, Shape.of(784), 10, 4);
             Net net = Net.mlp(config, 41, 784, 512, 512, 10)) {
            set.slice(0, 32);
            double[] micros = new double[2000];
            for (int i = 0; i < 2200; i++) {
                long t0 = System.nanoTime();
                net.train(set.inputBatch(32), set.labelBatch(32), true);
                if (i >= 200) {
                    micros[i - 200] = (System.nanoTime() - t0) / 1e3;
                }
            }
            double median = JsonLine.median(micros);
            JsonLine.figure("W4 trainOnBatch", "us", new double[] {median}).put("calls", micros.length).emit();
        }
    }

    /** W5: MLP 4096-4096-4096 at batch 512; 2 warm-up steps, then runs of 10 steps. */
    private void w5() {
        current = "W5 wide MLP train";
        int batch = 512;
        int steps = 10;
        double flopsPerSample = 5.0 * 2 * 4096 * 4096;
        try (Batches set = Batches.synthetic(steps * batch, Shape.of(4096), 4096, 5);
             Net net = Net.mlp(config, 51, 4096, 4096, 4096)) {
            for (int i = 0; i < 2; i++) {
                set.slice(i * batch, batch);
                net.train(set.inputBatch(batch), set.labelBatch(batch), false);
            }
            double[] gflops = new double[repeats];
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    set.slice(i * batch, batch);
                    net.train(set.inputBatch(batch), set.labelBatch(batch), false);
                }
                double s = seconds(t0);
                rates[r] = steps * batch / s;
                gflops[r] = rates[r] * flopsPerSample / 1e9;
            }
            JsonLine.figure("W5 wide MLP train", "GFLOP/s", gflops)
                    .put("samples_per_s", JsonLine.median(rates)).put("batch", batch).emit();
        }
    }

    /** Warm-up of 20 batches, then `repeats` timed epochs; samples/s of each. */
    private double[] timedEpochs(Net net, Batches set) {
        int[] order = range(set.count());
        epoch(net, set, order, Math.min(set.count(), WARMUP_BATCHES * BATCH));
        double[] rates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            epoch(net, set, order, set.count());
            rates[r] = set.count() / seconds(t0);
        }
        return rates;
    }

    /** One epoch over the first `count` samples of a fresh shuffle; the last batch's loss. */
    private float epoch(Net net, Batches set, int[] order, int count) {
        shuffle(order);
        float loss = Float.NaN;
        for (int start = 0; start < count; start += BATCH) {
            int size = Math.min(BATCH, count - start);
            set.gather(order, start, size);
            loss = net.train(set.inputBatch(size), set.labelBatch(size), start + size >= count);
        }
        return loss;
    }

    private static double accuracy(Net net, Batches test) {
        int correct = 0;
        int batch = 1000;
        for (int start = 0; start < test.count(); start += batch) {
            int size = Math.min(batch, test.count() - start);
            test.slice(start, size);
            try (Result r = net.predict(test.inputBatch(size))) {
                TFloat32 p = (TFloat32) r.get(0);
                for (int i = 0; i < size; i++) {
                    int best = 0;
                    for (int c = 1; c < 10; c++) {
                        if (p.getFloat(i, c) > p.getFloat(i, best)) {
                            best = c;
                        }
                    }
                    if (best == test.label(start + i)) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / test.count();
    }

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffler.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** tensorflow-core-api's version, as its jar's Maven metadata records it. */
    private static String tfJavaVersion() {
        try (InputStream in = TensorFlow.class.getResourceAsStream(
                "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // reported as unknown
        }
        return "unknown";
    }

    /** The CPU model and its widest vector extensions, from /proc/cpuinfo. */
    private static String cpuFacts() {
        try {
            String model = "unknown CPU";
            String flags = "";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals("unknown CPU")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    flags = " " + line.substring(line.indexOf(':') + 1).trim() + " ";
                }
            }
            List<String> simd = new ArrayList<>();
            for (String f : List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8")) {
                if (flags.contains(" " + f + " ")) {
                    simd.add(f);
                }
            }
            return model + ", " + Runtime.getRuntime().availableProcessors() + " cpus, " + String.join(" ", simd);
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
