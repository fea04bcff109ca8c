package io.jkeras.saving;

import io.jkeras.CompileOptions;
import io.jkeras.Model;
import io.jkeras.layers.Layer;
import io.jkeras.ops.Variable;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "training" part of a file: what compile was given (losses, metrics, loss weights,
 * sample-weight modes and weighted metrics, which must be names, numbers and lists or maps of
 * them) and the optimizer: its class and config, its iterations, Nadam's m_schedule, and its
 * slots for each trainable weight. Loading compiles the rebuilt model with the same options
 * and a rebuilt optimizer, then restores that state, so the next update is the one the saved
 * model would have made.
 */
final class TrainingSection {
    private static final String[] COMPILE_KEYS = {"loss", "metrics", "loss_weights", "sample_weight_mode",
        "weighted_metrics"};

    private TrainingSection() {
    }

    static Map<String, Object> describe(Model model, CompileOptions options, Archive.Writer arrays) {
        if (options.targetTensors() != null) {
            throw cannotSave(model, "its compile option targetTensors holds arrays, not a configuration");
        }
        Object[] given = {options.loss(), options.metrics(), options.lossWeights(), options.sampleWeightMode(),
            options.weightedMetrics()};
        Map<String, Object> compile = new LinkedHashMap<>();
        for (int i = 0; i < COMPILE_KEYS.length; i++) {
            checkDescribable(model, COMPILE_KEYS[i], given[i]);
            compile.put(COMPILE_KEYS[i], given[i]);
        }
        Optimizer opt = model.optimizer();
        Map<String, Object> optimizer;
        try {
            optimizer = new LinkedHashMap<>(Optimizers.serialize(opt));
        } catch (IllegalArgumentException e) {
            throw cannotSave(model, e.getMessage());
        }
        optimizer.put("iterations", opt.iterations());
        if (opt instanceof Nadam n) {
            optimizer.put("m_schedule", n.mSchedule());
        }
        List<Variable> vars = trainableWeights(model);
        List<float[]> values = opt.slotValues(vars);
        List<Object> slots = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Variable v = vars.get(i % vars.size());
            Map<String, Object> slot = new LinkedHashMap<>();
            slot.put("variable", v.name());
            slot.put("index", i / vars.size());
            slot.put("shape", v.shape());
            slot.put("data", arrays.add(values.get(i)));
            slots.add(slot);
        }
        optimizer.put("slots", slots);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("compile", compile);
        out.put("optimizer", optimizer);
        return out;
    }

    /** The weights the optimizer updates, in the order compile collects them. */
    private static List<Variable> trainableWeights(Model model) {
        List<Variable> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            out.addAll(l.trainableWeights());
        }
        return out;
    }

    /** Names, numbers, booleans, null, and lists or string-keyed maps of them. */
    private static void checkDescribable(Model model, String option, Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return;
        }
        if (v instanceof List<?> l) {
            for (Object x : l) {
                checkDescribable(model, option, x);
            }
            return;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw cannotSave(model, "its compile option " + option + " has the key " + e.getKey()
                            + ", which is not a string");
                }
                checkDescribable(model, option, e.getValue());
            }
            return;
        }
        throw cannotSave(model, "its compile option " + option + " holds the object " + v + " of class "
                + v.getClass().getName() + ", which cannot be described by name");
    }

    private static IllegalArgumentException cannotSave(Model model, String why) {
        return new IllegalArgumentException("Cannot save the training configuration of model " + model.name() + ": "
                + why + ". Compile with names (e.g. loss(\"mse\"), metrics(\"accuracy\")), or save the architecture"
                + " and weights only with save(path, false), or the weights only with saveWeights(path)");
    }

    // ---- loading ------------------------------------------------------------------------------

    /** Compiles {@code model} as the file says and restores the optimizer's state. */
    @SuppressWarnings("unchecked")
    static void restore(Model model, Config training, Archive.Contents file) {
        Config compile = new Config("the compile configuration", training.map("compile"));
        Config saved = new Config("the optimizer", training.map("optimizer"));
        Optimizer opt = Optimizers.deserialize(saved.asMap());
        CompileOptions o = new CompileOptions().optimizer(opt);
        Object loss = compile.get("loss");
        if (loss instanceof String s) {
            o.loss(s);
        } else if (loss instanceof List<?> l) {
            o.loss(l);
        } else if (loss instanceof Map<?, ?> m) {
            o.loss((Map<String, ?>) m);
        }
        Object metrics = compile.get("metrics");
        if (metrics instanceof List<?> l) {
            o.metrics(l);
        } else if (metrics instanceof Map<?, ?> m) {
            o.metrics((Map<String, ?>) m);
        }
        Object weights = compile.get("loss_weights");
        if (weights instanceof List<?> l) {
            o.lossWeights(doubles(l));
        } else if (weights instanceof Map<?, ?> m) {
            Map<String, Double> byName = new LinkedHashMap<>();
            m.forEach((k, v) -> byName.put((String) k, v instanceof Number n ? n.doubleValue() : null));
            o.lossWeights(byName);
        }
        Object modes = compile.get("sample_weight_mode");
        if (modes instanceof String s) {
            o.sampleWeightMode(s);
        } else if (modes instanceof List<?> l) {
            o.sampleWeightMode((List<String>) l);
        } else if (modes instanceof Map<?, ?> m) {
            o.sampleWeightMode((Map<String, String>) m);
        }
        Object weighted = compile.get("weighted_metrics");
        if (weighted instanceof List<?> l) {
            o.weightedMetrics(l);
        } else if (weighted instanceof Map<?, ?> m) {
            o.weightedMetrics((Map<String, ?>) m);
        }
        model.compile(o);
        opt.iterations(saved.longValue("iterations"));
        if (opt instanceof Nadam n) {
            n.mSchedule(saved.number("m_schedule"));
        }
        restoreSlots(model, opt, saved, file);
    }

    @SuppressWarnings("unchecked")
    private static void restoreSlots(Model model, Optimizer opt, Config saved, Archive.Contents file) {
        if (!(saved.get("slots") instanceof List<?> list)) {
            throw new IllegalArgumentException("The optimizer's \"slots\" must be a list, got " + saved.get("slots"));
        }
        Map<String, float[]> byKey = new HashMap<>();
        int count = 0;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("Each optimizer slot must be an object, got " + o);
            }
            Config slot = new Config("an optimizer slot", (Map<String, Object>) o);
            int index = slot.integer("index");
            String what = "slot " + index + " of " + slot.string("variable");
            byKey.put(slot.string("variable") + "#" + index, file.array(slot.string("data"), slot.ints("shape"), what));
            count = Math.max(count, index + 1);
        }
        List<Variable> vars = trainableWeights(model);
        List<float[]> values = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            for (Variable v : vars) {
                float[] value = byKey.get(v.name() + "#" + k);
                if (value == null) {
                    throw new IllegalArgumentException("The file has no optimizer slot " + k + " for weight "
                            + v.name());
                }
                values.add(value);
            }
        }
        if (values.size() != byKey.size()) {
            throw new IllegalArgumentException("The file has optimizer slots for weights the model does not train: "
                    + byKey.keySet());
        }
        opt.setSlotValues(vars, values);
    }

    private static List<Double> doubles(List<?> l) {
        List<Double> out = new ArrayList<>();
        for (Object x : l) {
            out.add(x instanceof Number n ? n.doubleValue() : null);
        }
        return out;
    }
}
