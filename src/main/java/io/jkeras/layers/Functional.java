package io.jkeras.layers;

import io.jkeras.KerasTensor;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph of layer applications between a model's inputs and outputs, in an order where
 * every node comes after the nodes it reads, and its execution on device tensors.
 *
 * <p>{@link #layers()} follows Keras 2.3 ({@code Network._map_graph_network}): layers grouped
 * by depth from the outputs, deepest (the inputs) first; within a depth, in the order the
 * outputs were traversed.
 */
public final class Functional {
    private final List<KerasTensor> inputs;
    private final List<KerasTensor> outputs;
    private final List<Node> nodes;
    private final List<Layer> layers;

    public Functional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one input");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one output");
        }
        for (int i = 0; i < inputs.size(); i++) {
            KerasTensor t = inputs.get(i);
            if (t == null || !(t.layer() instanceof InputLayer)) {
                throw new IllegalArgumentException("Input tensors to a Model must come from Input.of(...). Received: "
                        + t + " (input " + i + ")");
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) == null) {
                throw new IllegalArgumentException("Output " + i + " of the model is null");
            }
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = orderNodes();
        this.layers = orderLayers();
        checkUniqueNames();
    }

    public List<KerasTensor> inputs() {
        return inputs;
    }

    public List<KerasTensor> outputs() {
        return outputs;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Nodes in execution order (inputs' nodes excluded). */
    public List<Node> nodes() {
        return nodes;
    }

    /** Depth-first from the outputs: each node after all nodes it depends on. */
    private List<Node> orderNodes() {
        Set<Node> inputNodes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KerasTensor t : inputs) {
            inputNodes.add(t.node());
        }
        List<Node> order = new ArrayList<>();
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> visiting = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KerasTensor out : outputs) {
            visit(out.node(), inputNodes, done, visiting, order, new ArrayList<>());
        }
        return order;
    }

    private void visit(Node node, Set<Node> inputNodes, Set<Node> done, Set<Node> visiting, List<Node> order,
                       List<String> path) {
        if (done.contains(node) || inputNodes.contains(node)) {
            return;
        }
        if (node.layer() instanceof InputLayer) {
            throw new IllegalArgumentException("Graph disconnected: cannot obtain value for tensor "
                    + node.output() + " at layer \"" + node.layer().name() + "\". The following previous layers were"
                    + " accessed without issue: " + path);
        }
        if (!visiting.add(node)) {
            throw new IllegalArgumentException("The graph has a cycle through layer " + node.layer().name());
        }
        for (KerasTensor in : node.inputs()) {
            visit(in.node(), inputNodes, done, visiting, order, path);
        }
        visiting.remove(node);
        done.add(node);
        order.add(node);
        path.add(node.layer().name());
    }

    /** Keras 2.3's ordering: depth from the outputs (raised to the layer's deepest use), deepest first. */
    private List<Layer> orderLayers() {
        List<Node> postOrder = new ArrayList<>();
        Map<Layer, Integer> preIndex = new LinkedHashMap<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KerasTensor out : outputs) {
            buildMap(out.node(), seen, postOrder, preIndex);
        }
        Map<Node, Integer> nodeDepth = new IdentityHashMap<>();
        Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            Node n = postOrder.get(i);
            int depth = Math.max(nodeDepth.computeIfAbsent(n, k -> 0), layerDepth.getOrDefault(n.layer(), 0));
            layerDepth.put(n.layer(), depth);
            nodeDepth.put(n, depth);
            for (KerasTensor in : n.inputs()) {
                nodeDepth.merge(in.node(), depth + 1, Math::max);
            }
        }
        int maxDepth = 0;
        for (int d : layerDepth.values()) {
            maxDepth = Math.max(maxDepth, d);
        }
        List<Layer> ordered = new ArrayList<>();
        for (int d = maxDepth; d >= 0; d--) {
            for (Layer l : preIndex.keySet()) {
                if (layerDepth.get(l) == d) {
                    ordered.add(l);
                }
            }
        }
        return Collections.unmodifiableList(ordered);
    }

    private void buildMap(Node node, Set<Node> seen, List<Node> postOrder, Map<Layer, Integer> preIndex) {
        preIndex.putIfAbsent(node.layer(), preIndex.size());
        if (!seen.add(node)) {
            return;
        }
        for (KerasTensor in : node.inputs()) {
            buildMap(in.node(), seen, postOrder, preIndex);
        }
        postOrder.add(node);
    }

    private void checkUniqueNames() {
        Map<String, Integer> counts = new HashMap<>();
        for (Layer l : layers) {
            counts.merge(l.name(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > 1) {
                throw new IllegalArgumentException("The name \"" + e.getKey() + "\" is used " + e.getValue()
                        + " times in the model. All layer names should be unique.");
            }
        }
    }

    /**
     * Runs the graph on device tensors, one per input in input order; returns one tensor per
     * output. Intermediates belong to the caller's scope.
     */
    public List<Tensor> call(List<Tensor> inputValues, boolean training) {
        Map<KerasTensor, Tensor> values = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            values.put(inputs.get(i), inputValues.get(i));
        }
        for (Node n : nodes) {
            List<Tensor> in = new ArrayList<>(n.inputs().size());
            for (KerasTensor t : n.inputs()) {
                in.add(values.get(t));
            }
            values.put(n.output(), n.layer().call(in, training));
        }
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (KerasTensor t : outputs) {
            Tensor v = values.get(t);
            // an output that is also an input or another output still gets its own tensor object
            out.add(out.contains(v) || inputValues.contains(v) ? MathOps.reshape(v, v.shape()) : v);
        }
        return out;
    }
}
