package io.jkeras.bench;

import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.PredictOptions;
import io.jkeras.Utils;
import io.jkeras.backend.Device;
import io.jkeras.datasets.Dataset;
import io.jkeras.datasets.FashionMnist;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * jkeras's side of the benchmark: the protocol's workloads (bench/peers/README.md) through the
 * Keras API on the current device, each figure with its memory use ({@link MemoryProbe}).
 */
final class JkerasWorkloads {
    private static final int BATCH = 128;
    private static final int W4_CALLS = 2200;
    private static final int W4_WARMUP = 200;
    private static final int W5_BATCH = 512;
    private static final int W5_STEPS = 10;

    private final BenchOptions options;
    private final Device device;
    private final PrintStream log;
    private final Map<String, String> failures;

    /** {@code failures}: where a failed workload is reported, by its first figure's name (the others still run). */
    JkerasWorkloads(BenchOptions options, Device device, PrintStream log, Map<String, String> failures) {
        this.options = options;
        this.device = device;
        this.log = log;
        this.failures = failures;
    }

    /**
     * Runs the workloads in order, handing each figure to {@code out} as soon as it is taken
     * (a stage stopped midway by its timeout still reports what it measured).
     */
    void run(Consumer<OurFigure> out) {
        for (Workload w : options.workloads()) {
            Utils.setRandomSeed(42);
            log.println("---- jkeras " + w.figures().get(0) + " on " + device);
            try {
                switch (w) {
                    case W1 -> w1(out);
                    case W2 -> out.accept(w2());
                    case W3 -> {
                        if (FashionMnist.isPresent(options.data())) {
                            out.accept(w3());
                        }
                    }
                    case W4 -> out.accept(w4());
                    case W5 -> out.accept(w5());
                }
            } catch (RuntimeException | IOException e) {
                // one workload's failure (out of device memory, an unreadable data set) must not cost the others
                e.printStackTrace(log);
                failures.put(w.figures().get(0), e.toString());
            }
        }
    }

    private void w1(Consumer<OurFigure> out) {
        int n = options.samples();
        Random r = new Random(0);
        NDArray xs = NDArray.of(Synthetic.normal(n * 784, r), n, 784);
        NDArray ys = Utils.toCategorical(Synthetic.labels(n, 10, r), 10);
        MemoryProbe probe = MemoryProbe.start(device);
        try (Model m = Models.mlp("categorical_crossentropy")) {
            out.accept(train("W1 train", m, xs, ys, n, probe));
            MemoryProbe p2 = MemoryProbe.start(device);
            long b0 = p2.rawAllocations();
            List<Double> predict = new ArrayList<>();
            for (int i = 0; i < options.repeats(); i++) {
                double s = seconds(() -> m.predict(xs, new PredictOptions().batchSize(1024)));
                predict.add(n / s);
                run("W1 predict", i, predict.get(i), "samples/s");
            }
            double batches = (double) options.repeats() * ceilDiv(n, 1024);
            out.accept(OurFigure.of(Figure.of("W1 predict", "samples/s", predict), p2,
                    (p2.rawAllocations() - b0) / batches));
        }
    }

    private OurFigure w2() {
        int n = Math.min(options.samples(), 12800);
        Random r = new Random(2);
        NDArray xs = NDArray.of(Synthetic.normal(n * 784, r), n, 28, 28, 1);
        NDArray ys = Utils.toCategorical(Synthetic.labels(n, 10, r), 10);
        MemoryProbe probe = MemoryProbe.start(device);
        try (Model m = Models.cnn("categorical_crossentropy")) {
            return train("W2 train", m, xs, ys, n, probe);
        }
    }

    /**
     * Trains {@code m} on its first 20 batches (warm-up: JIT, pool, plans), then times
     * {@code repeats} epochs over all {@code n} samples: samples/s, with the raw allocations
     * per timed step from {@code probe}.
     */
    private OurFigure train(String name, Model m, NDArray xs, NDArray ys, int n, MemoryProbe probe) {
        int warm = Math.min(n, BATCH * 20);
        m.fit(xs.slice(0, warm), ys.slice(0, warm), new FitOptions().batchSize(BATCH).verbose(0));
        long a0 = probe.rawAllocations();
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < options.repeats(); i++) {
            double s = seconds(() -> m.fit(xs, ys, new FitOptions().batchSize(BATCH).epochs(1).verbose(0)));
            rates.add(n / s);
            run(name, i, rates.get(i), "samples/s");
        }
        double steps = (double) options.repeats() * ceilDiv(n, BATCH);
        return OurFigure.of(Figure.of(name, "samples/s", rates), probe, (probe.rawAllocations() - a0) / steps);
    }

    /** Three epochs of the W2 model on Fashion-MNIST from fresh weights: one run, however many repeats. */
    private OurFigure w3() throws IOException {
        Dataset d = scaled(FashionMnist.load(options.data()));
        NDArray xTrain = d.xTrain();
        NDArray xTest = d.xTest();
        MemoryProbe probe = MemoryProbe.start(device);
        try (Model m = Models.cnn("sparse_categorical_crossentropy", "accuracy")) {
            double s = seconds(() -> m.fit(xTrain, d.yTrain(), new FitOptions().batchSize(BATCH).epochs(3)
                    .verbose(0)));
            List<Double> scores = m.evaluate(xTest, d.yTest(), new EvaluateOptions().batchSize(1024).verbose(0));
            log.printf(Locale.ROOT, "W3 Fashion-MNIST: %.1f s for 3 epochs, test accuracy %.4f%n", s, scores.get(1));
            Figure f = Figure.of("W3 Fashion-MNIST", "s", List.of(s)).withExtra("accuracy", scores.get(1));
            return OurFigure.of(f, probe, null);
        }
    }

    private OurFigure w4() {
        Random r = new Random(1);
        NDArray xs = NDArray.of(Synthetic.normal(32 * 784, r), 32, 784);
        NDArray ys = Utils.toCategorical(Synthetic.labels(32, 10, r), 10);
        MemoryProbe probe = MemoryProbe.start(device);
        try (Model m = Models.mlp("categorical_crossentropy")) {
            for (int i = 0; i < W4_WARMUP; i++) {
                m.trainOnBatch(xs, ys);
            }
            long a0 = probe.rawAllocations();
            double[] us = new double[W4_CALLS - W4_WARMUP];
            for (int i = 0; i < us.length; i++) {
                long t0 = System.nanoTime();
                m.trainOnBatch(xs, ys);
                us[i] = (System.nanoTime() - t0) / 1e3;
            }
            double med = Stats.median(us);
            log.printf(Locale.ROOT, "W4 trainOnBatch: median %.0f us over %d calls%n", med, us.length);
            Figure f = new Figure("W4 trainOnBatch", "us", med, List.of(med), null, Map.of());
            return OurFigure.of(f, probe, (probe.rawAllocations() - a0) / (double) us.length);
        }
    }

    private OurFigure w5() {
        int n = W5_BATCH * W5_STEPS;
        Random r = new Random(5);
        NDArray xs = NDArray.of(Synthetic.normal(n * 4096, r), n, 4096);
        NDArray ys = NDArray.ofInts(Synthetic.labels(n, 4096, r));
        MemoryProbe probe = MemoryProbe.start(device);
        try (Model m = Models.wide("sparse_categorical_crossentropy")) {
            m.fit(xs.slice(0, 2 * W5_BATCH), ys.slice(0, 2 * W5_BATCH),
                    new FitOptions().batchSize(W5_BATCH).verbose(0));
            long a0 = probe.rawAllocations();
            List<Double> gflops = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < options.repeats(); i++) {
                double s = seconds(() -> m.fit(xs, ys, new FitOptions().batchSize(W5_BATCH).epochs(1).verbose(0)));
                rates.add(n / s);
                gflops.add(n * Workload.W5_FLOPS_PER_SAMPLE / s / 1e9);
                run("W5 wide MLP train", i, gflops.get(i), "GFLOP/s");
            }
            Figure f = Figure.of("W5 wide MLP train", "GFLOP/s", gflops).withExtra("samples_per_s", Stats.median(rates));
            return OurFigure.of(f, probe, (probe.rawAllocations() - a0) / (double) (options.repeats() * W5_STEPS));
        }
    }

    private void run(String what, int i, double value, String unit) {
        log.printf(Locale.ROOT, "%s run %d: %,.1f %s%n", what, i + 1, value, unit);
    }

    /**
     * The images scaled to [0, 1] and shaped (n, 28, 28, 1), the labels as loaded; the loaded
     * images are not kept, as {@code x_train = x_train / 255.0} drops them in Python. Kept, they
     * added 140 MiB to W3's peak RSS (1,117 MiB after one epoch and the evaluation, 978 without).
     */
    private static Dataset scaled(Dataset loaded) {
        return new Dataset(loaded.xTrain().divide(255f).reshape(-1, 28, 28, 1), loaded.yTrain(),
                loaded.xTest().divide(255f).reshape(-1, 28, 28, 1), loaded.yTest());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static double seconds(Runnable body) {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
