package io.jkeras.peers.dl4j;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The protocol's workloads. Training goes through {@code MultiLayerNetwork.fit(DataSetIterator)}, one call
 * per epoch, over an {@link ExistingDataSetIterator} of pre-made batch views (see {@link Data}); that iterator
 * is not asynchronous, so DL4J adds no prefetch thread or copy. Each epoch starts with an in-place shuffle
 * of the whole set, counted in the epoch's time as the other peers count theirs.
 */
final class Workloads {
    private static final int WARMUP_BATCHES = 20;
    private static final long W5_FLOPS_PER_SAMPLE = 5L * 2 * 4096 * 4096;

    private final BenchArgs args;

    Workloads(BenchArgs args) {
        this.args = args;
    }

    /** W1 train and W1 predict. */
    void w1() {
        Data d = Data.synthetic(args.samples, 784, 10, 128, 1);
        MultiLayerNetwork net = Models.mlp784(11);
        List<Double> rates = trainEpochs(net, d, 101);
        emit("W1 train", "samples/s", rates, Map.of());

        INDArray x = d.all.getFeatures();
        long n = x.size(0);
        List<INDArray> predictBatches = new ArrayList<>();
        for (long start = 0; start < n; start += 1024) {
            predictBatches.add(x.get(NDArrayIndex.interval(start, Math.min(n, start + 1024)), NDArrayIndex.all()));
        }
        rates = new ArrayList<>();
        for (int r = 0; r < args.repeats; r++) {
            long t0 = System.nanoTime();
            for (INDArray batch : predictBatches) {
                net.output(batch);
            }
            rates.add(n / seconds(t0));
        }
        emit("W1 predict", "samples/s", rates, Map.of());
    }

    /** W2 train: the CNN on min(samples, 12800) synthetic images. */
    void w2() {
        Data d = Data.synthetic(Math.min(args.samples, 12800), 784, 10, 128, 2);
        MultiLayerNetwork net = Models.cnn(12);
        emit("W2 train", "samples/s", trainEpochs(net, d, 201), Map.of());
    }

    /** W3: the CNN trained 3 epochs on Fashion-MNIST (timed), then its test accuracy (not timed). */
    void w3() throws IOException {
        Data train = FashionMnist.load(args.data, "train", 128);
        Data test = FashionMnist.load(args.data, "t10k", 1024);
        List<Double> times = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        for (int r = 0; r < args.repeats; r++) {
            MultiLayerNetwork net = Models.cnn(13 + r);
            long t0 = System.nanoTime();
            for (int epoch = 0; epoch < 3; epoch++) {
                train.all.shuffle(301 + 10L * r + epoch);
                net.fit(new ExistingDataSetIterator(train.batches));
            }
            times.add(seconds(t0));
            Evaluation eval = net.evaluate(new ExistingDataSetIterator(test.batches));
            accuracies.add(eval.accuracy());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("accuracy", accuracies.get(accuracies.size() - 1));
        if (accuracies.size() > 1) {
            extra.put("accuracy_runs", accuracies);
        }
        extra.put("epochs", 3);
        emit("W3 Fashion-MNIST", "s", times, extra);
    }

    /** W4: fit(DataSet) on one fixed batch of 32, then score() (the loss as a host double), per call. */
    void w4() {
        Data d = Data.synthetic(32, 784, 10, 32, 4);
        DataSet batch = d.batches.get(0);
        MultiLayerNetwork net = Models.mlp784(14);
        List<Double> micros = new ArrayList<>();
        double loss = 0;
        for (int i = 0; i < 2200; i++) {
            long t0 = System.nanoTime();
            net.fit(batch);
            loss = net.score();
            if (i >= 200) {
                micros.add((System.nanoTime() - t0) / 1e3);
            }
        }
        double median = median(micros);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("calls", micros.size());
        extra.put("last_loss", loss);
        emitFigure("W4 trainOnBatch", "us", median, List.of(median), extra);
    }

    /** W5: the wide MLP at batch 512, 2 warm-up batches, runs of 10 batches; GFLOP/s of the five GEMMs. */
    void w5() {
        Data d = Data.synthetic(10 * 512, 4096, 4096, 512, 5);
        MultiLayerNetwork net = Models.wide(15);
        net.fit(new ExistingDataSetIterator(d.batches.subList(0, 2)));
        List<Double> gflops = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < args.repeats; r++) {
            long t0 = System.nanoTime();
            net.fit(new ExistingDataSetIterator(d.batches));
            double rate = d.size() / seconds(t0);
            rates.add(rate);
            gflops.add(rate * W5_FLOPS_PER_SAMPLE / 1e9);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("samples_per_s", median(rates));
        extra.put("batch", 512);
        extra.put("batches_per_run", d.batches.size());
        emit("W5 wide MLP train", "GFLOP/s", gflops, extra);
    }

    /** Warm-up on the first batches, then one timed epoch per repeat; samples/s of each epoch. */
    private List<Double> trainEpochs(MultiLayerNetwork net, Data d, long shuffleSeed) {
        net.fit(new ExistingDataSetIterator(d.batches.subList(0, Math.min(WARMUP_BATCHES, d.batches.size()))));
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < args.repeats; r++) {
            long t0 = System.nanoTime();
            d.all.shuffle(shuffleSeed + r);
            net.fit(new ExistingDataSetIterator(d.batches));
            rates.add(d.size() / seconds(t0));
        }
        return rates;
    }

    private static void emit(String workload, String unit, List<Double> runs, Map<String, Object> extra) {
        emitFigure(workload, unit, median(runs), runs, extra);
    }

    private static void emitFigure(String workload, String unit, double median, List<Double> runs,
                                   Map<String, Object> extra) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workload", workload);
        line.put("unit", unit);
        line.put("median", median);
        line.put("runs", runs);
        double rss = ProcessFacts.peakRssMb();
        if (rss >= 0) {
            line.put("peak_rss_mb", rss);
        }
        line.putAll(extra);
        Json.emit(line);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
