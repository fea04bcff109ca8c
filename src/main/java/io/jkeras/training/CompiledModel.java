package io.jkeras.training;

import io.jkeras.CompileOptions;
import io.jkeras.KerasTensor;
import io.jkeras.NDArray;
import io.jkeras.layers.Functional;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Loss;
import io.jkeras.losses.LossFunction;
import io.jkeras.losses.LossFunctionWrapper;
import io.jkeras.losses.Losses;
import io.jkeras.metrics.Mean;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code compile} resolved, per Keras 2.3 (training.py {@code compile},
 * training_utils {@code prepare_loss_functions}, {@code collect_per_output_metric_info}):
 * the optimizer, one loss (or none) per output, loss weights, sample-weight modes, the
 * metrics of each output, the trainable weights collected now, and {@link #metricsNames()}.
 */
public final class CompiledModel implements AutoCloseable {

    /** One metric of one output, with the name it is reported under. */
    public record MetricEntry(String displayName, Metric metric, int output, boolean weighted) {
    }

    private final CompileOptions options;
    private final Optimizer optimizer;
    private final List<Loss> losses;
    private final List<Double> lossWeights;
    private final List<Boolean> temporal;
    private final List<MetricEntry> metrics;
    private final List<String> outputNames;
    private final List<String> metricsNames;
    private final List<Variable> trainableWeights;
    private final List<NDArray> targets;
    private final Mean lossMean = new Mean("loss");
    private final List<Mean> outputLossMeans = new ArrayList<>();

    private CompiledModel(CompileOptions options, Optimizer optimizer, List<Loss> losses, List<Double> lossWeights,
                          List<Boolean> temporal, List<MetricEntry> metrics, List<String> outputNames,
                          List<Variable> trainableWeights, List<NDArray> targets) {
        this.options = options;
        this.targets = targets;
        this.optimizer = optimizer;
        this.losses = losses;
        this.lossWeights = lossWeights;
        this.temporal = temporal;
        this.metrics = metrics;
        this.outputNames = outputNames;
        this.trainableWeights = trainableWeights;
        List<String> names = new ArrayList<>();
        names.add("loss");
        boolean multi = outputNames.size() > 1;
        for (int k = 0; k < losses.size(); k++) {
            if (losses.get(k) != null && multi) {
                names.add(outputNames.get(k) + "_loss");
                outputLossMeans.add(new Mean(outputNames.get(k) + "_loss"));
            } else {
                outputLossMeans.add(null);
            }
        }
        for (MetricEntry m : metrics) {
            names.add(m.displayName());
        }
        this.metricsNames = Collections.unmodifiableList(names);
    }

    public static CompiledModel compile(Functional graph, CompileOptions o) {
        List<KerasTensor> outputs = graph.outputs();
        List<String> outputNames = new ArrayList<>();
        for (KerasTensor t : outputs) {
            outputNames.add(t.name());
        }
        Optimizer optimizer = resolveOptimizer(o.optimizer());
        List<Loss> losses = resolveLosses(o.loss(), outputNames);
        boolean anyLoss = losses.stream().anyMatch(l -> l != null);
        if (!anyLoss && !hasRegularizers(graph)) {
            throw new IllegalArgumentException("The model cannot be compiled because it has no loss to optimize.");
        }
        List<Double> lossWeights = resolveLossWeights(o.lossWeights(), outputNames);
        List<Boolean> temporal = resolveSampleWeightModes(o.sampleWeightMode(), outputNames, losses);
        List<MetricEntry> metrics = new ArrayList<>();
        List<List<Object>> plain = PerOutput.metrics(o.metrics(), outputNames, "metrics");
        List<List<Object>> weighted = PerOutput.metrics(o.weightedMetrics(), outputNames, "weighted_metrics");
        Set<String> used = new HashSet<>();
        used.add("loss");
        boolean multi = outputs.size() > 1;
        for (int k = 0; k < outputs.size(); k++) {
            if (multi && losses.get(k) != null) {
                used.add(outputNames.get(k) + "_loss");
            }
        }
        for (int k = 0; k < outputs.size(); k++) {
            if (losses.get(k) == null) {
                continue;
            }
            addMetrics(metrics, plain.get(k), k, false, outputs.get(k).shape(), losses.get(k), multi,
                    outputNames.get(k), used);
            addMetrics(metrics, weighted.get(k), k, true, outputs.get(k).shape(), losses.get(k), multi,
                    outputNames.get(k), used);
        }
        List<Variable> trainable = new ArrayList<>();
        for (Layer l : graph.layers()) {
            trainable.addAll(l.trainableWeights());
        }
        List<NDArray> targets = resolveTargets(o.targetTensors(), outputNames, losses);
        return new CompiledModel(o.copy(), optimizer, losses, lossWeights, temporal, metrics, outputNames, trainable,
                targets);
    }

    /**
     * Keras's target_tensors: fixed target arrays that replace fed targets for some outputs
     * (one array for a single output, a list by position, or a map by output name).
     */
    private static List<NDArray> resolveTargets(Object given, List<String> outputNames, List<Loss> losses) {
        int n = outputNames.size();
        List<NDArray> out = new ArrayList<>(Collections.nCopies(n, (NDArray) null));
        if (given == null) {
            return out;
        }
        if (given instanceof NDArray a) {
            if (n != 1) {
                throw new IllegalArgumentException("target_tensors: a single array was given, but the model has " + n
                        + " outputs " + outputNames + "; pass a list or a map");
            }
            out.set(0, a);
        } else if (given instanceof List<?> list) {
            if (list.size() != n) {
                throw new IllegalArgumentException("When passing a list as `target_tensors`, it should have one entry per"
                        + " model output. The model has " + n + " outputs, but you passed target_tensors=" + list);
            }
            for (int k = 0; k < n; k++) {
                out.set(k, targetArray(list.get(k), outputNames.get(k)));
            }
        } else if (given instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                int k = outputNames.indexOf(e.getKey());
                if (k < 0) {
                    throw new IllegalArgumentException("Unknown entry in `target_tensors` dictionary: \"" + e.getKey()
                            + "\". Only expected the following keys: " + outputNames);
                }
                out.set(k, targetArray(e.getValue(), outputNames.get(k)));
            }
        } else {
            throw new IllegalArgumentException("Expected `target_tensors` to be an NDArray, a list or a map; got "
                    + given.getClass().getName());
        }
        for (int k = 0; k < n; k++) {
            if (out.get(k) != null && losses.get(k) == null) {
                throw new IllegalArgumentException("target_tensors gives a target for output " + outputNames.get(k)
                        + ", which has no loss");
            }
        }
        return out;
    }

    private static NDArray targetArray(Object o, String output) {
        if (o == null || o instanceof NDArray) {
            return (NDArray) o;
        }
        throw new IllegalArgumentException("target_tensors entry for output " + output + " must be an NDArray, got "
                + o.getClass().getName());
    }

    private static boolean hasRegularizers(Functional graph) {
        for (Layer l : graph.layers()) {
            if (l.hasRegularizers()) {
                return true;
            }
        }
        return false;
    }

    private static void addMetrics(List<MetricEntry> out, List<Object> given, int output, boolean weighted,
                                   int[] outputShape, Loss loss, boolean multi, String outputName, Set<String> used) {
        for (Object m : given) {
            String base;
            Metric metric;
            if (m instanceof String s) {
                base = s;
                metric = Metrics.get(s, outputShape, loss);
            } else if (m instanceof Metric given1) {
                base = given1.name();
                metric = multi ? given1.copy(given1.name()) : given1;
            } else {
                throw new IllegalArgumentException("Each metric must be a name or a Metric, got " + m
                        + (m == null ? "" : " of type " + m.getClass().getName()));
            }
            String name = multi ? outputName + "_" + base : base;
            String unique = name;
            for (int i = 1; used.contains(unique); i++) {
                unique = name + "_" + i;
            }
            used.add(unique);
            out.add(new MetricEntry(unique, metric, output, weighted));
        }
    }

    static Optimizer resolveOptimizer(Object o) {
        if (o instanceof Optimizer opt) {
            return opt;
        }
        if (o instanceof String s) {
            return Optimizers.get(s);
        }
        throw new IllegalArgumentException("Could not interpret optimizer identifier: " + o);
    }

    private static List<Loss> resolveLosses(Object given, List<String> outputNames) {
        int n = outputNames.size();
        List<Loss> out = new ArrayList<>(Collections.nCopies(n, (Loss) null));
        if (given == null) {
            return out;
        }
        if (given instanceof List<?> list) {
            if (list.isEmpty()) {
                return out;
            }
            if (list.size() != n) {
                throw new IllegalArgumentException("When passing a list as loss, it should have one entry per model"
                        + " outputs. The model has " + n + " outputs, but you passed loss=" + list);
            }
            for (int k = 0; k < n; k++) {
                out.set(k, toLoss(list.get(k)));
            }
            return out;
        }
        if (given instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!outputNames.contains(key)) {
                    throw new IllegalArgumentException("Unknown entries in loss dictionary: [" + key + "]. Only"
                            + " expected following keys: " + outputNames);
                }
            }
            for (int k = 0; k < n; k++) {
                String name = outputNames.get(k);
                if (!map.containsKey(name)) {
                    if (!map.isEmpty()) {
                        System.err.println("jkeras: Output " + name + " missing from loss dictionary. We assume this was"
                                + " done on purpose. The fit and evaluate APIs will not be expecting any data to be"
                                + " passed to " + name + ".");
                    }
                    continue;
                }
                out.set(k, toLoss(map.get(name)));
            }
            return out;
        }
        for (int k = 0; k < n; k++) {
            out.set(k, given instanceof Loss shared ? shared : toLoss(given));
        }
        return out;
    }

    private static Loss toLoss(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Loss l) {
            return l;
        }
        if (o instanceof String s) {
            return Losses.get(s);
        }
        if (o instanceof LossFunction f) {
            return new LossFunctionWrapper("loss_function", f);
        }
        throw new IllegalArgumentException("Could not interpret loss identifier: " + o + " (of type "
                + o.getClass().getName() + "); expected a name, a Loss or a LossFunction");
    }

    private static List<Double> resolveLossWeights(Object given, List<String> outputNames) {
        int n = outputNames.size();
        List<Double> out = new ArrayList<>(Collections.nCopies(n, 1.0));
        if (given == null) {
            return out;
        }
        if (given instanceof List<?> list) {
            if (list.size() != n) {
                throw new IllegalArgumentException("When passing a list as loss_weights, it should have one entry per"
                        + " model output. The model has " + n + " outputs, but you passed loss_weights=" + list);
            }
            for (int k = 0; k < n; k++) {
                out.set(k, number(list.get(k), "loss_weights"));
            }
            return out;
        }
        if (given instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                int k = outputNames.indexOf(e.getKey());
                if (k < 0) {
                    throw new IllegalArgumentException("Unknown entries in loss_weights dictionary: [" + e.getKey()
                            + "]. Only expected following keys: " + outputNames);
                }
                out.set(k, number(e.getValue(), "loss_weights"));
            }
            return out;
        }
        throw new IllegalArgumentException("Could not interpret loss_weights argument: " + given
                + " - expected a list of dicts.");
    }

    private static double number(Object o, String what) {
        if (o instanceof Number num) {
            return num.doubleValue();
        }
        throw new IllegalArgumentException(what + " entries must be numbers, got " + o);
    }

    private static List<Boolean> resolveSampleWeightModes(Object given, List<String> outputNames, List<Loss> losses) {
        int n = outputNames.size();
        List<Boolean> out = new ArrayList<>(Collections.nCopies(n, false));
        if (given == null) {
            return out;
        }
        if (given instanceof String s) {
            boolean t = temporalMode(s, "sample_weight_mode");
            Collections.fill(out, t);
            return out;
        }
        if (given instanceof List<?> list) {
            if (list.size() != n) {
                throw new IllegalArgumentException("When passing a list as sample_weight_mode, it should have one entry"
                        + " per model output. The model has " + n + " outputs, but you passed " + list.size()
                        + " sample_weight_modes");
            }
            for (int k = 0; k < n; k++) {
                out.set(k, temporalMode((String) list.get(k), "sample_weight_mode[" + k + "]"));
            }
            return out;
        }
        if (given instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!outputNames.contains(key)) {
                    throw new IllegalArgumentException("Unknown entry in sample_weight_mode dictionary: \"" + key
                            + "\". Only expected the following keys: " + outputNames);
                }
            }
            for (int k = 0; k < n; k++) {
                if (losses.get(k) == null) {
                    continue;
                }
                if (!map.containsKey(outputNames.get(k))) {
                    throw new IllegalArgumentException("Output \"" + outputNames.get(k)
                            + "\" missing from sample_weight_modes dictionary");
                }
                out.set(k, temporalMode((String) map.get(outputNames.get(k)), "sample_weight_mode"));
            }
            return out;
        }
        throw new IllegalArgumentException("sample_weight_mode must be null, \"temporal\", a list or a map; got " + given);
    }

    private static boolean temporalMode(String s, String what) {
        if (s == null) {
            return false;
        }
        if (s.equals("temporal")) {
            return true;
        }
        throw new IllegalArgumentException(what + " should be None or \"temporal\", got \"" + s + "\"");
    }

    /** The options compile was given (a copy), which a saved model records. */
    public CompileOptions options() {
        return options;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The fixed target array of output k given at compile, or null when its targets are fed. */
    public NDArray target(int k) {
        return targets.get(k);
    }

    /** The loss of output k, or null when that output takes no targets. */
    public Loss loss(int k) {
        return losses.get(k);
    }

    public int outputCount() {
        return losses.size();
    }

    public double lossWeight(int k) {
        return lossWeights.get(k);
    }

    public boolean temporal(int k) {
        return temporal.get(k);
    }

    public List<MetricEntry> metrics() {
        return metrics;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    public List<String> metricsNames() {
        return metricsNames;
    }

    public List<Variable> trainableWeights() {
        return trainableWeights;
    }

    /** The running mean of the total loss weighted by batch size (the epoch's "loss"). */
    public Mean lossMean() {
        return lossMean;
    }

    /** The running mean of output k's loss, or null when it is not reported. */
    public Mean outputLossMean(int k) {
        return outputLossMeans.get(k);
    }

    /** Keras's reset_metrics: the loss means and every compile metric. */
    public void resetMetrics() {
        lossMean.resetState();
        for (Mean m : outputLossMeans) {
            if (m != null) {
                m.resetState();
            }
        }
        for (MetricEntry m : metrics) {
            m.metric().resetState();
        }
    }

    /** Current values in {@link #metricsNames()} order after "loss" (loss means, then metrics). */
    public List<Double> metricResults() {
        List<Double> out = new ArrayList<>();
        for (Mean m : outputLossMeans) {
            if (m != null) {
                out.add(m.result());
            }
        }
        for (MetricEntry m : metrics) {
            out.add(m.metric().result());
        }
        return out;
    }

    @Override
    public void close() {
        lossMean.close();
        for (Mean m : outputLossMeans) {
            if (m != null) {
                m.close();
            }
        }
        for (MetricEntry m : metrics) {
            m.metric().close();
        }
    }
}
