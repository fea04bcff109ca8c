package io.jkeras;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.layers.Functional;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerNames;
import io.jkeras.ops.Variable;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.training.CompiledModel;
import io.jkeras.training.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras's functional {@code Model}: the layers that compute the outputs from the inputs,
 * with compile, fit, evaluate and predict. Its weights live on the device that was current
 * when its layers were built; {@link #close()} returns their memory to that device's pool.
 */
public class Model implements AutoCloseable {
    private String name;
    private Functional graph;
    private CompiledModel compiled;
    private Trainer trainer;
    private volatile boolean stopTraining;
    private Long shuffleSeed;
    private boolean closed;

    public Model(KerasTensor input, KerasTensor output) {
        this(List.of(input), List.of(output));
    }

    public Model(KerasTensor input, List<KerasTensor> outputs) {
        this(List.of(input), outputs);
    }

    public Model(List<KerasTensor> inputs, KerasTensor output) {
        this(inputs, List.of(output));
    }

    public Model(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        this(inputs, outputs, null);
    }

    /** A model with a name of its own (Keras's {@code name=}). */
    public Model(List<KerasTensor> inputs, List<KerasTensor> outputs, String name) {
        this.name = name != null ? name : LayerNames.unique("model");
        setGraph(new Functional(inputs, outputs));
    }

    /** For subclasses that build their graph later (Sequential). */
    protected Model(String name) {
        this.name = name;
    }

    protected final void setGraph(Functional g) {
        this.graph = g;
        if (trainer != null) {
            trainer.close();
        }
        trainer = new Trainer(this, g, compiled, backend());
    }

    protected final Functional graph() {
        if (graph == null) {
            throw new IllegalStateException("Model " + name + " has no layers yet");
        }
        return graph;
    }

    public String name() {
        return name;
    }

    // ---- inspection --------------------------------------------------------------------------

    public List<Layer> layers() {
        return graph().layers();
    }

    public List<KerasTensor> inputs() {
        return graph().inputs();
    }

    public List<KerasTensor> outputs() {
        return graph().outputs();
    }

    public List<String> inputNames() {
        List<String> out = new ArrayList<>();
        graph().inputs().forEach(t -> out.add(t.name()));
        return out;
    }

    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        graph().outputs().forEach(t -> out.add(t.name()));
        return out;
    }

    public int countParams() {
        int n = 0;
        for (Layer l : layers()) {
            n += l.countParams();
        }
        return n;
    }

    /** All weights, layer by layer in {@link #layers()} order (per layer: trainable first). */
    public List<Variable> weights() {
        List<Variable> out = new ArrayList<>();
        layers().forEach(l -> out.addAll(l.weights()));
        return out;
    }

    public List<NDArray> getWeights() {
        List<NDArray> out = new ArrayList<>();
        layers().forEach(l -> out.addAll(l.getWeights()));
        return out;
    }

    /** Replaces every weight; the count and all shapes are checked before anything changes. */
    public void setWeights(List<NDArray> values) {
        List<Variable> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException("You called setWeights(weights) on model " + name + " with a weight list"
                    + " of length " + values.size() + ", but the model has " + ws.size() + " weights");
        }
        for (int i = 0; i < ws.size(); i++) {
            if (!Arrays.equals(ws.get(i).shape(), values.get(i).shape())) {
                throw new IllegalArgumentException("Weight " + i + " (" + ws.get(i).name() + ") has shape "
                        + KerasTensor.formatShape(ws.get(i).shape()) + ", but the array given for it has shape "
                        + KerasTensor.formatShape(values.get(i).shape()));
            }
        }
        for (int i = 0; i < ws.size(); i++) {
            ws.get(i).assign(values.get(i).toFloatArray());
        }
    }

    public Layer getLayer(String name) {
        return getLayer(name, null);
    }

    public Layer getLayer(int index) {
        return getLayer(null, index);
    }

    /** By index (negative counts from the end) when given, else by unique name. */
    public Layer getLayer(String name, Integer index) {
        List<Layer> ls = layers();
        if (index != null) {
            int i = index < 0 ? ls.size() + index : index;
            if (i < 0 || i >= ls.size()) {
                throw new IllegalArgumentException("Was asked to retrieve layer at index " + index + " but model only has "
                        + ls.size() + " layers.");
            }
            return ls.get(i);
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Provide either a layer name or layer index.");
        }
        for (Layer l : ls) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("No such layer: " + name);
    }

    /** The Keras-style summary table (also printed by {@link #printSummary()}). */
    public String summary() {
        return Summary.of(this);
    }

    public void printSummary() {
        System.out.print(summary());
    }

    /** The device the model's weights live on. */
    public Device device() {
        return backend().device();
    }

    private Backend backend() {
        for (Layer l : graph.layers()) {
            for (Variable v : l.weights()) {
                return v.value().backend();
            }
        }
        return Device.current().backend();
    }

    // ---- compile -------------------------------------------------------------------------------

    /** {@code compile(optimizer, loss, metrics)} with names, e.g. ("adam", "mse", "mae"). */
    public void compile(String optimizer, String loss, String... metrics) {
        CompileOptions o = new CompileOptions().optimizer(optimizer).loss(loss);
        if (metrics.length > 0) {
            o.metrics((Object[]) metrics);
        }
        compile(o);
    }

    public void compile(Optimizer optimizer, String loss, String... metrics) {
        CompileOptions o = new CompileOptions().optimizer(optimizer).loss(loss);
        if (metrics.length > 0) {
            o.metrics((Object[]) metrics);
        }
        compile(o);
    }

    /** Configures the model for training; may be called again (optimizer slots then start afresh). */
    public void compile(CompileOptions options) {
        checkOpen();
        CompiledModel c = CompiledModel.compile(graph(), options);
        c.optimizer().resetSlots();
        if (compiled != null) {
            compiled.close();
        }
        compiled = c;
        setGraph(graph);
    }

    /** The compiled optimizer (null before compile). */
    public Optimizer optimizer() {
        return compiled == null ? null : compiled.optimizer();
    }

    /** Labels of the values evaluate, trainOnBatch and testOnBatch return. */
    public List<String> metricsNames() {
        return compiled == null ? List.of("loss") : compiled.metricsNames();
    }

    // ---- training and inference ---------------------------------------------------------------

    public History fit(NDArray x, NDArray y, FitOptions options) {
        return fit(Data.of(x), Data.of(y), options);
    }

    public History fit(NDArray x, NDArray y) {
        return fit(x, y, new FitOptions());
    }

    public History fit(Data x, Data y, FitOptions options) {
        checkOpen();
        return trainer.fit(x, y, options);
    }

    /** fit on a {@link Sequence} (Keras's fit / fit_generator with a Sequence). */
    public History fit(Sequence data, FitOptions options) {
        checkOpen();
        return trainer.fit(data, options);
    }

    /** fit on a generator; FitOptions.stepsPerEpoch is required. */
    public History fit(java.util.Iterator<Batch> generator, FitOptions options) {
        checkOpen();
        return trainer.fit(generator, options);
    }

    /** Keras's fit_generator (the same as fit on a Sequence). */
    public History fitGenerator(Sequence data, FitOptions options) {
        return fit(data, options);
    }

    /** Keras's fit_generator (the same as fit on a generator). */
    public History fitGenerator(java.util.Iterator<Batch> generator, FitOptions options) {
        return fit(generator, options);
    }

    public List<Double> evaluate(NDArray x, NDArray y, EvaluateOptions options) {
        return evaluate(Data.of(x), Data.of(y), options);
    }

    public List<Double> evaluate(NDArray x, NDArray y) {
        return evaluate(x, y, new EvaluateOptions());
    }

    public List<Double> evaluate(Data x, Data y, EvaluateOptions options) {
        checkOpen();
        return trainer.evaluate(x, y, options);
    }

    /** evaluate on a {@link Sequence} (Keras's evaluate / evaluate_generator). */
    public List<Double> evaluate(Sequence data, EvaluateOptions options) {
        checkOpen();
        return trainer.evaluate(data, options);
    }

    public List<Double> evaluateGenerator(Sequence data, EvaluateOptions options) {
        return evaluate(data, options);
    }

    /** evaluate_generator on a generator; EvaluateOptions.steps is required. */
    public List<Double> evaluateGenerator(java.util.Iterator<Batch> generator, EvaluateOptions options) {
        checkOpen();
        return trainer.evaluate(generator, options);
    }

    /** Keras's predict_generator on a Sequence: every output, batches concatenated. */
    public List<NDArray> predictGenerator(Sequence data, PredictOptions options) {
        checkOpen();
        return trainer.predict(data, options);
    }

    /** predict_generator on a generator; PredictOptions.steps is required. */
    public List<NDArray> predictGenerator(java.util.Iterator<Batch> generator, PredictOptions options) {
        checkOpen();
        return trainer.predict(generator, options);
    }

    /** Predictions of a single-output model. */
    public NDArray predict(NDArray x) {
        return predict(x, new PredictOptions());
    }

    public NDArray predict(NDArray x, PredictOptions options) {
        return single(predictAll(Data.of(x), options), "predict");
    }

    /** Predictions of every output, in output order. */
    public List<NDArray> predictAll(Data x, PredictOptions options) {
        checkOpen();
        return trainer.predict(x, options);
    }

    public List<NDArray> predictAll(Data x) {
        return predictAll(x, new PredictOptions());
    }

    public List<Double> trainOnBatch(NDArray x, NDArray y) {
        return trainOnBatch(Data.of(x), Data.of(y), new OnBatchOptions());
    }

    public List<Double> trainOnBatch(Data x, Data y, OnBatchOptions options) {
        checkOpen();
        return trainer.trainOnBatch(x, y, options);
    }

    public List<Double> testOnBatch(NDArray x, NDArray y) {
        return testOnBatch(Data.of(x), Data.of(y), new OnBatchOptions());
    }

    public List<Double> testOnBatch(Data x, Data y, OnBatchOptions options) {
        checkOpen();
        return trainer.testOnBatch(x, y, options);
    }

    public NDArray predictOnBatch(NDArray x) {
        return single(predictOnBatchAll(Data.of(x)), "predictOnBatch");
    }

    public List<NDArray> predictOnBatchAll(Data x) {
        checkOpen();
        return trainer.predictOnBatch(x);
    }

    private NDArray single(List<NDArray> outs, String method) {
        if (outs.size() != 1) {
            throw new IllegalStateException(method + " returns one array, but model " + name + " has " + outs.size()
                    + " outputs; use " + method + "All");
        }
        return outs.get(0);
    }

    // ---- saving and loading (file format: io.jkeras.saving) ---------------------------------------

    /**
     * Keras's {@code model.save}: architecture, weights, compile configuration and optimizer
     * state in one file, written atomically, from which {@link #load} makes a model that goes on
     * training as this one would. Fails with IllegalArgumentException, before touching the file,
     * when a layer, initializer, activation, loss, metric or optimizer cannot be described.
     */
    public void save(java.nio.file.Path path) {
        save(path, true);
    }

    public void save(String path) {
        save(java.nio.file.Path.of(path));
    }

    /**
     * With {@code includeOptimizer} false (Keras's {@code include_optimizer=False}), only the
     * architecture and weights: for a model compiled with objects that cannot be described.
     */
    public void save(java.nio.file.Path path, boolean includeOptimizer) {
        checkOpen();
        io.jkeras.saving.ModelFiles.save(this, includeOptimizer && compiled != null ? compiled.options() : null, path);
    }

    /** A new model from a file written by {@link #save}, compiled when it was saved compiled. */
    public static Model load(java.nio.file.Path path) {
        return io.jkeras.saving.ModelFiles.load(path);
    }

    public static Model load(String path) {
        return load(java.nio.file.Path.of(path));
    }

    /** Writes the weights only, atomically; {@link #loadWeights} reads them into a model of the same architecture. */
    public void saveWeights(java.nio.file.Path path) {
        checkOpen();
        io.jkeras.saving.ModelFiles.saveWeights(this, path);
    }

    public void saveWeights(String path) {
        saveWeights(java.nio.file.Path.of(path));
    }

    /**
     * Keras's {@code load_weights}: layer by layer in order (names may differ); counts and
     * shapes are checked for every layer before any weight changes.
     */
    public void loadWeights(java.nio.file.Path path) {
        checkOpen();
        io.jkeras.saving.ModelFiles.loadWeights(this, path);
    }

    public void loadWeights(String path) {
        loadWeights(java.nio.file.Path.of(path));
    }

    /**
     * The seed of fit's shuffling: epoch e shuffles with a generator seeded from (this, e), so a
     * run resumed from a saved model at initialEpoch(e) visits samples exactly as an
     * uninterrupted run would. Drawn from the global seed at the first fit; saved with the model.
     */
    public long shuffleSeed() {
        if (shuffleSeed == null) {
            shuffleSeed = io.jkeras.ops.RandomSeeds.next();
        }
        return shuffleSeed;
    }

    public void shuffleSeed(long seed) {
        this.shuffleSeed = seed;
    }

    /** Asks fit to stop after the current batch (Keras's {@code model.stop_training = True}). */
    public void stopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    public boolean stopTraining() {
        return stopTraining;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Model " + name + " is closed");
        }
    }

    /** Frees the model's device memory: weights, optimizer slots, metric state. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (trainer != null) {
            trainer.close();
        }
        if (compiled != null) {
            compiled.optimizer().close();
            compiled.close();
        }
        if (graph != null) {
            graph.layers().forEach(Layer::close);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
