package io.jkeras.saving;

import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "model" part of a file: the model's class ("Model" or "Sequential") and name, each
 * layer's class name and config, the layer applications ("nodes") in an order where each
 * comes after those it reads, and the model's inputs and outputs. A tensor is named by
 * {@code [layer name, node index]}, the index counting that layer's applications in the list.
 */
final class GraphSection {

    /** A model rebuilt from a file, with every layer it made (to close them if loading fails later). */
    record Rebuilt(Model model, List<Layer> layers) {
    }

    private GraphSection() {
    }

    static Map<String, Object> describe(Model model) {
        Set<Layer> layers = new LinkedHashSet<>();
        for (KerasTensor t : model.inputs()) {
            layers.add(t.layer());
        }
        layers.addAll(model.layers());
        List<Object> layerConfigs = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            try {
                entry.put("class_name", LayerRegistry.className(l));
                entry.put("config", l.getConfig());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Cannot save model " + model.name() + ": layer " + l.name() + ": "
                        + e.getMessage(), e);
            }
            layerConfigs.add(entry);
        }
        Map<Node, Integer> index = new IdentityHashMap<>();
        Map<Layer, Integer> uses = new IdentityHashMap<>();
        for (KerasTensor t : model.inputs()) {
            index.put(t.node(), 0);
        }
        List<Object> nodes = new ArrayList<>();
        for (Node n : executionOrder(model)) {
            index.put(n, uses.merge(n.layer(), 1, Integer::sum) - 1);
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("layer", n.layer().name());
            node.put("inputs", refs(n.inputs(), index));
            nodes.add(node);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", model instanceof Sequential ? "Sequential" : "Model");
        out.put("name", model.name());
        out.put("layers", layerConfigs);
        out.put("nodes", nodes);
        out.put("inputs", refs(model.inputs(), index));
        out.put("outputs", refs(model.outputs(), index));
        return out;
    }

    private static List<Object> refs(List<KerasTensor> tensors, Map<Node, Integer> index) {
        List<Object> out = new ArrayList<>();
        for (KerasTensor t : tensors) {
            out.add(List.of(t.layer().name(), index.get(t.node())));
        }
        return out;
    }

    /** The model's layer applications, depth first from the outputs, each after those it reads. */
    private static List<Node> executionOrder(Model model) {
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KerasTensor t : model.inputs()) {
            done.add(t.node());
        }
        List<Node> order = new ArrayList<>();
        for (KerasTensor t : model.outputs()) {
            visit(t.node(), done, order);
        }
        return order;
    }

    private static void visit(Node n, Set<Node> done, List<Node> order) {
        if (!done.add(n)) {
            return;
        }
        for (KerasTensor in : n.inputs()) {
            visit(in.node(), done, order);
        }
        order.add(n);
    }

    // ---- loading ------------------------------------------------------------------------------

    static Rebuilt rebuild(Config model) {
        String className = model.string("class_name");
        if (!className.equals("Model") && !className.equals("Sequential")) {
            throw new IllegalArgumentException("Unknown model class \"" + className
                    + "\"; expected Model or Sequential");
        }
        List<Layer> made = new ArrayList<>();
        try {
            Map<String, Layer> byName = new LinkedHashMap<>();
            for (Object o : list(model, "layers")) {
                Config entry = new Config("a layer of model " + model.string("name"), object(o, "layer"));
                Config config = new Config("a layer", entry.map("config"));
                String name = config.string("name");
                config = new Config("layer " + name + " (" + entry.string("class_name") + ")", config.asMap());
                if (byName.containsKey(name)) {
                    throw new IllegalArgumentException("The file names two layers \"" + name + "\"");
                }
                Layer l = LayerRegistry.create(entry.string("class_name"), config);
                made.add(l);
                applyBase(l, config);
                byName.put(name, l);
            }
            Map<String, List<KerasTensor>> tensors = new HashMap<>();
            for (Layer l : byName.values()) {
                if (l instanceof InputLayer in) {
                    tensors.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(in.output());
                }
            }
            boolean sequential = className.equals("Sequential");
            List<Layer> stack = new ArrayList<>();
            for (Object o : list(model, "nodes")) {
                Config node = new Config("a node of model " + model.string("name"), object(o, "node"));
                Layer l = byName.get(node.string("layer"));
                if (l == null || l instanceof InputLayer) {
                    throw new IllegalArgumentException("A node applies layer \"" + node.string("layer")
                            + "\", which is not a non-input layer of the file");
                }
                List<Object> refs = list(node, "inputs");
                if (sequential) {
                    // Sequential applies its layers itself; here only check that they form a chain.
                    Layer previous = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                    Object expected = previous == null ? null
                            : List.of(previous.name(), (long) Collections.frequency(stack, previous) - 1);
                    if (refs.size() != 1 || (expected != null && !expected.equals(refs.get(0)))) {
                        throw new IllegalArgumentException("The nodes of a Sequential model must form a chain; layer "
                                + l.name() + " reads " + refs);
                    }
                    stack.add(l);
                } else {
                    tensors.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(l.apply(resolve(refs, tensors)));
                }
            }
            List<KerasTensor> inputs = resolve(list(model, "inputs"), tensors);
            Model m;
            if (sequential) {
                if (inputs.size() != 1) {
                    throw new IllegalArgumentException("A Sequential model has one input, the file gives "
                            + inputs.size());
                }
                m = new Sequential(inputs.get(0), stack, model.string("name"));
            } else {
                m = new Model(inputs, resolve(list(model, "outputs"), tensors), model.string("name"));
            }
            return new Rebuilt(m, made);
        } catch (RuntimeException e) {
            made.forEach(Layer::close);
            throw e;
        }
    }

    /** Gives a layer made by a factory its saved name and trainable flag. */
    private static void applyBase(Layer l, Config config) {
        String name = config.string("name");
        boolean trainable = !config.has("trainable") || config.bool("trainable");
        if (l.name().equals(name) && l.trainable() == trainable) {
            return;
        }
        if (!(l instanceof BaseLayer<?> b)) {
            throw new IllegalArgumentException("The factory of " + l.getClass().getName() + " made a layer named "
                    + l.name() + " (trainable " + l.trainable() + "); it must give it the saved name " + name
                    + " (trainable " + trainable + "), or the class must extend BaseLayer");
        }
        b.name(name);
        b.trainable(trainable);
    }

    private static List<KerasTensor> resolve(List<Object> refs, Map<String, List<KerasTensor>> tensors) {
        if (refs == null) {
            throw new IllegalArgumentException("a list of tensor references is missing");
        }
        List<KerasTensor> out = new ArrayList<>();
        for (Object r : refs) {
            if (!(r instanceof List<?> ref) || ref.size() != 2 || !(ref.get(0) instanceof String layer)
                    || !(ref.get(1) instanceof Long index)) {
                throw new IllegalArgumentException("A tensor reference must be [layer name, node index], got " + r);
            }
            List<KerasTensor> made = tensors.get(layer);
            if (made == null || index < 0 || index >= made.size()) {
                throw new IllegalArgumentException("The tensor reference " + r + " names an output that is not made"
                        + " before it is read");
            }
            out.add(made.get((int) (long) index));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Config c, String key) {
        if (!(c.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("The model's \"" + key + "\" must be a list, got " + c.get(key));
        }
        return (List<Object>) l;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Each " + what + " must be an object, got " + o);
        }
        return (Map<String, Object>) o;
    }
}
