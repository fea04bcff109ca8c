package io.jkeras.saving;

import io.jkeras.CompileOptions;
import io.jkeras.Model;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Layer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Model#save}, {@link Model#load}, {@link Model#saveWeights} and
 * {@link Model#loadWeights} do; call those. The file format is described in the package
 * documentation.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * Writes {@code model} to {@code path}: architecture, weights, the Dropout layers' call
     * counters, and, when {@code compiled} is not null, the compile options and the optimizer's
     * state. Everything is described before the file is opened, so a model that cannot be
     * described fails without touching an existing file; the write itself is atomic.
     */
    public static void save(Model model, CompileOptions compiled, Path path) {
        Archive.Writer arrays = new Archive.Writer();
        Map<String, Object> d = Archive.header("model");
        d.put("model", GraphSection.describe(model));
        d.put("weights", WeightsSection.describe(allLayers(model), arrays));
        d.put("state", layerState(model));
        d.put("shuffle_seed", Long.toString(model.shuffleSeed()));
        if (compiled != null) {
            d.put("training", TrainingSection.describe(model, compiled, arrays));
        }
        AtomicFiles.write(path, out -> arrays.writeTo(out, d));
    }

    /** A new model as {@link #save} wrote it, compiled and with its optimizer state when the file has them. */
    public static Model load(Path path) {
        Archive.Contents file = Archive.read(path);
        Config top = file.config("the file's description");
        String kind = kindOf(file, path);
        if (!kind.equals("model")) {
            throw new IllegalArgumentException("The file " + path + " holds only weights (written by saveWeights);"
                    + " build the model in code and call loadWeights(path)");
        }
        GraphSection.Rebuilt rebuilt;
        try {
            rebuilt = GraphSection.rebuild(new Config("the model", top.map("model")));
        } catch (RuntimeException e) {
            throw cannotLoad(path, e);
        }
        Model model = rebuilt.model();
        try {
            WeightsSection.loadByName(allLayers(model), file);
            restoreLayerState(model, top.map("state"));
            if (top.has("shuffle_seed")) {
                model.shuffleSeed(Long.parseLong(top.string("shuffle_seed")));
            }
            if (top.has("training")) {
                TrainingSection.restore(model, new Config("the training configuration", top.map("training")), file);
            }
        } catch (RuntimeException e) {
            model.close();
            throw cannotLoad(path, e);
        }
        return model;
    }

    /** Writes the weights of every layer that has some, in layer order. */
    public static void saveWeights(Model model, Path path) {
        Archive.Writer arrays = new Archive.Writer();
        Map<String, Object> d = Archive.header("weights");
        d.put("model_name", model.name());
        d.put("weights", WeightsSection.describe(allLayers(model), arrays));
        AtomicFiles.write(path, out -> arrays.writeTo(out, d));
    }

    /**
     * Keras's {@code load_weights}: the k-th layer with weights in the file goes to the k-th
     * layer with weights in {@code model}, whatever the names; counts and shapes are checked for
     * all layers before any weight changes. Reads weights files and whole-model files alike.
     */
    public static void loadWeights(Model model, Path path) {
        Archive.Contents file = Archive.read(path);
        kindOf(file, path);
        try {
            WeightsSection.loadByOrder(allLayers(model), file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot load weights from " + path + " into model " + model.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String kindOf(Archive.Contents file, Path path) {
        Object kind = file.description().get("kind");
        if (!"model".equals(kind) && !"weights".equals(kind)) {
            throw Archive.corrupt(path, "\"kind\" must be \"model\" or \"weights\", got " + kind);
        }
        return (String) kind;
    }

    /** A description that does not fit (a wrong type, a missing key, a shape that does not fit) as one message. */
    private static RuntimeException cannotLoad(Path path, RuntimeException e) {
        if (!(e instanceof IllegalArgumentException) && !(e instanceof ClassCastException)) {
            return e;
        }
        return new IllegalArgumentException("Cannot load a model from " + path + ": " + e.getMessage(), e);
    }

    /** Every layer, inputs included (Sequential's layers() leaves its input out). */
    private static List<Layer> allLayers(Model model) {
        List<Layer> out = new ArrayList<>();
        model.inputs().forEach(t -> {
            if (!out.contains(t.layer())) {
                out.add(t.layer());
            }
        });
        model.layers().forEach(l -> {
            if (!out.contains(l)) {
                out.add(l);
            }
        });
        return out;
    }

    /** State that is neither configuration nor weights: the Dropout layers' call counters. */
    private static Map<String, Object> layerState(Model model) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Layer l : model.layers()) {
            if (l instanceof Dropout d) {
                out.put(l.name(), Map.of("calls", d.calls()));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void restoreLayerState(Model model, Map<String, Object> state) {
        for (Map.Entry<String, Object> e : state.entrySet()) {
            Layer l = model.getLayer(e.getKey());
            if (!(l instanceof Dropout d) || !(e.getValue() instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("The saved state of layer " + e.getKey() + " does not fit a "
                        + l.getClass().getSimpleName());
            }
            Config saved = new Config("the state of layer " + l.name(), (Map<String, Object>) e.getValue());
            d.calls(saved.longValue("calls"));
        }
    }
}
