package io.jkeras.training;

import io.jkeras.Data;
import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.History;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.OnBatchOptions;
import io.jkeras.PredictOptions;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.CallbackList;
import io.jkeras.callbacks.Logs;
import io.jkeras.callbacks.Progbar;
import io.jkeras.callbacks.ProgbarLogger;
import io.jkeras.layers.Functional;
import io.jkeras.ops.RandomSeeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The loops of fit, evaluate and predict over arrays, after Keras 2.3's training_arrays.py.
 *
 * <p>Who owns what: {@link DataStandardizer} checks x, y and weights; this class owns epochs,
 * batching and shuffling, validation and the callbacks; {@link StepRunner} owns what happens
 * on the device in one step; {@link CompiledModel} owns losses, metrics and their names.
 */
public final class Trainer implements AutoCloseable {
    private static final int DEFAULT_BATCH = 32;

    private final Model model;
    private final Functional graph;
    private final CompiledModel compiled;
    private final StepRunner runner;
    private final Backend backend;
    private final DeviceBatch.Staging staging = new DeviceBatch.Staging();

    /** {@code compiled} may be null: such a trainer can only predict. */
    public Trainer(Model model, Functional graph, CompiledModel compiled, Backend backend) {
        this.model = model;
        this.graph = graph;
        this.compiled = compiled;
        this.backend = backend;
        this.runner = compiled == null ? null : new StepRunner(graph, compiled, backend);
    }

    private void requireCompiled() {
        if (compiled == null) {
            throw new IllegalStateException("You must compile a model before training/testing. Use "
                    + "`model.compile(optimizer, loss)`.");
        }
    }

    // ---- fit ---------------------------------------------------------------------------------

    public History fit(Data x, Data y, FitOptions o) {
        requireCompiled();
        int batchSize = o.batchSize() != null ? o.batchSize() : DEFAULT_BATCH;
        ArrayData data = DataStandardizer.standardize(graph, compiled, x, y, o.sampleWeight(), o.classWeight());
        ArrayData val = null;
        if (o.validationX() != null) {
            val = DataStandardizer.standardize(graph, compiled, o.validationX(), o.validationY(), o.validationWeights(),
                    null);
        } else if (o.validationSplit() > 0) {
            int splitAt = (int) (data.samples() * (1.0 - o.validationSplit()));
            if (splitAt == 0 || splitAt == data.samples()) {
                throw new IllegalArgumentException("Training data contains " + data.samples() + " samples, which is"
                        + " not sufficient to split it into a validation and training set as specified by"
                        + " `validation_split=" + o.validationSplit() + "`. Either provide more data, or a different"
                        + " value for the `validation_split` argument.");
            }
            val = data.slice(splitAt, data.samples());
            data = data.slice(0, splitAt);
        }
        boolean doValidation = val != null;
        History history = new History();
        List<Callback> cbs = new ArrayList<>();
        List<String> names = compiled.metricsNames();
        if (o.verbose() > 0) {
            cbs.add(new ProgbarLogger("samples", names.subList(1, names.size())));
        }
        cbs.addAll(o.callbacks());
        cbs.add(history);
        CallbackList callbacks = new CallbackList(cbs);
        callbacks.setModel(model);
        List<String> allNames = new ArrayList<>(names);
        if (doValidation) {
            names.forEach(n -> allNames.add("val_" + n));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("batch_size", batchSize);
        params.put("epochs", o.epochs());
        params.put("steps", null);
        params.put("samples", data.samples());
        params.put("verbose", o.verbose());
        params.put("do_validation", doValidation);
        params.put("metrics", allNames);
        callbacks.setParams(params);
        if (doValidation && o.verbose() > 0) {
            System.out.println("Train on " + data.samples() + " samples, validate on " + val.samples() + " samples");
        }
        model.stopTraining(false);
        callbacks.onTrainBegin(new Logs());
        Random rng = new Random(RandomSeeds.next());
        int n = data.samples();
        for (int epoch = o.initialEpoch(); epoch < o.epochs(); epoch++) {
            compiled.resetMetrics();
            callbacks.onEpochBegin(epoch, new Logs());
            int[] order = epochOrder(n, batchSize, o, rng);
            boolean completed = true;
            int batchIndex = 0;
            for (int start = 0; start < n; start += batchSize, batchIndex++) {
                int end = Math.min(n, start + batchSize);
                Logs batchLogs = new Logs();
                batchLogs.put("batch", (double) batchIndex);
                batchLogs.put("size", (double) (end - start));
                callbacks.onTrainBatchBegin(batchIndex, batchLogs);
                try (TensorScope scope = TensorScope.open()) {
                    runner.train(DeviceBatch.upload(data, order, start, end, backend, staging));
                }
                addMetricLogs(batchLogs, "");
                callbacks.onTrainBatchEnd(batchIndex, batchLogs);
                if (model.stopTraining()) {
                    completed = end == n;
                    break;
                }
            }
            Logs epochLogs = new Logs();
            epochLogs.put("loss", compiled.lossMean().result());
            List<Double> results = compiled.metricResults();
            for (int i = 0; i < results.size(); i++) {
                epochLogs.put(names.get(i + 1), results.get(i));
            }
            if (doValidation && completed && o.validatesAfter(epoch)) {
                List<Double> v = testLoop(val, batchSize, callbacks, 0);
                for (int i = 0; i < v.size(); i++) {
                    epochLogs.put("val_" + names.get(i), v.get(i));
                }
            }
            callbacks.onEpochEnd(epoch, epochLogs);
            if (model.stopTraining()) {
                break;
            }
        }
        callbacks.onTrainEnd(new Logs());
        return history;
    }

    /** The sample order of one epoch, or null for the natural order (uploaded without gathering). */
    private static int[] epochOrder(int n, int batchSize, FitOptions o, Random rng) {
        if (!o.shuffle()) {
            return null;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (o.isShuffleBatch()) {
            // Keras's batch_shuffle: whole batch-sized blocks move; a trailing partial block stays last
            int blocks = n / batchSize;
            int[] perm = new int[blocks];
            for (int i = 0; i < blocks; i++) {
                perm[i] = i;
            }
            shuffle(perm, rng);
            int[] out = order.clone();
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(order, perm[b] * batchSize, out, b * batchSize, batchSize);
            }
            return out;
        }
        shuffle(order, rng);
        return order;
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Adds lazy loss and metric values in metricsNames order, each read from the device on demand. */
    private void addMetricLogs(Logs logs, String prefix) {
        List<String> names = compiled.metricsNames();
        logs.lazy(prefix + "loss", runner::lastLoss);
        int i = 1;
        for (int k = 0; k < compiled.outputCount(); k++) {
            var mean = compiled.outputLossMean(k);
            if (mean != null) {
                logs.lazy(prefix + names.get(i++), mean::result);
            }
        }
        for (CompiledModel.MetricEntry m : compiled.metrics()) {
            logs.lazy(prefix + names.get(i++), m.metric()::result);
        }
    }

    // ---- evaluate ------------------------------------------------------------------------------

    public List<Double> evaluate(Data x, Data y, EvaluateOptions o) {
        requireCompiled();
        int batchSize = o.batchSize() != null ? o.batchSize() : DEFAULT_BATCH;
        ArrayData data = DataStandardizer.standardize(graph, compiled, x, y, o.sampleWeight(), null);
        CallbackList callbacks = new CallbackList(o.callbacks());
        callbacks.setModel(model);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("batch_size", batchSize);
        params.put("steps", null);
        params.put("samples", data.samples());
        params.put("verbose", o.verbose());
        params.put("metrics", compiled.metricsNames());
        callbacks.setParams(params);
        return testLoop(data, batchSize, callbacks, o.verbose());
    }

    /** Keras's test_loop: loss as the batch-size-weighted mean, metrics as their final state. */
    private List<Double> testLoop(ArrayData data, int batchSize, CallbackList callbacks, int verbose) {
        compiled.resetMetrics();
        callbacks.onTestBegin(new Logs());
        int n = data.samples();
        Progbar bar = verbose == 1 ? new Progbar(n, 1, new HashSet<>(), System.out, System.console() != null) : null;
        int batchIndex = 0;
        for (int start = 0; start < n; start += batchSize, batchIndex++) {
            int end = Math.min(n, start + batchSize);
            Logs logs = new Logs();
            logs.put("batch", (double) batchIndex);
            logs.put("size", (double) (end - start));
            callbacks.onTestBatchBegin(batchIndex, logs);
            try (TensorScope scope = TensorScope.open()) {
                runner.test(DeviceBatch.upload(data, null, start, end, backend, staging));
            }
            addMetricLogs(logs, "");
            callbacks.onTestBatchEnd(batchIndex, logs);
            if (bar != null) {
                bar.update(end, Map.of());
            }
        }
        List<Double> out = new ArrayList<>();
        out.add(compiled.lossMean().result());
        out.addAll(compiled.metricResults());
        callbacks.onTestEnd(new Logs());
        return out;
    }

    // ---- predict -------------------------------------------------------------------------------

    public List<NDArray> predict(Data x, PredictOptions o) {
        int batchSize = o.batchSize() != null ? o.batchSize() : DEFAULT_BATCH;
        List<NDArray> xs = DataStandardizer.inputs(graph, x);
        CallbackList callbacks = new CallbackList(o.callbacks());
        callbacks.setModel(model);
        int n = xs.get(0).length();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("batch_size", batchSize);
        params.put("steps", null);
        params.put("samples", n);
        params.put("verbose", o.verbose());
        callbacks.setParams(params);
        callbacks.onPredictBegin(new Logs());
        Progbar bar = o.verbose() == 1 ? new Progbar(n, 1, new HashSet<>(), System.out, System.console() != null) : null;
        List<float[]> results = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        int batchIndex = 0;
        for (int start = 0; start < n; start += batchSize, batchIndex++) {
            int end = Math.min(n, start + batchSize);
            Logs logs = new Logs();
            logs.put("batch", (double) batchIndex);
            logs.put("size", (double) (end - start));
            callbacks.onPredictBatchBegin(batchIndex, logs);
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> in = DeviceBatch.uploadAll(xs, null, start, end, backend, staging, 0);
                List<Tensor> outs = predictStep(in);
                for (int k = 0; k < outs.size(); k++) {
                    Tensor t = outs.get(k);
                    if (results.size() <= k) {
                        int[] s = t.shape();
                        s[0] = n;
                        shapes.add(s);
                        results.add(new float[n * (t.size() / Math.max(1, end - start))]);
                    }
                    backend.download(t, results.get(k), start * (results.get(k).length / Math.max(1, n)));
                }
            }
            callbacks.onPredictBatchEnd(batchIndex, logs);
            if (bar != null) {
                bar.update(end, Map.of());
            }
        }
        callbacks.onPredictEnd(new Logs());
        if (results.isEmpty()) {
            for (var t : graph.outputs()) {
                int[] s = t.shape();
                s[0] = 0;
                shapes.add(s);
                results.add(new float[0]);
            }
        }
        List<NDArray> out = new ArrayList<>();
        for (int k = 0; k < results.size(); k++) {
            out.add(NDArray.of(results.get(k), shapes.get(k)));
        }
        return out;
    }

    private List<Tensor> predictStep(List<Tensor> in) {
        return runner != null ? runner.predict(in) : graph.call(in, false);
    }

    // ---- one batch ---------------------------------------------------------------------------

    public List<Double> trainOnBatch(Data x, Data y, OnBatchOptions o) {
        requireCompiled();
        ArrayData data = DataStandardizer.standardize(graph, compiled, x, y, o.sampleWeight(), o.classWeight());
        try (TensorScope scope = TensorScope.open()) {
            runner.train(DeviceBatch.upload(data, null, 0, data.samples(), backend, staging));
        }
        return onBatchResults(o.resetMetrics());
    }

    public List<Double> testOnBatch(Data x, Data y, OnBatchOptions o) {
        requireCompiled();
        if (o.classWeight() != null) {
            throw new IllegalArgumentException("testOnBatch does not take class weights (they apply to training only)");
        }
        ArrayData data = DataStandardizer.standardize(graph, compiled, x, y, o.sampleWeight(), null);
        try (TensorScope scope = TensorScope.open()) {
            runner.test(DeviceBatch.upload(data, null, 0, data.samples(), backend, staging));
        }
        return onBatchResults(o.resetMetrics());
    }

    private List<Double> onBatchResults(boolean reset) {
        List<Double> out = new ArrayList<>();
        out.add(runner.lastLoss());
        out.addAll(compiled.metricResults());
        if (reset) {
            compiled.resetMetrics();
        }
        return out;
    }

    public List<NDArray> predictOnBatch(Data x) {
        List<NDArray> xs = DataStandardizer.inputs(graph, x);
        int n = xs.get(0).length();
        List<NDArray> out = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> in = DeviceBatch.uploadAll(xs, null, 0, n, backend, staging, 0);
            for (Tensor t : predictStep(in)) {
                out.add(NDArray.of(t.toFloatArray(), t.shape()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }
}
