package io.jkeras.saving;

import io.jkeras.KerasTensor;
import io.jkeras.layers.Layer;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "weights" part of a file: one record per layer that has weights, in the model's layer
 * order, each weight with its name, shape and array entry. Loading checks every layer and
 * every shape, and reads every array, before it assigns anything, so a mismatch leaves the
 * model as it was.
 */
final class WeightsSection {
    private record Saved(String layer, List<String> names, List<int[]> shapes, List<String> entries) {
    }

    private WeightsSection() {
    }

    static List<Object> describe(List<Layer> layers, Archive.Writer arrays) {
        List<Object> out = new ArrayList<>();
        for (Layer l : withWeights(layers)) {
            List<Object> weights = new ArrayList<>();
            for (Variable v : l.weights()) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("name", v.name());
                w.put("shape", v.shape());
                w.put("data", arrays.add(v.read()));
                weights.add(w);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("layer", l.name());
            entry.put("weights", weights);
            out.add(entry);
        }
        return out;
    }

    static List<Layer> withWeights(List<Layer> layers) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            if (!l.weights().isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Keras's {@code load_weights}: the k-th saved layer goes to the k-th layer with weights
     * of {@code layers}, whatever their names.
     */
    static void loadByOrder(List<Layer> layers, Archive.Contents file) {
        List<Saved> saved = parse(file);
        List<Layer> targets = withWeights(layers);
        if (saved.size() != targets.size()) {
            throw new IllegalArgumentException("You are trying to load a weight file containing " + saved.size()
                    + " layers into a model with " + targets.size() + " layers (counting layers that have weights)."
                    + " Saved: " + saved.stream().map(Saved::layer).toList() + ", model: "
                    + targets.stream().map(Layer::name).toList());
        }
        assign(targets, saved, file);
    }

    /** The saved layers go to the layers of the same name, which must be exactly those with weights. */
    static void loadByName(List<Layer> layers, Archive.Contents file) {
        List<Saved> saved = parse(file);
        Map<String, Layer> byName = new HashMap<>();
        withWeights(layers).forEach(l -> byName.put(l.name(), l));
        List<Layer> targets = new ArrayList<>();
        for (Saved s : saved) {
            Layer l = byName.remove(s.layer());
            if (l == null) {
                throw new IllegalArgumentException("The file has weights for layer \"" + s.layer() + "\", but the model"
                        + " has no layer of that name with weights");
            }
            targets.add(l);
        }
        if (!byName.isEmpty()) {
            throw new IllegalArgumentException("The file has no weights for layers " + byName.keySet());
        }
        assign(targets, saved, file);
    }

    private static void assign(List<Layer> targets, List<Saved> saved, Archive.Contents file) {
        List<float[]> values = new ArrayList<>();
        for (int k = 0; k < targets.size(); k++) {
            Layer l = targets.get(k);
            Saved s = saved.get(k);
            List<Variable> ws = l.weights();
            if (ws.size() != s.names().size()) {
                throw new IllegalArgumentException("Layer #" + k + " (named \"" + l.name() + "\" in the current model)"
                        + " corresponds to layer \"" + s.layer() + "\" in the file, but the model's layer has "
                        + ws.size() + " weights " + names(ws) + " and the file has " + s.names().size() + " "
                        + s.names());
            }
            for (int i = 0; i < ws.size(); i++) {
                if (!Arrays.equals(ws.get(i).shape(), s.shapes().get(i))) {
                    throw new IllegalArgumentException("Layer #" + k + " (named \"" + l.name() + "\" in the current"
                            + " model) corresponds to layer \"" + s.layer() + "\" in the file, but its weight "
                            + ws.get(i).name() + " has shape " + KerasTensor.formatShape(ws.get(i).shape())
                            + " and the saved weight " + s.names().get(i) + " has shape "
                            + KerasTensor.formatShape(s.shapes().get(i)));
                }
            }
        }
        for (int k = 0; k < targets.size(); k++) {
            Saved s = saved.get(k);
            for (int i = 0; i < s.entries().size(); i++) {
                values.add(file.array(s.entries().get(i), s.shapes().get(i), "weight " + s.names().get(i)));
            }
        }
        int next = 0;
        for (Layer l : targets) {
            for (Variable v : l.weights()) {
                v.assign(values.get(next++));
            }
        }
    }

    private static List<String> names(List<Variable> ws) {
        return ws.stream().map(Variable::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Saved> parse(Archive.Contents file) {
        Config top = file.config("the file's description");
        if (!(top.get("weights") instanceof List<?> list)) {
            throw new IllegalArgumentException("\"weights\" must be a list, got " + top.get("weights"));
        }
        List<Saved> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("each entry of \"weights\" must be an object, got " + o);
            }
            Config layer = new Config("a saved layer's weights", (Map<String, Object>) o);
            String name = layer.string("layer");
            if (!(layer.get("weights") instanceof List<?> ws)) {
                throw new IllegalArgumentException("\"weights\" of layer " + name + " must be a list");
            }
            List<String> names = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            List<String> entries = new ArrayList<>();
            for (Object w : ws) {
                if (!(w instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("each weight of layer " + name + " must be an object, got " + w);
                }
                Config c = new Config("a weight of layer " + name, (Map<String, Object>) w);
                names.add(c.string("name"));
                shapes.add(c.ints("shape"));
                entries.add(c.string("data"));
            }
            out.add(new Saved(name, names, shapes, entries));
        }
        return out;
    }
}
