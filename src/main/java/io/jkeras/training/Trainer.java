package io.jkeras.training;

import io.jkeras.Batch;
import io.jkeras.Data;
import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.History;
import io.jkeras.LoopOptions;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.OnBatchOptions;
import io.jkeras.PredictOptions;
import io.jkeras.Sequence;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.CallbackList;
import io.jkeras.callbacks.Logs;
import io.jkeras.callbacks.Progbar;
import io.jkeras.callbacks.ProgbarLogger;
import io.jkeras.layers.Functional;
import io.jkeras.backend.CounterRng;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The loops of fit, evaluate and predict, after Keras 2.3's training_arrays.py and
 * training_generator.py (with Keras 2.15's choices where the issue notes say so).
 *
 * <p>Who owns what: a {@link BatchStream} owns x, y, weights, batching, shuffling and
 * read-ahead ({@link DataStandardizer} checks what it reads); this class owns epochs,
 * validation and the callbacks; {@link StepRunner} owns what happens on the device in one
 * step; {@link CompiledModel} owns losses, metrics and their names.
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

    /** fit on arrays. */
    public History fit(Data x, Data y, FitOptions o) {
        requireCompiled();
        int batchSize = o.batchSize() != null ? o.batchSize() : DEFAULT_BATCH;
        ArrayData data = DataStandardizer.standardize(graph, compiled, x, y, o.sampleWeight(), o.classWeight());
        Validation val = null;
        if (o.validationX() != null) {
            ArrayData v = DataStandardizer.standardize(graph, compiled, o.validationX(), o.validationY(),
                    o.validationWeights(), null);
            val = Validation.ofArrays(v, batchSize, o.validationSteps());
        } else if (o.validationSequence() != null || o.validationGenerator() != null) {
            val = generatorValidation(o);
        } else if (o.validationSplit() > 0) {
            int splitAt = (int) (data.samples() * (1.0 - o.validationSplit()));
            if (splitAt == 0 || splitAt == data.samples()) {
                throw new IllegalArgumentException("Training data contains " + data.samples() + " samples, which is"
                        + " not sufficient to split it into a validation and training set as specified by"
                        + " `validation_split=" + o.validationSplit() + "`. Either provide more data, or a different"
                        + " value for the `validation_split` argument.");
            }
            val = Validation.ofArrays(data.slice(splitAt, data.samples()), batchSize, o.validationSteps());
            data = data.slice(0, splitAt);
        }
        if (o.validationSteps() != null && val == null) {
            throw new IllegalArgumentException("validationSteps=" + o.validationSteps() + " was given without"
                    + " validation data");
        }
        ArrayStream.Shuffle shuffle = !o.shuffle() ? ArrayStream.Shuffle.NONE
                : o.isShuffleBatch() ? ArrayStream.Shuffle.BATCHES : ArrayStream.Shuffle.SAMPLES;
        try (ArrayStream stream = new ArrayStream(data, batchSize, shuffle, o.stepsPerEpoch())) {
            if (val != null && o.verbose() > 0 && val.arrays != null && stream.samples() > 0) {
                System.out.println("Train on " + data.samples() + " samples, validate on " + val.arrays.samples()
                        + " samples");
            }
            return loop(stream, val, o, batchSize);
        } finally {
            if (val != null) {
                val.close();
            }
        }
    }

    /** fit (and fitGenerator) on a Sequence. */
    public History fit(Sequence seq, FitOptions o) {
        requireCompiled();
        checkGeneratorOptions(o);
        Function<Batch, ArrayData> check = trainingCheck(o.classWeight());
        Validation val = o.validationX() != null ? validationArrays(o) : generatorValidation(o);
        try (GeneratorStream stream = GeneratorStream.of(seq, o.stepsPerEpoch(), check, o.workers(),
                o.maxQueueSize(), o.shuffle() && o.workers() > 0)) {
            return loop(stream, val, o, null);
        } finally {
            if (val != null) {
                val.close();
            }
        }
    }

    /** fit (and fitGenerator) on a plain generator; needs stepsPerEpoch. */
    public History fit(Iterator<Batch> it, FitOptions o) {
        requireCompiled();
        checkGeneratorOptions(o);
        if (o.stepsPerEpoch() == null) {
            throw new IllegalArgumentException("`steps_per_epoch=None` is only valid for a generator based on the"
                    + " `keras.utils.Sequence` class. Please specify `steps_per_epoch` (FitOptions.stepsPerEpoch) or"
                    + " use a Sequence.");
        }
        Validation val = o.validationX() != null ? validationArrays(o) : generatorValidation(o);
        try (GeneratorStream stream = GeneratorStream.of(it, o.stepsPerEpoch(), trainingCheck(o.classWeight()),
                o.workers(), o.maxQueueSize())) {
            return loop(stream, val, o, null);
        } finally {
            if (val != null) {
                val.close();
            }
        }
    }

    private static void checkGeneratorOptions(FitOptions o) {
        if (o.batchSize() != null) {
            throw new IllegalArgumentException("The `batch_size` argument must not be specified when using a generator"
                    + " or Sequence as an input (got batchSize=" + o.batchSize() + "); batches come from the generator.");
        }
        if (o.sampleWeight() != null) {
            throw new IllegalArgumentException("`sample_weight` argument is not supported when data is a generator or"
                    + " Sequence instance. Instead pass sample weights as the third element of each Batch.");
        }
        if (o.validationSplit() > 0) {
            throw new IllegalArgumentException("If your data is in the form of a generator or Sequence, you cannot use"
                    + " `validation_split` (got " + o.validationSplit() + ").");
        }
    }

    private Validation validationArrays(FitOptions o) {
        ArrayData v = DataStandardizer.standardize(graph, compiled, o.validationX(), o.validationY(),
                o.validationWeights(), null);
        return Validation.ofArrays(v, DEFAULT_BATCH, o.validationSteps());
    }

    private Validation generatorValidation(FitOptions o) {
        Function<Batch, ArrayData> check = trainingCheck(null);
        if (o.validationSequence() != null) {
            return Validation.ofStream(GeneratorStream.of(o.validationSequence(), o.validationSteps(), check, o.workers(),
                    o.maxQueueSize(), false));
        }
        if (o.validationGenerator() != null) {
            if (o.validationSteps() == null) {
                throw new IllegalArgumentException("`validation_steps=None` is only valid for a generator based on the"
                        + " `keras.utils.Sequence` class. Please specify `validation_steps` (FitOptions.validationSteps)"
                        + " or use a Sequence for validation data.");
            }
            return Validation.ofStream(GeneratorStream.of(o.validationGenerator(), o.validationSteps(), check,
                    o.workers(), o.maxQueueSize()));
        }
        return null;
    }

    /** Checks one generator batch for training or evaluation; class weights for training only. */
    private Function<Batch, ArrayData> trainingCheck(Map<?, ?> classWeight) {
        return b -> {
            if (b.y() == null) {
                throw new IllegalArgumentException("Output of generator should be a Batch (x, y, sample_weight) or"
                        + " (x, y). Found: " + b);
            }
            return DataStandardizer.standardize(graph, compiled, b.x(), b.y(), b.sampleWeight(), classWeight);
        };
    }

    /** Where validation batches come from: fresh array passes, or one stream for the whole fit. */
    private static final class Validation implements AutoCloseable {
        final ArrayData arrays;
        final int batchSize;
        final Integer steps;
        final BatchStream stream;

        private Validation(ArrayData arrays, int batchSize, Integer steps, BatchStream stream) {
            this.arrays = arrays;
            this.batchSize = batchSize;
            this.steps = steps;
            this.stream = stream;
        }

        static Validation ofArrays(ArrayData data, int batchSize, Integer steps) {
            return new Validation(data, batchSize, steps, null);
        }

        static Validation ofStream(BatchStream stream) {
            return new Validation(null, 0, null, stream);
        }

        BatchStream open() {
            return stream != null ? stream : new ArrayStream(arrays, batchSize, ArrayStream.Shuffle.NONE, null);
        }

        /** At most this many batches per run (arrays with validationSteps), else null. */
        Integer limit() {
            return stream != null ? null : steps;
        }

        @Override
        public void close() {
            if (stream != null) {
                stream.close();
            }
        }
    }

    /** Keras's fit loop over any batch stream. {@code batchSize} is null for generators. */
    private History loop(BatchStream stream, Validation val, FitOptions o, Integer batchSize) {
        boolean doValidation = val != null;
        boolean countSamples = stream.samples() >= 0;
        History history = new History();
        List<Callback> cbs = new ArrayList<>();
        List<String> names = compiled.metricsNames();
        if (o.verbose() > 0) {
            cbs.add(new ProgbarLogger(countSamples ? "samples" : "steps", names.subList(1, names.size())));
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
        if (countSamples) {
            params.put("batch_size", batchSize);
        }
        params.put("epochs", o.epochs());
        params.put("steps", countSamples ? null : stream.steps());
        if (countSamples) {
            params.put("samples", stream.samples());
        }
        params.put("verbose", o.verbose());
        params.put("do_validation", doValidation);
        params.put("metrics", allNames);
        callbacks.setParams(params);
        model.stopTraining(false);
        callbacks.onTrainBegin(new Logs());
        long shuffleSeed = model.shuffleSeed();
        boolean ranOut = false;
        for (int epoch = o.initialEpoch(); epoch < o.epochs() && !ranOut; epoch++) {
            compiled.resetMetrics();
            if (!countSamples) {
                params.put("steps", stream.steps());
            }
            callbacks.onEpochBegin(epoch, new Logs());
            stream.beginEpoch(new Random(CounterRng.bits(shuffleSeed, epoch)));
            int steps = stream.steps();
            boolean completed = true;
            for (int step = 0; step < steps; step++) {
                HostBatch b = stream.next();
                if (b == null) {
                    ranOut = true;
                    completed = false;
                    System.err.println("jkeras: Your input ran out of data; interrupting training. Make sure that your"
                            + " generator can generate at least `steps_per_epoch * epochs` batches (in this case, "
                            + (long) steps * (o.epochs() - o.initialEpoch()) + " batches).");
                    break;
                }
                Logs batchLogs = new Logs();
                batchLogs.put("batch", (double) step);
                batchLogs.put("size", (double) b.size());
                callbacks.onTrainBatchBegin(step, batchLogs);
                try (TensorScope scope = TensorScope.open()) {
                    runner.train(DeviceBatch.upload(b.data(), b.order(), b.from(), b.to(), backend, staging));
                }
                addMetricLogs(batchLogs);
                callbacks.onTrainBatchEnd(step, batchLogs);
                if (model.stopTraining()) {
                    completed = step == steps - 1;
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
                BatchStream vs = val.open();
                try {
                    List<Double> v = testLoop(vs, val.limit(), callbacks, 0);
                    for (int i = 0; i < v.size(); i++) {
                        epochLogs.put("val_" + names.get(i), v.get(i));
                    }
                } finally {
                    if (vs != val.stream) {
                        vs.close();
                    }
                }
            }
            callbacks.onEpochEnd(epoch, epochLogs);
            stream.endEpoch(model.stopTraining() || ranOut);
            if (model.stopTraining()) {
                break;
            }
        }
        callbacks.onTrainEnd(new Logs());
        return history;
    }

    /** Adds lazy loss and metric values in metricsNames order, each read from the device on demand. */
    private void addMetricLogs(Logs logs) {
        List<String> names = compiled.metricsNames();
        logs.lazy("loss", runner::lastLoss);
        int i = 1;
        for (int k = 0; k < compiled.outputCount(); k++) {
            var mean = compiled.outputLossMean(k);
            if (mean != null) {
                logs.lazy(names.get(i++), mean::result);
            }
        }
        for (CompiledModel.MetricEntry m : compiled.metrics()) {
            logs.lazy(names.get(i++), m.metric()::result);
        }
    }

    // ---- evaluate ------------------------------------------------------------------------------

    public List<Double> evaluate(Data x, Data y, EvaluateOptions o) {
        requireCompiled();
        int batchSize = o.batchSize() != null ? o.batchSize() : DEFAULT_BATCH;
        ArrayData data = DataStandardizer.standardize(graph, compiled, x, y, o.sampleWeight(), null);
        try (ArrayStream stream = new ArrayStream(data, batchSize, ArrayStream.Shuffle.NONE, null)) {
            return evaluateStream(stream, o.steps(), o, batchSize);
        }
    }

    /** evaluate (and evaluateGenerator) on a Sequence. */
    public List<Double> evaluate(Sequence seq, EvaluateOptions o) {
        requireCompiled();
        checkEvaluateGenerator(o);
        try (GeneratorStream stream = GeneratorStream.of(seq, o.steps(), nonEmpty(trainingCheck(null)), o.workers(),
                o.maxQueueSize(), false)) {
            return evaluateStream(stream, null, o, null);
        }
    }

    /** evaluate (and evaluateGenerator) on a plain generator; needs steps. */
    public List<Double> evaluate(Iterator<Batch> it, EvaluateOptions o) {
        requireCompiled();
        checkEvaluateGenerator(o);
        try (GeneratorStream stream = GeneratorStream.of(it, requireSteps(o.steps()), nonEmpty(trainingCheck(null)),
                o.workers(), o.maxQueueSize())) {
            return evaluateStream(stream, null, o, null);
        }
    }

    private static void checkEvaluateGenerator(EvaluateOptions o) {
        if (o.batchSize() != null) {
            throw new IllegalArgumentException("The `batch_size` argument must not be specified when using a generator"
                    + " or Sequence as an input (got batchSize=" + o.batchSize() + ").");
        }
        if (o.sampleWeight() != null) {
            throw new IllegalArgumentException("`sample_weight` argument is not supported when data is a generator or"
                    + " Sequence instance. Instead pass sample weights as the third element of each Batch.");
        }
    }

    private static int requireSteps(Integer steps) {
        if (steps == null) {
            throw new IllegalArgumentException("`steps=None` is only valid for a generator based on the"
                    + " `keras.utils.Sequence` class. Please specify `steps` or use a Sequence.");
        }
        return steps;
    }

    private static Function<Batch, ArrayData> nonEmpty(Function<Batch, ArrayData> check) {
        return b -> {
            ArrayData d = check.apply(b);
            if (d.samples() == 0) {
                throw new IllegalArgumentException("Received an empty batch. Batches should contain at least one item.");
            }
            return d;
        };
    }

    /** The callbacks of an evaluate or predict loop, given Keras's params for it (metrics only when evaluating). */
    private CallbackList loopCallbacks(BatchStream stream, LoopOptions<?> o, Integer batchSize, List<String> metrics) {
        CallbackList callbacks = new CallbackList(o.callbacks());
        callbacks.setModel(model);
        Map<String, Object> params = new LinkedHashMap<>();
        if (batchSize != null) {
            params.put("batch_size", batchSize);
        }
        params.put("steps", stream.samples() >= 0 ? null : stream.steps());
        if (stream.samples() >= 0) {
            params.put("samples", stream.samples());
        }
        params.put("verbose", o.verbose());
        if (metrics != null) {
            params.put("metrics", metrics);
        }
        callbacks.setParams(params);
        return callbacks;
    }

    private List<Double> evaluateStream(BatchStream stream, Integer limit, EvaluateOptions o, Integer batchSize) {
        CallbackList callbacks = loopCallbacks(stream, o, batchSize, compiled.metricsNames());
        return testLoop(stream, limit, callbacks, o.verbose());
    }

    /**
     * Keras's test_loop: loss as the batch-size-weighted mean (also for generators, as Keras 2.2
     * and 2.15 do), metrics as their final state.
     */
    private List<Double> testLoop(BatchStream stream, Integer limit, CallbackList callbacks, int verbose) {
        compiled.resetMetrics();
        callbacks.onTestBegin(new Logs());
        stream.beginEpoch(new Random(0));
        int steps = limit == null ? stream.steps() : Math.min(limit, stream.steps());
        boolean samples = stream.samples() >= 0;
        int target = samples ? stream.samples() : steps;
        Progbar bar = verbose == 1 ? new Progbar(target, 1, new HashSet<>(), System.out, System.console() != null)
                : null;
        int seen = 0;
        for (int step = 0; step < steps; step++) {
            HostBatch b = stream.next();
            if (b == null) {
                System.err.println("jkeras: Your input ran out of data after " + step + " of " + steps
                        + " evaluation steps");
                break;
            }
            Logs logs = new Logs();
            logs.put("batch", (double) step);
            logs.put("size", (double) b.size());
            callbacks.onTestBatchBegin(step, logs);
            try (TensorScope scope = TensorScope.open()) {
                runner.test(DeviceBatch.upload(b.data(), b.order(), b.from(), b.to(), backend, staging));
            }
            addMetricLogs(logs);
            callbacks.onTestBatchEnd(step, logs);
            seen += samples ? b.size() : 1;
            if (bar != null) {
                bar.update(Math.min(seen, target), Map.of());
            }
        }
        stream.endEpoch(false);
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
        ArrayData data = new ArrayData(xs, List.of(), List.of(), xs.get(0).length());
        try (ArrayStream stream = new ArrayStream(data, batchSize, ArrayStream.Shuffle.NONE, null)) {
            return predictStream(stream, o.steps(), o, batchSize);
        }
    }

    /** predict (and predictGenerator) on a Sequence; only each Batch's x is read. */
    public List<NDArray> predict(Sequence seq, PredictOptions o) {
        try (GeneratorStream stream = GeneratorStream.of(seq, o.steps(), inputsCheck(), o.workers(), o.maxQueueSize(),
                false)) {
            return predictStream(stream, null, o, null);
        }
    }

    /** predict (and predictGenerator) on a plain generator; needs steps. */
    public List<NDArray> predict(Iterator<Batch> it, PredictOptions o) {
        try (GeneratorStream stream = GeneratorStream.of(it, requireSteps(o.steps()), inputsCheck(), o.workers(),
                o.maxQueueSize())) {
            return predictStream(stream, null, o, null);
        }
    }

    private Function<Batch, ArrayData> inputsCheck() {
        return nonEmpty(b -> {
            List<NDArray> xs = DataStandardizer.inputs(graph, b.x());
            return new ArrayData(xs, List.of(), List.of(), xs.get(0).length());
        });
    }

    private List<NDArray> predictStream(BatchStream stream, Integer limit, PredictOptions o, Integer batchSize) {
        CallbackList callbacks = loopCallbacks(stream, o, batchSize, null);
        callbacks.onPredictBegin(new Logs());
        stream.beginEpoch(new Random(0));
        int steps = limit == null ? stream.steps() : Math.min(limit, stream.steps());
        boolean samples = stream.samples() >= 0;
        int target = samples ? stream.samples() : steps;
        Progbar bar = o.verbose() == 1 ? new Progbar(target, 1, new HashSet<>(), System.out, System.console() != null)
                : null;
        List<List<float[]>> parts = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        int rows = 0;
        int seen = 0;
        for (int step = 0; step < steps; step++) {
            HostBatch b = stream.next();
            if (b == null) {
                break;
            }
            Logs logs = new Logs();
            logs.put("batch", (double) step);
            logs.put("size", (double) b.size());
            callbacks.onPredictBatchBegin(step, logs);
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> in = DeviceBatch.uploadAll(b.data().x(), b.order(), b.from(), b.to(), backend, staging, 0);
                List<Tensor> outs = predictStep(in);
                for (int k = 0; k < outs.size(); k++) {
                    if (parts.size() <= k) {
                        parts.add(new ArrayList<>());
                        shapes.add(outs.get(k).shape());
                    }
                    parts.get(k).add(outs.get(k).toFloatArray());
                }
            }
            rows += b.size();
            callbacks.onPredictBatchEnd(step, logs);
            seen += samples ? b.size() : 1;
            if (bar != null) {
                bar.update(Math.min(seen, target), Map.of());
            }
        }
        stream.endEpoch(false);
        callbacks.onPredictEnd(new Logs());
        List<NDArray> out = new ArrayList<>();
        if (parts.isEmpty()) {
            for (var t : graph.outputs()) {
                int[] s = t.shape();
                s[0] = 0;
                out.add(NDArray.of(new float[0], s));
            }
            return out;
        }
        for (int k = 0; k < parts.size(); k++) {
            int total = 0;
            for (float[] p : parts.get(k)) {
                total += p.length;
            }
            float[] all = new float[total];
            int at = 0;
            for (float[] p : parts.get(k)) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            int[] s = shapes.get(k);
            s[0] = rows;
            out.add(NDArray.of(all, s));
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
