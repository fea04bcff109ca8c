package io.jkeras.layers;

import io.jkeras.KerasTensor;
import io.jkeras.NDArray;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.initializers.Initializer;
import io.jkeras.ops.RandomSeeds;
import io.jkeras.ops.Variable;
import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every Keras layer. A layer is configured by its constructor and setters,
 * built (its weights made on the current device) the first time it is applied, and from
 * then on its {@link #call} computes outputs from inputs with differentiable ops. Applying
 * the same instance again shares its weights.
 *
 * <p>Subclasses implement {@link #computeOutputShape} (shapes include the batch axis as -1),
 * {@link #call}, and, when they have weights, {@link #build} with {@link #addWeight}.
 */
public abstract class Layer implements AutoCloseable {
    private String name;
    private boolean trainable = true;
    private boolean built;
    private Backend backend;
    private final List<Variable> weights = new ArrayList<>();
    private final List<Regularizer> regularizers = new ArrayList<>();
    private final List<Boolean> trainableByNature = new ArrayList<>();
    private final List<Node> inboundNodes = new ArrayList<>();

    protected Layer() {
        this.name = LayerNames.unique(defaultNamePrefix());
    }

    /** The prefix of default names; Keras uses the class name in snake_case. */
    protected String defaultNamePrefix() {
        return LayerNames.snakeCase(getClass().getSimpleName());
    }

    public String name() {
        return name;
    }

    public boolean trainable() {
        return trainable;
    }

    public boolean built() {
        return built;
    }

    /**
     * Keras's {@code get_config}: this layer's options under their Keras names, enough to make
     * an equal unbuilt layer ({@code io.jkeras.saving.LayerRegistry} does). Subclasses add their
     * keys to the base's {@code name} and {@code trainable}; an option that cannot be described
     * (a custom activation function or initializer) fails with IllegalArgumentException.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", trainable);
        return c;
    }

    protected void setName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be a non-empty string, got " + (name == null ? "null" : "\"\""));
        }
        if (!inboundNodes.isEmpty()) {
            throw new IllegalStateException("Layer " + this.name + " is already part of a graph; name it before applying it");
        }
        this.name = name;
    }

    /** Freezes or unfreezes every weight that is trainable by nature (BatchNormalization's moving statistics never are). */
    protected void setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (int i = 0; i < weights.size(); i++) {
            weights.get(i).trainable(trainable && trainableByNature.get(i));
        }
    }

    /** Fails when a setter is called after the layer has been built. */
    protected void checkNotBuilt(String option) {
        if (built) {
            throw new IllegalStateException("Cannot set " + option + " of layer " + name + ": it is already built");
        }
    }

    // ---- graph construction ---------------------------------------------------------------

    public KerasTensor apply(KerasTensor... inputs) {
        return apply(Arrays.asList(inputs));
    }

    /** Applies the layer to symbolic inputs, building it on first use. */
    public KerasTensor apply(List<KerasTensor> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("Layer " + name + " needs at least one input, got none");
        }
        List<int[]> shapes = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            KerasTensor t = inputs.get(i);
            if (t == null) {
                throw new IllegalArgumentException("Input " + i + " of layer " + name + " is null");
            }
            shapes.add(t.shape());
        }
        checkInputCount(inputs.size());
        int[] out = computeOutputShape(shapes);
        if (!built) {
            buildOn(Device.current().backend(), shapes);
        } else {
            checkCompatible(shapes);
        }
        Node node = new Node(this, inputs);
        KerasTensor output = new KerasTensor(out, node);
        node.output(output);
        inboundNodes.add(node);
        return output;
    }

    /** An input layer's own node: no inputs, the given output shape. */
    KerasTensor sourceNode(int[] shape) {
        this.built = true;
        this.builtShapes = List.of();
        Node node = new Node(this, List.of());
        KerasTensor output = new KerasTensor(shape, node);
        node.output(output);
        inboundNodes.add(node);
        return output;
    }

    /** Input count this layer accepts: {@code [minInputs, maxInputs]}. */
    protected int minInputs() {
        return 1;
    }

    protected int maxInputs() {
        return 1;
    }

    private void checkInputCount(int n) {
        if (n < minInputs() || n > maxInputs()) {
            String expected = minInputs() == maxInputs() ? Integer.toString(minInputs())
                    : maxInputs() == Integer.MAX_VALUE ? "at least " + minInputs()
                    : "between " + minInputs() + " and " + maxInputs();
            throw new IllegalArgumentException("Layer " + name + " expects " + expected + " input(s), but it received "
                    + n + " input tensors");
        }
    }

    private List<int[]> builtShapes;

    private void buildOn(Backend backend, List<int[]> shapes) {
        this.backend = backend;
        build(shapes);
        this.builtShapes = shapes;
        this.built = true;
    }

    /** A built layer applied again must see inputs of the same non-batch shape. */
    private void checkCompatible(List<int[]> shapes) {
        for (int i = 0; i < shapes.size() && i < builtShapes.size(); i++) {
            int[] want = builtShapes.get(i);
            int[] got = shapes.get(i);
            boolean ok = want.length == got.length;
            for (int d = 1; ok && d < want.length; d++) {
                ok = want[d] < 0 || got[d] < 0 || want[d] == got[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("Input " + i + " of layer " + name + " is incompatible with the layer:"
                        + " expected shape " + KerasTensor.formatShape(want) + ", found shape "
                        + KerasTensor.formatShape(got));
            }
        }
    }

    /** Makes the layer's weights for inputs of these shapes; the default has none. */
    protected void build(List<int[]> inputShapes) {
    }

    /** The output shape (batch axis -1) for inputs of these shapes; rejects shapes the layer cannot take. */
    public abstract int[] computeOutputShape(List<int[]> inputShapes);

    /** Computes the output from device tensors with differentiable ops. */
    public abstract Tensor call(List<Tensor> inputs, boolean training);

    // ---- weights ------------------------------------------------------------------------

    /** Creates a weight on the layer's device, initialised from the next global seed. */
    protected Variable addWeight(String weightName, int[] shape, Initializer initializer, Regularizer regularizer,
                                 boolean trainableWeight) {
        float[] init = initializer.generate(shape, RandomSeeds.next());
        Variable v = new Variable(name + "/" + weightName, backend, init, shape, trainableWeight && trainable);
        weights.add(v);
        regularizers.add(regularizer);
        trainableByNature.add(trainableWeight);
        return v;
    }

    /** The device this layer's weights live on (null before it is built). */
    protected Backend backend() {
        return backend;
    }

    /** All weights in Keras order: trainable ones first, then the others (each in creation order). */
    public List<Variable> weights() {
        List<Variable> out = new ArrayList<>(trainableWeights());
        out.addAll(nonTrainableWeights());
        return Collections.unmodifiableList(out);
    }

    public List<Variable> trainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights) {
            if (v.trainable()) {
                out.add(v);
            }
        }
        return out;
    }

    public List<Variable> nonTrainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights) {
            if (!v.trainable()) {
                out.add(v);
            }
        }
        return out;
    }

    /** The weights' values copied to the host, in {@link #weights()} order. */
    public List<NDArray> getWeights() {
        List<NDArray> out = new ArrayList<>();
        for (Variable v : weights()) {
            out.add(NDArray.of(v.read(), v.shape()));
        }
        return out;
    }

    /** Replaces the weights' values; all shapes are checked before anything is written. */
    public void setWeights(List<NDArray> values) {
        List<Variable> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException("Layer " + name + " has " + ws.size() + " weights, but setWeights got "
                    + values.size() + " arrays");
        }
        for (int i = 0; i < ws.size(); i++) {
            if (!Arrays.equals(ws.get(i).shape(), values.get(i).shape())) {
                throw new IllegalArgumentException("Weight " + ws.get(i).name() + " has shape "
                        + KerasTensor.formatShape(ws.get(i).shape()) + ", but the array given for it has shape "
                        + KerasTensor.formatShape(values.get(i).shape()));
            }
        }
        for (int i = 0; i < ws.size(); i++) {
            ws.get(i).assign(values.get(i).toFloatArray());
        }
    }

    public int countParams() {
        int n = 0;
        for (Variable v : weights) {
            n += v.size();
        }
        return n;
    }

    /** True when some weight of this layer carries a regularizer. */
    public boolean hasRegularizers() {
        return regularizers.stream().anyMatch(r -> r != null);
    }

    /** This layer's regularisation penalties for the current weights, as scalar tensors. */
    public List<Tensor> regularizationLosses() {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            Regularizer r = regularizers.get(i);
            if (r != null) {
                out.add(r.penalty(weights.get(i).value()));
            }
        }
        return out;
    }

    public List<Node> inboundNodes() {
        return Collections.unmodifiableList(inboundNodes);
    }

    /** Frees the weights' device memory; the layer must not be used afterwards. */
    @Override
    public void close() {
        for (Variable v : weights) {
            v.close();
        }
    }

    /** The single input of a one-input layer's shape list, checked for rank. */
    protected int[] singleShape(List<int[]> shapes, int minRank) {
        int[] s = shapes.get(0);
        if (s.length < minRank) {
            throw new IllegalArgumentException("Input 0 of layer " + name + " is incompatible with the layer: expected"
                    + " min_ndim=" + minRank + ", found ndim=" + s.length + " (shape " + KerasTensor.formatShape(s) + ")");
        }
        return s;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
