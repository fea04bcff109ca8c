package io.jkeras.training;

import io.jkeras.Data;
import io.jkeras.KerasTensor;
import io.jkeras.NDArray;
import io.jkeras.layers.Functional;
import io.jkeras.losses.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keras 2.3's {@code _standardize_user_data}: matches x, y and weights to the model's inputs
 * and outputs (by position or name), reshapes 1D arrays to (N, 1), checks ranks, shapes and
 * sample counts with Keras's messages, and folds class weights into sample weights. Every
 * check runs before any training, so bad data never leaves a model half-trained.
 */
public final class DataStandardizer {
    private DataStandardizer() {
    }

    /** Inputs only (predict). */
    public static List<NDArray> inputs(Functional graph, Data x) {
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor t : graph.inputs()) {
            names.add(t.name());
            shapes.add(t.shape());
        }
        List<NDArray> xs = match(x, names, "input", "x");
        for (int i = 0; i < xs.size(); i++) {
            xs.set(i, checkShape(expand(xs.get(i)), shapes.get(i), names.get(i), "input"));
        }
        checkSameLength(xs, "All input arrays (x) should have the same number of samples. Got array shapes: ");
        return xs;
    }

    /**
     * Everything fit, evaluate and the on-batch methods need; {@code classWeight} (may be null)
     * applies to training only.
     */
    public static ArrayData standardize(Functional graph, CompiledModel compiled, Data x, Data y, Data sampleWeight,
                                        Map<?, ?> classWeight) {
        List<NDArray> xs = inputs(graph, x);
        List<KerasTensor> outputs = graph.outputs();
        List<String> lossNames = new ArrayList<>();
        List<Integer> lossOutputs = new ArrayList<>();
        List<String> fedNames = new ArrayList<>();
        List<Integer> fedOutputs = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++) {
            if (compiled.loss(k) != null) {
                lossNames.add(outputs.get(k).name());
                lossOutputs.add(k);
                if (compiled.target(k) == null) {
                    fedNames.add(outputs.get(k).name());
                    fedOutputs.add(k);
                }
            }
        }
        if (y == null && !fedOutputs.isEmpty()) {
            throw new IllegalArgumentException("y is required: the model has outputs with a loss " + fedNames);
        }
        List<NDArray> matched = fedOutputs.isEmpty() ? List.of() : match(y, fedNames, "target", "y");
        List<NDArray> ys = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++) {
            ys.add(null);
        }
        for (int i = 0; i < lossOutputs.size(); i++) {
            int k = lossOutputs.get(i);
            NDArray given = compiled.target(k);
            NDArray t = expand(given != null ? given : matched.get(fedOutputs.indexOf(k)));
            Loss loss = compiled.loss(k);
            int[] outShape = outputs.get(k).shape();
            checkCrossentropyTarget(loss, t, outShape);
            int[] expected = loss.targetShape(outShape);
            if (expected != null) {
                t = checkShape(t, expected, outputs.get(k).name(), "target");
                checkLossTarget(loss, t, outShape);
            }
            if (io.jkeras.losses.Losses.isSparseCategorical(loss)) {
                checkSparseLabels(t, outShape[outShape.length - 1], outputs.get(k).name());
            }
            ys.set(k, t);
        }
        List<NDArray> present = new ArrayList<>();
        ys.forEach(a -> {
            if (a != null) {
                present.add(a);
            }
        });
        checkSameLength(present, "All target arrays (y) should have the same number of samples. Got array shapes: ");
        int n = xs.get(0).length();
        if (!present.isEmpty() && present.get(0).length() != n) {
            throw new IllegalArgumentException("Input arrays should have the same number of samples as target arrays."
                    + " Found " + n + " input samples and " + present.get(0).length() + " target samples.");
        }
        List<NDArray> weights = weights(graph, compiled, ys, lossOutputs, sampleWeight, classWeight, n);
        return new ArrayData(xs, ys, weights, n);
    }

    /** Arrays in the order of {@code names}, from a list by position or a map by name. */
    private static List<NDArray> match(Data d, List<String> names, String kind, String argument) {
        List<NDArray> out = new ArrayList<>();
        if (d == null) {
            throw new IllegalArgumentException(argument + " is required, got null");
        }
        if (d.isMap()) {
            for (String name : names) {
                NDArray a = d.map().get(name);
                if (a == null) {
                    throw new IllegalArgumentException("No data provided for \"" + name + "\". Need data for each key in: "
                            + names);
                }
                out.add(a);
            }
            return out;
        }
        List<NDArray> list = d.list();
        if (list.size() != names.size()) {
            List<String> shapes = new ArrayList<>();
            for (NDArray a : list) {
                shapes.add(a == null ? "None" : KerasTensor.formatShape(a.shape()));
            }
            throw new IllegalArgumentException("Error when checking model " + kind + ": the list of arrays that you are"
                    + " passing to your model is not the size the model expected. Expected to see " + names.size()
                    + " array(s), for " + names + ", but instead got the following list of " + list.size()
                    + " arrays: " + shapes);
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException("Error when checking model " + kind + ": the array for \""
                        + names.get(i) + "\" is null");
            }
            out.add(list.get(i));
        }
        return out;
    }

    /** Keras reshapes every 1D array to (N, 1). */
    private static NDArray expand(NDArray a) {
        return a.rank() == 1 ? a.reshape(a.length(), 1) : a;
    }

    private static NDArray checkShape(NDArray a, int[] expected, String name, String kind) {
        int[] s = a.shape();
        if (s.length != expected.length) {
            throw new IllegalArgumentException("Error when checking " + kind + ": expected " + name + " to have "
                    + expected.length + " dimensions, but got array with shape " + KerasTensor.formatShape(s));
        }
        for (int i = 1; i < s.length; i++) {
            if (expected[i] >= 0 && expected[i] != s[i]) {
                throw new IllegalArgumentException("Error when checking " + kind + ": expected " + name
                        + " to have shape " + KerasTensor.formatShape(Arrays.copyOfRange(expected, 1, expected.length))
                        + " but got array with shape " + KerasTensor.formatShape(Arrays.copyOfRange(s, 1, s.length)));
            }
        }
        return a;
    }

    private static void checkCrossentropyTarget(Loss loss, NDArray t, int[] outShape) {
        if (io.jkeras.losses.Losses.isCategoricalCrossentropy(loss) && t.shape()[t.rank() - 1] == 1
                && outShape[outShape.length - 1] != 1) {
            throw new IllegalArgumentException("You are passing a target array of shape "
                    + KerasTensor.formatShape(t.shape()) + " while using as loss `categorical_crossentropy`."
                    + " `categorical_crossentropy` expects targets to be binary matrices (1s and 0s) of shape"
                    + " (samples, classes). If your targets are integer classes, you can convert them to the expected"
                    + " format via Utils.toCategorical(labels, numClasses), or use `sparse_categorical_crossentropy`"
                    + " as the loss, which expects integer targets.");
        }
    }

    private static void checkLossTarget(Loss loss, NDArray t, int[] outShape) {
        int[] expected = loss.targetShape(outShape);
        int[] s = t.shape();
        for (int i = 1; i < s.length; i++) {
            if (expected[i] >= 0 && expected[i] != s[i]) {
                throw new IllegalArgumentException("A target array with shape " + KerasTensor.formatShape(s)
                        + " was passed for an output of shape " + KerasTensor.formatShape(outShape)
                        + " while using as loss `" + loss.name() + "`. This loss expects targets to have the same"
                        + " shape as the output.");
            }
        }
    }

    /**
     * Integer labels must name a class of the output: checked here, on the host, because a
     * device kernel cannot raise an error (and would silently produce a wrong one-hot row).
     */
    private static void checkSparseLabels(NDArray labels, int classes, String output) {
        float[] v = labels.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            float c = v[i];
            if (!(c >= 0 && c < classes) || c != Math.rint(c)) {
                throw new IllegalArgumentException("Received a label value of " + c + " (sample " + i + ") for output "
                        + output + ", which is not a class index in the valid range [0, " + classes + ")");
            }
        }
    }

    private static void checkSameLength(List<NDArray> arrays, String message) {
        for (NDArray a : arrays) {
            if (a.length() != arrays.get(0).length()) {
                List<String> shapes = new ArrayList<>();
                arrays.forEach(b -> shapes.add(KerasTensor.formatShape(b.shape())));
                throw new IllegalArgumentException(message + shapes);
            }
        }
    }

    private static List<NDArray> weights(Functional graph, CompiledModel compiled, List<NDArray> ys,
                                         List<Integer> lossOutputs, Data sampleWeight, Map<?, ?> classWeight, int n) {
        List<KerasTensor> outputs = graph.outputs();
        List<String> outputNames = compiled.outputNames();
        List<NDArray> sw = perOutputWeights(sampleWeight, outputNames, lossOutputs);
        List<Map<?, ?>> cw = perOutputClassWeights(classWeight, outputNames, lossOutputs);
        List<NDArray> out = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++) {
            NDArray y = ys.get(k);
            if (y == null) {
                out.add(null);
                continue;
            }
            boolean temporal = compiled.temporal(k);
            if (temporal && y.rank() < 3) {
                throw new IllegalArgumentException("Found a sample_weight array for an input with shape "
                        + KerasTensor.formatShape(y.shape()) + ". Timestep-wise sample weighting (use of"
                        + " sample_weight_mode=\"temporal\") is restricted to outputs that are at least 3D, i.e. that"
                        + " have a time dimension.");
            }
            NDArray w = sw.get(k);
            if (w != null) {
                checkSampleWeight(w, y, temporal);
            }
            Map<?, ?> classes = cw.get(k);
            NDArray c = classes == null ? null : classWeights(classes, y);
            out.add(combine(w, c));
        }
        return out;
    }

    private static void checkSampleWeight(NDArray w, NDArray y, boolean temporal) {
        if (!temporal && w.rank() != 1) {
            throw new IllegalArgumentException("Found a sample_weight array with shape "
                    + KerasTensor.formatShape(w.shape()) + ". In order to use timestep-wise sample weights, you should"
                    + " specify sample_weight_mode=\"temporal\" in compile(). If you just mean to use sample-wise"
                    + " weights, make sure your sample_weight array is 1D.");
        }
        if (temporal && w.rank() != 2) {
            throw new IllegalArgumentException("Found a sample_weight array with shape "
                    + KerasTensor.formatShape(w.shape()) + ". In order to use timestep-wise sample weighting, you"
                    + " should pass a 2D sample_weight array.");
        }
        int[] ws = w.shape();
        int[] ys = y.shape();
        for (int i = 0; i < ws.length; i++) {
            if (ws[i] != ys[i]) {
                throw new IllegalArgumentException("Found a sample_weight array with shape "
                        + KerasTensor.formatShape(ws) + " for an input with shape " + KerasTensor.formatShape(ys)
                        + ". sample_weight cannot be broadcast.");
            }
        }
    }

    private static List<NDArray> perOutputWeights(Data sampleWeight, List<String> outputNames, List<Integer> lossOutputs) {
        List<NDArray> out = new ArrayList<>();
        for (int k = 0; k < outputNames.size(); k++) {
            out.add(null);
        }
        if (sampleWeight == null) {
            return out;
        }
        if (sampleWeight.isMap()) {
            for (Map.Entry<String, NDArray> e : sampleWeight.map().entrySet()) {
                int k = outputNames.indexOf(e.getKey());
                if (k < 0) {
                    throw new IllegalArgumentException("Unknown entry in sample_weight dictionary: \"" + e.getKey()
                            + "\". Only expected the following keys: " + outputNames);
                }
                out.set(k, e.getValue());
            }
            return out;
        }
        List<NDArray> list = sampleWeight.list();
        if (list.size() != lossOutputs.size()) {
            throw new IllegalArgumentException("Provided `sample_weight` was a list of " + list.size() + " elements,"
                    + " but the model has " + lossOutputs.size() + " outputs. You should provide one `sample_weight`"
                    + " array per model output.");
        }
        for (int i = 0; i < list.size(); i++) {
            out.set(lossOutputs.get(i), list.get(i));
        }
        return out;
    }

    private static List<Map<?, ?>> perOutputClassWeights(Map<?, ?> classWeight, List<String> outputNames,
                                                         List<Integer> lossOutputs) {
        List<Map<?, ?>> out = new ArrayList<>();
        for (int k = 0; k < outputNames.size(); k++) {
            out.add(null);
        }
        if (classWeight == null || classWeight.isEmpty()) {
            return out;
        }
        boolean byName = classWeight.keySet().stream().allMatch(key -> key instanceof String);
        if (byName) {
            for (Map.Entry<?, ?> e : classWeight.entrySet()) {
                int k = outputNames.indexOf(e.getKey());
                if (k < 0 || !(e.getValue() instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException("class_weight by output name must map output names " + outputNames
                            + " to {class: weight} maps; got key " + e.getKey() + " -> " + e.getValue());
                }
                out.set(k, m);
            }
            return out;
        }
        if (lossOutputs.size() != 1) {
            throw new IllegalArgumentException("The model has " + lossOutputs.size() + " outputs, so class_weight must"
                    + " be a map from output name to {class: weight}; got " + classWeight);
        }
        out.set(lossOutputs.get(0), classWeight);
        return out;
    }

    /** Weight of each sample's class: argmax of one-hot rows, else the label value itself. */
    private static NDArray classWeights(Map<?, ?> classes, NDArray y) {
        if (y.rank() > 2) {
            throw new IllegalArgumentException("`class_weight` not supported for 3+ dimensional targets.");
        }
        Map<Double, Double> lookup = new HashMap<>();
        for (Map.Entry<?, ?> e : classes.entrySet()) {
            if (!(e.getKey() instanceof Number key) || !(e.getValue() instanceof Number w)) {
                throw new IllegalArgumentException("class_weight must map class indices to numbers; got "
                        + e.getKey() + " -> " + e.getValue());
            }
            lookup.put(key.doubleValue(), w.doubleValue());
        }
        float[] values = y.toFloatArray();
        int n = y.length();
        int cols = y.rowSize();
        float[] w = new float[n];
        TreeSet<Double> missing = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            double cls;
            if (cols > 1) {
                int best = 0;
                for (int c = 1; c < cols; c++) {
                    if (values[i * cols + c] > values[i * cols + best]) {
                        best = c;
                    }
                }
                cls = best;
            } else {
                cls = values[i];
            }
            Double weight = lookup.get(cls);
            if (weight == null) {
                missing.add(cls);
            } else {
                w[i] = weight.floatValue();
            }
        }
        if (!missing.isEmpty()) {
            List<String> shown = new ArrayList<>();
            for (double d : missing) {
                shown.add(d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d));
            }
            throw new IllegalArgumentException("`class_weight` must contain all classes in the data. The classes "
                    + shown + " exist in the data but not in `class_weight`.");
        }
        return NDArray.of(w, n);
    }

    private static NDArray combine(NDArray sw, NDArray cw) {
        if (sw == null) {
            return cw;
        }
        if (cw == null) {
            return sw;
        }
        float[] a = sw.toFloatArray();
        float[] b = cw.toFloatArray();
        int per = a.length / b.length;
        for (int i = 0; i < a.length; i++) {
            a[i] *= b[i / per];
        }
        return NDArray.of(a, sw.shape());
    }
}
